"""Shared helpers for building Marsad's entity gazetteers (see README.md here)."""
import re

HARAKAT = re.compile('[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]')
ARABIC = re.compile('^[\u0621-\u064a\u0671-\u06d3 \'\u2019\\-0-9]+$')


def clean(s):
    """Display form: no diacritics/tatweel, single spaces."""
    s = HARAKAT.sub('', s or '')
    s = s.replace('\u200f', '').replace('\u200e', '').replace('\u00a0', ' ')
    # Persian letter forms that Arabic text spells with Arabic letters
    s = s.replace('ی', 'ي').replace('ک', 'ك').replace('ھ', 'ه').replace('ۀ', 'ة')
    return re.sub(r'\s+', ' ', s).strip()


def fold(s):
    """Matching key, close to what Marsad's matcher ignores."""
    s = clean(s).lower()
    s = re.sub('[أإآٱ]', 'ا', s)
    s = s.replace('ى', 'ي').replace('ة', 'ه')
    s = re.sub(r'[^\w\s]', ' ', s)
    return re.sub(r'\s+', ' ', s).strip()


def letters(s):
    return len(re.sub(r'[^\u0621-\u064a]', '', s))


def is_arabic_name(s):
    return bool(s) and bool(ARABIC.match(s)) and letters(s) >= 3


def read_tsv(path):
    """Rows of a 5-column gazetteer TSV (comments and header skipped)."""
    rows, header = [], False
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if not line.strip() or line.startswith('#'):
            continue
        if not header:
            header = True
            continue
        f = line.split('\t')
        f += [''] * (5 - len(f))
        if len(f) != 5:
            raise SystemExit(f'{path}: bad row {line!r}')
        rows.append([x.strip() for x in f])
    return rows


class Gazetteer:
    """Rows with unique canonical names and aliases (compared folded)."""

    def __init__(self, typ, stop=()):
        self.typ = typ
        self.rows = []          # [name, type, [aliases], latin, note]
        self.key = {}           # folded name/alias -> row index
        self.stop = {fold(w) for w in stop}
        self.dropped = []

    def ok(self, s):
        return is_arabic_name(s) and fold(s) not in self.stop

    def add(self, name, aliases=(), latin='', note='', merge=False, force=False):
        """Add a row; on a clash with an existing name, merge aliases into it when
        merge is true (same entity), else skip. Returns True if anything was added."""
        name = clean(name)
        good = lambda x: (force and is_arabic_name(x)) or self.ok(x)
        if not good(name):
            rest = [clean(a) for a in aliases if good(clean(a))]
            if not rest:
                self.dropped.append(name)
                return False
            name, aliases = rest[0], rest[1:]
        k = fold(name)
        if k in self.key:
            if not merge:
                return False
            i = self.key[k]
            for a in [name, *aliases]:
                self._alias(i, a, force)
            return True
        self.rows.append([name, self.typ, [], latin.strip(), note.strip()])
        i = len(self.rows) - 1
        self.key[k] = i
        for a in aliases:
            self._alias(i, a, force)
        return True

    def _alias(self, i, a, force=False):
        a = clean(a)
        if not a or not (self.ok(a) or (force and is_arabic_name(a))):
            return
        k = fold(a)
        if k in self.key:
            return
        self.key[k] = i
        self.rows[i][2].append(a)

    def write(self, path, comment):
        with open(path, 'w', encoding='utf-8') as f:
            for c in comment.strip().splitlines():
                f.write('# ' + c + '\n')
            f.write('name\ttype\taliases\tlatin\tnote\n')
            for name, typ, al, latin, note in self.rows:
                for x in (name, latin, note, *al):
                    assert '\t' not in x and '|' not in x and '\n' not in x, x
                f.write('\t'.join([name, typ, '|'.join(al), latin, note]) + '\n')


def read_manual(path):
    """Hand-written lines `name | alias ; Latin ; note`; `@ note` sets the default note."""
    default = ''
    for line in open(path, encoding='utf-8'):
        line = line.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith('@'):
            default = line[1:].strip()
            continue
        parts = [p.strip() for p in line.split(';')] + ['', '']
        names = [clean(x) for x in parts[0].split('|') if x.strip()]
        yield names, parts[1], parts[2] or default
