#!/usr/bin/env python3
"""Build ../places.tsv. See README.md in this folder for the inputs and how to get them."""
import json, os, re, subprocess, sys, xml.etree.ElementTree as ET
from common import Gazetteer, clean, fold, read_manual, is_arabic_name

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'places.tsv')
PK = os.environ.get('MARSAD_PK', '/tmp/pk')   # unpacked PyPI wheels (egydata, algeria-wilayas-communes)
CLDR = '/usr/share/unicode/cldr/common/main/ar.xml'
ISO1 = '/usr/share/iso-codes/json/iso_3166-1.json'
ISO1_MO = '/usr/share/locale/ar/LC_MESSAGES/iso_3166-1.mo'


def read_mo(path):
    """{(msgctxt, msgid): msgstr} via msgunfmt (gettext)."""
    po = subprocess.run(['msgunfmt', path], capture_output=True, text=True, check=True).stdout
    out, cur, field = {}, {}, None
    def flush():
        if cur.get('msgid') and cur.get('msgstr'):
            out[(cur.get('msgctxt'), cur['msgid'])] = cur['msgstr']
    for line in po.splitlines() + ['']:
        m = re.match(r'^(msgctxt|msgid|msgstr) "(.*)"$', line)
        if m:
            if m.group(1) in ('msgctxt', 'msgid') and 'msgstr' in cur:
                flush(); cur = {}
            field = m.group(1)
            cur[field] = bytes(m.group(2), 'utf-8').decode('unicode_escape').encode('latin-1').decode('utf-8')
        elif line.startswith('"') and field:
            cur[field] += bytes(line[1:-1], 'utf-8').decode('unicode_escape').encode('latin-1').decode('utf-8')
        elif not line.strip():
            if 'msgstr' in cur:
                flush(); cur = {}; field = None
    return out


def usable(s):
    """Machine-derived name forms: no list punctuation, no 'X - Y' forms, no Persian letters."""
    s = clean(s)
    return '' if re.search('[،,()\\[\\]/پچژگ]| - ', s) else s


