#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks one translation the way a user of that language would notice it:
the catalog compiles, its Plural-Forms header is the language's, no entry is
left fuzzy, every plural message is translated in all its forms and gettext
picks the right form for 1 and for 2, and the merged desktop file and
metainfo built from data/ carry the translation.  Run by `meson test --suite po`.

Usage: check-translation.py LANG PO_FILE DESKTOP_FILE METAINFO_FILE
"""
import gettext
import os
import re
import subprocess
import sys
import tempfile

# the Plural-Forms each language must use (GNU gettext manual, "Plural forms")
PLURAL_FORMS = {
    'de': 'nplurals=2; plural=(n != 1);',
}


def unquote(s):
    s = s.strip()
    assert s.startswith('"') and s.endswith('"'), s
    return bytes(s[1:-1], 'utf-8').decode('unicode_escape').encode('latin-1').decode('utf-8')


def parse_po(path):
    """A small reader for the PO subset msgmerge writes: yields dicts with
    msgid, msgid_plural, msgstr (list), flags."""
    entries = []
    cur = None
    field = None

    def flush():
        if cur is not None and 'msgid' in cur:
            entries.append(cur)

    with open(path, encoding='utf-8') as f:
        for raw in f:
            line = raw.rstrip('\n')
            if not line.strip():
                flush()
                cur, field = None, None
                continue
            if cur is None:
                cur = {'flags': set(), 'msgstr': {}, 'obsolete': False}
            if line.startswith('#~'):
                cur['obsolete'] = True
                continue
            if line.startswith('#,'):
                cur['flags'].update(x.strip() for x in line[2:].split(','))
                continue
            if line.startswith('#'):
                continue
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
            if m:
                key, idx, val = m.group(1), m.group(2), m.group(3)
                if key.startswith('msgstr'):
                    field = ('msgstr', int(idx) if idx is not None else 0)
                    cur['msgstr'][field[1]] = unquote(val)
                else:
                    field = (key, None)
                    cur[key] = unquote(val)
                continue
            if line.startswith('"') and field is not None:
                if field[0] == 'msgstr':
                    cur['msgstr'][field[1]] += unquote(line)
                else:
                    cur[field[0]] += unquote(line)
    flush()
    return [e for e in entries if not e['obsolete']]


def main():
    lang, po_path, desktop_path, metainfo_path = sys.argv[1:5]
    problems = []
    entries = parse_po(po_path)
    header = next((e for e in entries if e['msgid'] == ''), None)
    messages = [e for e in entries if e['msgid'] != '']

    if header is None:
        problems.append('no header entry')
    else:
        m = re.search(r'^Plural-Forms:\s*(.*)$', header['msgstr'].get(0, ''), re.M)
        want = PLURAL_FORMS.get(lang)
        if m is None:
            problems.append('no Plural-Forms header')
        elif want is not None and m.group(1).strip() != want:
            problems.append(f'Plural-Forms is "{m.group(1).strip()}", {lang} needs "{want}"')

    fuzzy = [e['msgid'] for e in messages if 'fuzzy' in e['flags']]
    untranslated = [e['msgid'] for e in messages if not all(e['msgstr'].values())]
    plurals = [e for e in messages if 'msgid_plural' in e]
    for e in plurals:
        if len(e['msgstr']) < 2 or not all(e['msgstr'].values()):
            problems.append(f'plural message not translated in every form: "{e["msgid"]}"')
    if not plurals:
        problems.append('no plural message at all: the plural forms go untested')
    if fuzzy:
        problems.append(f'{len(fuzzy)} fuzzy entries, e.g. "{fuzzy[0]}"')

    # gettext must pick form 0 for one and form 1 for two, from the compiled catalog
    translated_plurals = 0
    with tempfile.TemporaryDirectory() as tmp:
        mo = os.path.join(tmp, 'check.mo')
        if subprocess.run(['msgfmt', '--check', '-o', mo, po_path]).returncode != 0:
            print(f'{lang}: msgfmt --check rejects {po_path}')
            return 1
        with open(mo, 'rb') as f:
            catalog = gettext.GNUTranslations(f)
        for e in plurals:
            if 'msgctxt' in e:
                one = catalog.npgettext(e['msgctxt'], e['msgid'], e['msgid_plural'], 1)
                two = catalog.npgettext(e['msgctxt'], e['msgid'], e['msgid_plural'], 2)
            else:
                one = catalog.ngettext(e['msgid'], e['msgid_plural'], 1)
                two = catalog.ngettext(e['msgid'], e['msgid_plural'], 2)
            if one != e['msgstr'].get(0) or two != e['msgstr'].get(1):
                problems.append(f'gettext picks the wrong form for "{e["msgid"]}": "{one}" / "{two}"')
            elif one != two and (one, two) != (e['msgid'], e['msgid_plural']):
                translated_plurals += 1
        # "%u vCPU"/"%u vCPUs" may read the same in the language, but not all
        if plurals and translated_plurals == 0:
            problems.append('no plural message is shown in two translated forms')

    with open(desktop_path, encoding='utf-8') as f:
        desktop = f.read()
    for key in ('Name', 'Comment', 'Keywords'):
        if f'\n{key}=' in desktop and f'\n{key}[{lang}]=' not in desktop:
            problems.append(f'{os.path.basename(desktop_path)} has no {key}[{lang}]')

    with open(metainfo_path, encoding='utf-8') as f:
        metainfo = f.read()
    for tag in ('summary', 'p'):
        if not re.search(rf'<{tag} xml:lang="{lang}">', metainfo):
            problems.append(f'{os.path.basename(metainfo_path)} has no <{tag} xml:lang="{lang}">')

    print(f'{lang}: {len(messages) - len(untranslated)} of {len(messages)} messages translated, '
          f'{len(plurals)} with plural forms')
    if untranslated:
        print(f'{lang}: {len(untranslated)} not yet translated, e.g. "{untranslated[0]}"')
    for p in problems:
        print(f'{lang}: {p}')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
