#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs pitstop-cli in a German locale and checks that what a German user
reads is the whole translated sentence, numbers filled in: messages built
with printf conversions (counts, sizes, plurals) are where a catalog most
easily falls apart (a format macro spliced into the msgid cuts it short, and
the user then gets English or half a sentence).  Run by `meson test --suite po`.

The locale is compiled with localedef into a temporary directory (LOCPATH),
so no system locale has to be installed; the test skips (77) where the
locale sources (Debian's `locales` package) are absent.

Usage: check-runtime-translation.py LANG LOCALE PITSTOP_CLI LOCALEDIR
"""
import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile

CONVERSION = re.compile(r'%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j)?[diouxXsc]')

# (pitstop-cli arguments, the stream, msgid, plural msgid or None, n)
CASES = [
    (['tune', '--demo', '--domain', 'win10-gaming', '--hugepages', '2M'], 'stderr',
     'The host’s pool of %s pages is too small: the guest needs %llu pages, '
     '%llu are free, %llu page is missing',
     'The host’s pool of %s pages is too small: the guest needs %llu pages, '
     '%llu are free, %llu pages are missing', 8192),
    (['tune', '--demo', '--domain', 'win10-gaming', '--topology', '1:3:2'], 'stderr',
     'The topology %u×%u×%u (sockets×cores×threads) gives %llu vCPUs, but the maximum is %u',
     None, 0),
    (['host', '--demo'], 'stdout', '%lld total, %lld free', None, 0),
    (['check', '--demo', '--domain', 'fedora-server'], 'stdout',
     '%s pool: %lld reserved, %lld free', None, 0),
    (['check', '--demo', '--domain', 'fedora-server'], 'stdout',
     'Reserve %llu hugepages of %s on the host.', None, 0),
]


def pattern(text):
    """A regular expression for TEXT as printed: conversions filled in, any
    run of spaces possibly wrapped onto the next line."""
    parts = CONVERSION.split(text)
    body = r'\S.*?'.join(r'\s+'.join(re.escape(w) for w in p.split(' ')) for p in parts)
    return re.compile(body, re.S)


def columns_line_up(out, header_msgid, catalog):
    """In the table whose header holds HEADER_MSGID's translation, each
    header word starts a column the values below it start in too."""
    word = catalog.gettext(header_msgid)
    lines = out.split('\n')
    for i, line in enumerate(lines):
        words = line.split()
        if word in words and len(words) > 3:
            starts = [m.start() for m in re.finditer(r'\S+', line)]
            for row in lines[i + 1:]:
                if not row.strip():
                    return True
                cells = [m.start() for m in re.finditer(r'\S+', row)]
                if cells[:len(starts)] != starts:
                    print(f'not ok: columns do not line up:\n  {line}\n  {row}')
                    return False
            return True
    print(f'not ok: no table with the header “{word}”')
    return False


def main():
    lang, locale_name, cli, localedir = sys.argv[1:5]
    sources = '/usr/share/i18n/locales'
    if shutil.which('localedef') is None or not os.path.isfile(os.path.join(sources, locale_name.split('.')[0])):
        print(f'SKIP: no localedef or no locale source for {locale_name} (Debian package “locales”)')
        return 77
    mo = os.path.join(localedir, lang, 'LC_MESSAGES', 'pitstop.mo')
    with open(mo, 'rb') as f:
        catalog = gettext.GNUTranslations(f)

    with tempfile.TemporaryDirectory(prefix='pitstop-locale-') as locpath:
        base, _, charmap = locale_name.partition('.')
        subprocess.run(['localedef', '-i', base, '-f', charmap or 'UTF-8',
                        os.path.join(locpath, locale_name)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        env = dict(os.environ, LOCPATH=locpath, LC_ALL=locale_name,
                   PITSTOP_LOCALEDIR=localedir)
        env.pop('LANGUAGE', None)
        failed = 0
        for args, stream, msgid, plural, n in CASES:
            translated = catalog.ngettext(msgid, plural, n) if plural else catalog.gettext(msgid)
            english = plural if plural and n != 1 else msgid
            if translated == english:
                print(f'not ok: the catalog has no translation of “{msgid}”')
                failed += 1
                continue
            run = subprocess.run([cli] + args, env=env, capture_output=True, text=True)
            out = getattr(run, stream)
            if pattern(translated).search(out) is None:
                print(f'not ok: pitstop-cli {" ".join(args)}: expected on {stream}\n  {translated}\n'
                      f'got:\n  ' + out.strip().replace('\n', '\n  '))
                failed += 1
            elif pattern(english).search(out) is not None:
                print(f'not ok: pitstop-cli {" ".join(args)} still prints the English “{english}”')
                failed += 1
            else:
                print(f'ok: pitstop-cli {" ".join(args)}: {translated}')
        # the CPU table of `pitstop-cli host` with German headers
        run = subprocess.run([cli, 'host', '--demo'], env=env, capture_output=True, text=True)
        if columns_line_up(run.stdout, 'NODE', catalog):
            print('ok: pitstop-cli host --demo: the CPU table lines up under German headers')
        else:
            failed += 1
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