def main():
    stop = [l.strip() for l in open(os.path.join(HERE, 'stop_places.txt'), encoding='utf-8')
            if l.strip() and not l.startswith('#')]
    g = Gazetteer('place', stop)
    counts = {}
    by_latin = {}   # (latin, cc) -> row index; the same city under another Arabic spelling
    countries = set()   # (latin, cc) of countries

    def cc_of(note):
        t = (note or '').split()
        return t[0] if t and len(t[0]) == 2 and t[0].isalpha() else ''

    def index_row(name, latin, note):
        i = g.key.get(fold(clean(name)))
        if i is not None and latin:
            by_latin.setdefault((latin.lower(), cc_of(note)), i)
            by_latin.setdefault((latin.lower(), '*'), i)

    def add_city(name, latin, note):
        """Machine-derived city: an Arabic spelling of a city already listed under the same
        Latin name (and country, when known) becomes an alias of that row."""
        name = clean(name)
        if not name:
            return False
        if latin and (latin.lower(), cc_of(note) or '*') in countries:
            return False   # a city-state's city (e.g. CLDR's Singapore): already the country row
        if latin and fold(name) not in g.key:
            cc = cc_of(note)
            # same Latin name in the same country, or either side without a country
            i = by_latin.get((latin.lower(), cc))
            if i is None:
                i = by_latin.get((latin.lower(), '*' if not cc else ''))
            if i is not None and g.ok(name):
                g._alias(i, name)
                return True
        added = g.add(name, [], latin, note)
        if added:
            index_row(name, latin, note)
        return added

    last = [0]

    def count(src, _added):
        """Rows each source added (merges into existing rows are not counted)."""
        counts[src] = counts.get(src, 0) + len(g.rows) - last[0]
        last[0] = len(g.rows)

    # 1. hand-written rows (Arab world admin divisions, regions, extra aliases) come first.
    for names, latin, note in read_manual(os.path.join(HERE, 'manual_places.txt')):
        count('manual', g.add(names[0], names[1:], latin, note, merge=True, force=True))
        index_row(names[0], latin.split(' (')[0], note)

    # 2. countries: CLDR short/standard/variant names + ISO 3166-1 Arabic names.
    cldr = ET.parse(CLDR).getroot()
    terr = {}
    for t in cldr.iter('territory'):
        terr.setdefault(t.get('type'), {})[t.get('alt') or 'std'] = t.text
    iso = read_mo(ISO1_MO)
    tr = lambda s: iso.get((None, s), '') if s else ''
    for c in json.load(open(ISO1))['3166-1']:
        cc = c['alpha_2']
        t = terr.get(cc, {})
        forms = [t.get('short'), t.get('std'), t.get('variant'), tr(c.get('common_name')),
                 tr(c['name']), tr(c.get('official_name'))]
        forms = [f for f in (usable(x) for x in forms if x) if f]
        if not forms:
            continue
        latin = c.get('common_name') or c['name']
        count('countries', g.add(forms[0], forms[1:], latin, cc.lower() + ' country', merge=True))
        for l in {latin, c['name'], c.get('official_name', '')} - {''}:
            countries.update({(l.lower(), cc.lower()), (l.lower(), '*')})
    # CLDR macro-regions (numeric codes): أوروبا، غرب آسيا، الشرق الأوسط…
    for code, t in terr.items():
        if code.isdigit() and code != '001':
            for f in (usable(t.get('std', '')),):
                count('cldr-regions', f and g.add(f, [], '', 'region'))

    # 3. CLDR time-zone exemplar cities.
    for z in cldr.iter('zone'):
        e = z.find('exemplarCity')
        if e is not None and e.text and not e.get('alt'):
            zone = z.get('type')
            count('cldr-cities', add_city(usable(e.text), zone.split('/')[-1].replace('_', ' '), 'city'))

    # 4. Egypt (egydata, MIT) and Algeria (algeria-wilayas-communes, CC0).
    sys.path.insert(0, os.path.join(PK, 'egy'))
    try:
        from egydata.governorates import governorates
        from egydata.cities import cities
        for x in governorates:
            count('egydata', g.add(x['name'], ['محافظة ' + clean(x['name'])], x['nameEn'], 'eg governorate', merge=True))
        for x in cities:
            count('egydata', g.add(x['name'], [], x['nameEn'], 'eg city'))
    except ImportError:
        print('egydata not found under', PK, file=sys.stderr)
    alg = os.path.join(PK, 'alg', 'algeria_wilayas_communes', 'data')
    if os.path.isdir(alg):
        for x in json.load(open(os.path.join(alg, 'wilayas.json')))['wilayas']:
            count('algeria', g.add(x['nom_ar'], ['ولاية ' + clean(x['nom_ar'])], x['nom_fr'], 'dz wilaya', merge=True))
        for x in json.load(open(os.path.join(alg, 'dairas.json')))['dairas']:
            count('algeria', g.add(x['nom_ar'], [], x['nom_fr'], 'dz daira'))
        cj = json.load(open(os.path.join(alg, 'communes.json')))
        for x in cj.get('communes', cj if isinstance(cj, list) else []):
            n = x['nom_ar'].strip()
            # single-word communes with the article are mostly ordinary words: keep multi-word ones
            if ' ' not in n and (n.startswith('ال') or len(n) <= 4):
                continue
            count('algeria', g.add(n, [], x.get('nom_fr', ''), 'dz commune'))
    else:
        print('algeria data not found under', PK, file=sys.stderr)

    srcs = ', '.join(f'{k} {v}' for k, v in counts.items())
    g.write(OUT, f'''Marsad place gazetteer (type place). Columns: name, type, aliases (|), latin, note.
note = ISO 3166 alpha-2 code (lower case) and kind. Generated by build/build_places.py; see assets/README.md
for sources and licences. Rows: {len(g.rows)} ({srcs})''')
    print('rows', len(g.rows), counts, 'dropped', len(g.dropped), file=sys.stderr)
    open('/tmp/places_dropped.txt', 'w').write('\n'.join(g.dropped))


if __name__ == '__main__':
    main()
