#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks of the Flatpak manifest, run by `meson test --suite flatpak`.

  check-manifest.py parses MANIFEST APP_ID
      flatpak-builder --show-manifest reads the manifest; its id and command
      are Pitstop's, and every downloaded source is pinned by a checksum or a
      commit.  Skips (exit 77) when flatpak-builder is not installed.
  check-manifest.py finish-args MANIFEST README
      the manifest's finish-args and the permissions README.md explains in
      its "Flatpak" section are the same list, so neither changes alone.
  check-manifest.py list-finish-args MANIFEST
      prints the finish-args, one a line (for check-sandbox.sh).
"""
import json
import re
import shutil
import subprocess
import sys

SKIP = 77


def strip_comments(text):
    """Drops /* */ comments outside strings (flatpak-builder accepts them)."""
    out = []
    i, n, in_string = 0, len(text), False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == '\\':
                out.append(text[i + 1])
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
            out.append(c)
        elif text.startswith('/*', i):
            end = text.find('*/', i + 2)
            if end < 0:
                raise ValueError('unterminated comment')
            i = end + 1
        else:
            out.append(c)
        i += 1
    return ''.join(out)


def load_manifest(path):
    builder = shutil.which('flatpak-builder')
    if builder:
        res = subprocess.run([builder, '--show-manifest', path],
                             capture_output=True, text=True)
        if res.returncode != 0:
            raise SystemExit(f'flatpak-builder --show-manifest {path} failed:\n{res.stderr}')
        return json.loads(res.stdout)
    with open(path, encoding='utf-8') as f:
        return json.loads(strip_comments(f.read()))


def all_modules(modules):
    for m in modules:
        if isinstance(m, dict):
            yield m
            yield from all_modules(m.get('modules', []))


def comments_with_slash(path):
    """json-glib 1.6 (Debian 12's flatpak-builder 1.2) rejects the whole file
    when a comment holds a "/"; newer ones do not, so say it even without it."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    bad = []
    for m in re.finditer(r'/\*(.*?)\*/', strip_strings(text), re.S):
        if '/' in m.group(1):
            bad.append(text.count('\n', 0, m.start()) + 1)
    return bad


def strip_strings(text):
    return re.sub(r'"(?:[^"\\]|\\.)*"', lambda m: '"' + ' ' * (len(m.group(0)) - 2) + '"', text)


def check_parses(manifest_path, app_id):
    for line in comments_with_slash(manifest_path):
        print(f'{manifest_path}:{line}: a comment holds a "/", which flatpak-builder 1.2 cannot parse')
        return 1
    if shutil.which('flatpak-builder') is None:
        print('flatpak-builder is not installed (apt install flatpak-builder): skipped')
        return SKIP
    m = load_manifest(manifest_path)
    problems = []
    if m.get('id', m.get('app-id')) != app_id:
        problems.append(f'id is {m.get("id")!r}, not {app_id!r}')
    if m.get('command') != 'pitstop':
        problems.append(f'command is {m.get("command")!r}, not "pitstop"')
    names = []
    for mod in all_modules(m.get('modules', [])):
        names.append(mod['name'])
        for src in mod.get('sources', []):
            kind = src.get('type')
            if kind in ('archive', 'file') and 'url' in src and not src.get('sha256'):
                problems.append(f'module {mod["name"]}: {src["url"]} has no sha256')
            if kind == 'git' and not src.get('commit'):
                problems.append(f'module {mod["name"]}: git source {src.get("url")} is not pinned to a commit')
    for wanted in ('libvirt', 'libvirt-glib', 'pciutils', 'pitstop'):
        if wanted not in names:
            problems.append(f'no {wanted} module')
    pitstop = next((mod for mod in all_modules(m.get('modules', [])) if mod['name'] == 'pitstop'), None)
    if pitstop is not None and not pitstop.get('run-tests'):
        problems.append('the pitstop module does not run its tests (run-tests)')
    for p in problems:
        print(p)
    if not problems:
        print(f'{manifest_path}: {m["id"]} on {m["runtime"]}//{m["runtime-version"]}, '
              f'modules {", ".join(names)}')
    return 1 if problems else 0


def readme_permissions(readme_path):
    with open(readme_path, encoding='utf-8') as f:
        text = f.read()
    section = re.search(r'^## Flatpak\s*$(.*?)(?=^## |\Z)', text, re.M | re.S)
    if section is None:
        raise SystemExit(f'{readme_path} has no "## Flatpak" section')
    return re.findall(r'^[-*] `(--[^`]+)`', section.group(1), re.M)


def check_finish_args(manifest_path, readme_path):
    manifest = load_manifest(manifest_path).get('finish-args', [])
    documented = readme_permissions(readme_path)
    problems = []
    for arg in manifest:
        if arg not in documented:
            problems.append(f'{arg} is in the manifest but README.md does not explain it')
    for arg in documented:
        if arg not in manifest:
            problems.append(f'README.md explains {arg}, which the manifest does not grant')
    for arg in sorted(set(a for a in manifest if manifest.count(a) > 1)):
        problems.append(f'{arg} is granted twice')
    for p in problems:
        print(p)
    if not problems:
        print(f'the {len(manifest)} finish-args match README.md:')
        for arg in manifest:
            print('  ' + arg)
    return 1 if problems else 0


def main(argv):
    if len(argv) == 4 and argv[1] == 'parses':
        return check_parses(argv[2], argv[3])
    if len(argv) == 4 and argv[1] == 'finish-args':
        return check_finish_args(argv[2], argv[3])
    if len(argv) == 3 and argv[1] == 'list-finish-args':
        for arg in load_manifest(argv[2]).get('finish-args', []):
            print(arg)
        return 0
    print(__doc__)
    return 2


if __name__ == '__main__':
    sys.exit(main(sys.argv))
