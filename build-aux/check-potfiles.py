#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails when a file with translatable strings is missing from po/POTFILES.in,
when POTFILES.in names a file that does not exist (which breaks the
pitstop-pot target), or when a translatable C string splices in a macro such
as G_GUINT64_FORMAT (xgettext cuts the message at the macro, so translators
never see the rest and the translation never matches).  Run by
`meson test --suite po`.

Usage: check-potfiles.py SOURCE_ROOT
"""
import os
import re
import sys

# C: _("…"), N_("…"), C_("ctx", "…"), NC_(…), Q_(…), g_dngettext, ngettext, g_dpgettext2
C_MARKERS = re.compile(r'(?<![A-Za-z0-9_])(?:N?C?_|Q_|g_dn?gettext|g_dpgettext2?|n?gettext|g_dcgettext)\s*\(')
UI_MARKER = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')
# data files whose every Name/Comment/Keywords, <summary>/<description>,
# <name>/<p> is extracted by meson's i18n (msgfmt --desktop, itstool rules)
DATA_SUFFIXES = ('.desktop.in', '.desktop.in.in',
                 '.metainfo.xml.in', '.metainfo.xml.in.in',
                 '.appdata.xml.in', '.appdata.xml.in.in',
                 '.gschema.xml.in', '.gschema.xml')
SKIP_DIRS = {'.git', '.flatpak-builder', '__pycache__'}
# between a string literal and the next: a macro name ("…%" G_GINT64_FORMAT "…")
SPLICED = re.compile(r'\s*([A-Za-z_][A-Za-z0-9_]*)\s*$')
STRING_OR_CHAR = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')


COMMENT_OR_LITERAL = re.compile(r'("(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')|/\*.*?\*/|//[^\n]*', re.S)


def strip_c_comments(text):
    """Comments out, string literals kept whole ("qemu+ssh://…" is no comment)."""
    return COMMENT_OR_LITERAL.sub(lambda m: m.group(1) or '', text)


def call_arguments(text, start):
    """The text from the opening parenthesis at START to its match, skipping
    parentheses inside string and character literals."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c in '"\'':
            m = STRING_OR_CHAR.match(text, i)
            i = m.end() if m else i + 1
            continue
        if c == '(':
            depth += 1
        elif c == ')':
            depth -= 1
            if depth == 0:
                return text[start:i + 1]
        i += 1
    return text[start:]


def spliced_messages(path):
    """(line, macro) for every translatable string that splices a macro."""
    with open(path, encoding='utf-8', errors='replace') as f:
        text = strip_c_comments(f.read())
    found = []
    for m in C_MARKERS.finditer(text):
        args = call_arguments(text, m.end() - 1)
        literals = list(STRING_OR_CHAR.finditer(args))
        for a, b in zip(literals, literals[1:]):
            s = SPLICED.fullmatch(args, a.end(), b.start())
            if a.group().startswith('"') and b.group().startswith('"') and s:
                found.append((text.count('\n', 0, m.start()) + 1, s.group(1)))
    return found


def has_strings(path):
    name = os.path.basename(path)
    if name.endswith(DATA_SUFFIXES):
        return True
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError:
        return False
    if name.endswith(('.c', '.h')):
        # strip comments so "/* see _(…) */" does not count
        text = strip_c_comments(text)
        return C_MARKERS.search(text) is not None
    if name.endswith('.ui'):
        return UI_MARKER.search(text) is not None
    return False


def candidates(root):
    for top in ('app', 'data'):
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames
                                 if d not in SKIP_DIRS and not d.startswith('build'))
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if has_strings(path):
                    yield os.path.relpath(path, root)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()
    potfiles = os.path.join(root, 'po', 'POTFILES.in')
    listed = []
    with open(potfiles, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                listed.append(line)

    failed = False
    missing = [p for p in candidates(root) if p not in listed]
    if missing:
        failed = True
        print('po/POTFILES.in is missing these files with translatable strings;')
        print('add each on a line of its own so translators get their strings:')
        for p in missing:
            print('  ' + p)

    gone = [p for p in listed if not os.path.isfile(os.path.join(root, p))]
    if gone:
        failed = True
        print('po/POTFILES.in names files that do not exist (remove the lines):')
        for p in gone:
            print('  ' + p)

    dupes = sorted({p for p in listed if listed.count(p) > 1})
    if dupes:
        failed = True
        print('po/POTFILES.in lists these files more than once:')
        for p in dupes:
            print('  ' + p)

    spliced = [(p, line, macro) for p in listed if p.endswith(('.c', '.h'))
               and os.path.isfile(os.path.join(root, p))
               for line, macro in spliced_messages(os.path.join(root, p))]
    if spliced:
        failed = True
        print('these translatable strings splice in a macro, which xgettext cuts off;')
        print('use a plain conversion (%llu, %lld) and cast the argument:')
        for p, line, macro in spliced:
            print(f'  {p}:{line}: {macro}')

    if not failed:
        print(f'po/POTFILES.in lists all {len(listed)} files with translatable strings')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
