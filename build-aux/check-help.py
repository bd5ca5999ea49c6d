#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Mallard help in data/help/C against the list meson installs:
every .page and .xml file there is in the list and every listed file exists
(a page missing from gnome.yelp()'s sources is silently not installed); each
page's id is its file name; every xref names an existing page, and section,
if it has one ("page#section"); every page but index is linked from a guide.
Run by `meson test --suite help`; yelp-check validate checks the schema.

Usage: check-help.py HELP_C_DIR FILE...   (FILE: the sources given to gnome.yelp)
"""
import os
import sys
import xml.etree.ElementTree as ET

MAL = '{http://projectmallard.org/1.0/}'


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    help_dir, listed = argv[1], argv[2:]
    errors = []

    present = sorted(f for f in os.listdir(help_dir)
                     if f.endswith('.page') or f.endswith('.xml'))
    for f in present:
        if f not in listed:
            errors.append(f'{f} is in {help_dir} but not in the sources of gnome.yelp() '
                          '(data/help/meson.build): it would not be installed')
    for f in listed:
        if f not in present:
            errors.append(f'{f} is in the sources of gnome.yelp() but not in {help_dir}')
    if len(listed) != len(set(listed)):
        errors.append('a file is listed twice in the sources of gnome.yelp()')

    pages = {}      # id -> (file, set of section ids)
    links = []      # (file, xref, link type)
    for f in present:
        if not f.endswith('.page'):
            continue
        try:
            root = ET.parse(os.path.join(help_dir, f)).getroot()
        except ET.ParseError as e:
            errors.append(f'{f}: not well-formed XML: {e}')
            continue
        if root.tag != MAL + 'page':
            errors.append(f'{f}: the root element is not a Mallard 1.0 <page>')
            continue
        page_id = root.get('id')
        if page_id != f[:-len('.page')]:
            errors.append(f'{f}: its id is "{page_id}", not its file name')
        sections = {s.get('id') for s in root.iter(MAL + 'section') if s.get('id')}
        pages[page_id] = (f, sections)
        for link in root.iter(MAL + 'link'):
            if link.get('xref') is not None:
                links.append((f, link.get('xref'), link.get('type')))

    guided = set()
    for f, xref, kind in links:
        target, _, section = xref.partition('#')
        if target == '':
            target = f[:-len('.page')]
        if target not in pages:
            errors.append(f'{f}: xref="{xref}" names no page (there is no {target}.page)')
        elif section and section not in pages[target][1]:
            errors.append(f'{f}: xref="{xref}": {pages[target][0]} has no section "{section}"')
        if kind == 'guide':
            guided.add(f[:-len('.page')])
    for page_id, (f, _) in sorted(pages.items()):
        if page_id != 'index' and page_id not in guided:
            errors.append(f'{f}: no <link type="guide"> in its <info>: no guide lists it')

    for e in errors:
        print(e, file=sys.stderr)
    if not errors:
        print(f'{len(pages)} pages, {len(links)} links: all listed, all links resolve')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
