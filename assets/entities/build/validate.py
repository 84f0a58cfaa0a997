#!/usr/bin/env python3
"""Check the three gazetteers: 5 fields a row, one type per file, no empty or duplicate
names, aliases unique per file (compared folded), and print counts and 10 random rows."""
import os, random, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import fold, letters

D = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
ok = True
for fn, typ in [('places.tsv', 'place'), ('organizations.tsv', 'organization'), ('persons.tsv', 'person')]:
    rows, header, seen, errs = [], None, {}, []
    for n, line in enumerate(open(os.path.join(D, fn), encoding='utf-8'), 1):
        line = line.rstrip('\n')
        if line.startswith('#'):
            continue
        f = line.split('\t')
        if header is None:
            header = f
            if f != ['name', 'type', 'aliases', 'latin', 'note']:
                errs.append(f'bad header {f}')
            continue
        if len(f) != 5:
            errs.append(f'{n}: {len(f)} fields'); continue
        name, t, al, latin, note = f
        if not name.strip():
            errs.append(f'{n}: empty name')
        if t != typ:
            errs.append(f'{n}: type {t}')
        for a in [name] + (al.split('|') if al else []):
            if not a.strip() or letters(a) < 3:
                errs.append(f'{n}: short or empty name/alias {a!r}')
            k = fold(a)
            if k in seen:
                errs.append(f'{n}: {a} repeats row {seen[k]}')
            seen[k] = n
        rows.append(f)
    print(f'== {fn}: {len(rows)} rows, {sum(len(r[2].split("|")) for r in rows if r[2])} aliases, {len(errs)} errors')
    for e in errs[:20]:
        print('  ', e)
    ok &= not errs
    random.seed(7)
    for r in random.sample(rows, 10):
        print('   ', ' | '.join(r))
sys.exit(0 if ok else 1)
