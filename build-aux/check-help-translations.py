#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks each translation of the Mallard help listed in data/help/LINGUAS,
data/help/<lang>/<lang>.po:
- `msgfmt --check` accepts it without a warning;
- no message is untranslated or fuzzy (itstool would put the English text, or
  a translation nobody has checked, into the installed page);
- every message keeps the Mallard markup of the original: the same tags, with
  the same attributes, as many times each (their order may change with the
  word order), and the translation is still well-formed;
- with --itstool, every message of the current pages (what
  `ninja help-pitstop-pot` extracts) is in the catalog: a page edited
  without `ninja help-pitstop-update-po` leaves English in the translation;
- with --itstool and --yelp-check, the pages built from the catalog the way
  gnome.yelp() builds them (msgfmt, then itstool -m) pass `yelp-check
  validate` (meson builds them only at install, so no test can use those).
Run by `meson test --suite help`.

Usage: check-help-translations.py --msgfmt MSGFMT [--itstool ITSTOOL]
           [--yelp-check YELP_CHECK] HELP_DIR HELP_FILE...
  HELP_DIR: data/help (holds LINGUAS, C/ and <lang>/<lang>.po)
  HELP_FILE: the sources given to gnome.yelp(), in HELP_DIR/C
"""
import argparse
import ast
import collections
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

# a start, end or empty tag; itstool writes placeholders such as <_:link-1/>
TAG = re.compile(r'<(/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|\'[^\']*\'))*)\s*(/?)>')
ATTR = re.compile(r'([\w.:-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')


def read_po(path):
    """The entries of a PO file, each a dict with msgctxt, msgid, msgstr
    (msgstr[0] for a plural), flags, obsolete and line."""
    entries = []
    cur, field = None, None

    def new(line_no):
        return {'flags': set(), 'obsolete': False, 'line': line_no}

    def flush():
        if cur is not None and 'msgid' in cur:
            entries.append(cur)

    with open(path, encoding='utf-8') as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip('\n')
            if cur is None:
                cur = new(n)
            if not line.strip():
                flush()
                cur, field = None, None
                continue
            if line.startswith('#~'):
                cur['obsolete'] = True
                continue
            if line.startswith('#,'):
                cur['flags'] |= {x.strip() for x in line[2:].split(',')}
                continue
            if line.startswith('#'):
                continue
            m = re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
            if m:
                field = m.group(1)
                if field == 'msgstr[0]':
                    field = 'msgstr'
                elif field.startswith('msgstr['):
                    field = 'msgstr_other'
                cur[field] = ast.literal_eval(m.group(2))
                if field == 'msgid':
                    cur['line'] = n
            elif line.startswith('"') and field:
                cur[field] += ast.literal_eval(line)
            else:
                raise ValueError(f'{path}:{n}: cannot read this line: {line}')
    flush()
    return entries


def tags(text):
    """The tags of a message as a multiset: (kind, name, sorted attributes)."""
    found = collections.Counter()
    for m in TAG.finditer(text):
        kind = 'end' if m.group(1) else ('empty' if m.group(4) else 'start')
        attrs = tuple(sorted((a, v if v else w) for a, v, w in ATTR.findall(m.group(3))))
        found[(kind, m.group(2), attrs)] += 1
    return found


def show(tag):
    kind, name, attrs = tag
    a = ''.join(f' {k}="{v}"' for k, v in attrs)
    return {'start': f'<{name}{a}>', 'end': f'</{name}>', 'empty': f'<{name}{a}/>'}[kind]


def well_formed(text):
    prefixes = set(re.findall(r'</?([A-Za-z_][\w.-]*):', text))
    ns = ''.join(f' xmlns:{p}="urn:x-{p}"' for p in prefixes)
    try:
        ET.fromstring(f'<m{ns}>{text}</m>')
        return True
    except ET.ParseError:
        return False


def check_po(lang, path, msgfmt, pot_keys):
    errors = []
    rel = os.path.relpath(path)
    r = subprocess.run([msgfmt, '--check', '--output-file=' + os.devnull, path],
                       capture_output=True, text=True)
    if r.returncode != 0:
        errors.append(f'{rel}: msgfmt --check failed:\n{r.stderr.rstrip()}')
    elif r.stderr.strip():
        # such as a missing charset: the umlauts would not survive itstool
        errors.append(f'{rel}: msgfmt --check warns:\n{r.stderr.rstrip()}')
    try:
        entries = read_po(path)
    except (ValueError, SyntaxError) as e:
        return errors + [f'{rel}: {e}'], 0
    count = 0
    keys = set()
    for e in entries:
        if e['obsolete'] or e['msgid'] == '':
            continue
        count += 1
        keys.add((e.get('msgctxt'), e['msgid']))
        where = f'{rel}:{e["line"]}'
        short = e['msgid'] if len(e['msgid']) < 60 else e['msgid'][:57] + '…'
        if not e.get('msgstr'):
            errors.append(f'{where}: untranslated: "{short}"')
            continue
        if 'fuzzy' in e['flags']:
            errors.append(f'{where}: fuzzy: "{short}"')
        if e.get('msgctxt') == '_' and e['msgid'] == 'translator-credits':
            continue
        want, got = tags(e['msgid']), tags(e['msgstr'])
        if want != got:
            missing = ', '.join(show(t) for t in (want - got))
            extra = ', '.join(show(t) for t in (got - want))
            errors.append(f'{where}: the tags differ from the original "{short}"'
                          + (f'; missing: {missing}' if missing else '')
                          + (f'; not in the original: {extra}' if extra else ''))
        elif well_formed(e['msgid']) and not well_formed(e['msgstr']):
            errors.append(f'{where}: the translation is not well-formed XML: "{short}"')
    if pot_keys is not None:
        for ctxt, msgid in sorted(pot_keys - keys, key=lambda k: k[1]):
            short = msgid if len(msgid) < 60 else msgid[:57] + '…'
            errors.append(f'{rel}: not in the catalog (run `ninja -C build help-pitstop-update-po`'
                          f' and translate it): "{short}"')
    return errors, count


def validate_built(lang, po_path, msgfmt, itstool, yelp_check, help_dir, sources):
    """Builds the pages of LANG as gnome.yelp() does and validates them."""
    with tempfile.TemporaryDirectory() as tmp:
        gmo = os.path.join(tmp, lang + '.gmo')
        out = os.path.join(tmp, lang)
        os.mkdir(out)
        for cmd, cwd in (([msgfmt, po_path, '-o', gmo], None),
                         ([itstool, '-m', gmo, '--lang', lang, '-o', out] + sources,
                          os.path.join(help_dir, 'C'))):
            r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
            if r.returncode != 0:
                return [f'{lang}: {os.path.basename(cmd[0])} could not build the pages:\n'
                        f'{(r.stdout + r.stderr).rstrip()}']
        pages = sorted(f for f in os.listdir(out) if f.endswith('.page'))
        r = subprocess.run([yelp_check, 'validate'] + pages, cwd=out,
                           capture_output=True, text=True)
        if r.returncode != 0 or r.stdout.strip():
            return [f'{lang}: the translated pages do not validate:\n'
                    f'{(r.stdout + r.stderr).rstrip()}']
    return []


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--msgfmt', required=True)
    parser.add_argument('--itstool')
    parser.add_argument('--yelp-check')
    parser.add_argument('help_dir')
    parser.add_argument('sources', nargs='*')
    args = parser.parse_args(argv[1:])
    help_dir, msgfmt, itstool, sources = args.help_dir, args.msgfmt, args.itstool, args.sources
    if itstool and not sources:
        parser.error('--itstool needs the HELP_FILEs')

    languages = []
    with open(os.path.join(help_dir, 'LINGUAS'), encoding='utf-8') as f:
        for line in f:
            languages += line.split('#', 1)[0].split()
    if not languages:
        print('no help translations in LINGUAS: nothing to check')
        return 0

    pot_keys = None
    if itstool:
        with tempfile.TemporaryDirectory() as tmp:
            pot = os.path.join(tmp, 'help.pot')
            r = subprocess.run([itstool, '-o', pot] + sources,
                               cwd=os.path.join(help_dir, 'C'), capture_output=True, text=True)
            if r.returncode != 0:
                print(f'itstool could not extract the messages:\n{r.stderr}', file=sys.stderr)
                return 1
            pot_keys = {(e.get('msgctxt'), e['msgid']) for e in read_po(pot)
                        if e['msgid'] != '' and not e['obsolete']}

    failed = False
    for lang in languages:
        path = os.path.join(help_dir, lang, lang + '.po')
        if not os.path.exists(path):
            print(f'{lang} is in {os.path.join(help_dir, "LINGUAS")} but there is no {path}',
                  file=sys.stderr)
            failed = True
            continue
        errors, count = check_po(lang, path, msgfmt, pot_keys)
        validated = False
        if not errors and itstool and args.yelp_check:
            errors = validate_built(lang, path, msgfmt, itstool, args.yelp_check,
                                    help_dir, sources)
            validated = not errors
        for e in errors:
            print(e, file=sys.stderr)
        if errors:
            failed = True
        else:
            print(f'{lang}: {count} messages, all translated, none fuzzy, markup as in the original'
                  + (', up to date with the pages' if pot_keys is not None else '')
                  + (', the built pages validate' if validated else ''))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
