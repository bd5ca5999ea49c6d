#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the commands README.md shows, as printed, from the repository root,
the way a reader pastes them into a shell: every indented command line that
needs no real host must succeed and print something.  Commands that need a
libvirt daemon or another machine (--connect, qemu+ssh://, flatpak) and the
two set-up commands (build-aux/run-*.sh, which CI runs itself) are listed as
skipped with the reason.  A command of a kind this script does not know fails,
so a new example cannot slip past it.

Speaks TAP.  Usage: check-readme-examples.py SOURCE_ROOT BUILD_ROOT
"""
import os
import shlex
import subprocess
import sys
import tempfile

src, build = (os.path.realpath(p) for p in sys.argv[1:3])
if build != os.path.join(src, 'build'):
    print(f'1..0 # SKIP the README builds in {src}/build; this build is {build}')
    sys.exit(0)

examples = []
with open(os.path.join(src, 'README.md'), encoding='utf-8') as f:
    for number, line in enumerate(f, 1):
        if line.startswith('    ') and line.strip() and not line.strip().startswith('#'):
            examples.append((number, line.strip()))


def why_not_run(command):
    words = shlex.split(command, comments=True)
    if words[0].startswith('build-aux/run-'):
        return 'the set-up command itself (CI runs it)'
    if words[0] in ('flatpak', 'flatpak-builder'):
        return 'needs Flathub and the GNOME runtime'
    if '--connect' in words:
        return 'needs a libvirt daemon or another machine'
    if not {'--demo', '--root', '--pci-dump'} & set(words):
        return "reads the reader's own host"
    return None


# a reader's shell: none of the test suite's variables, a HOME of its own
env = {k: v for k, v in os.environ.items()
       if not k.startswith(('PITSTOP_', 'G_TEST_', 'MESON_'))}
home = tempfile.TemporaryDirectory(prefix='pitstop-readme-')
env['HOME'] = home.name
for var, sub in (('XDG_CONFIG_HOME', 'config'), ('XDG_DATA_HOME', 'data'),
                 ('XDG_CACHE_HOME', 'cache'), ('XDG_STATE_HOME', 'state')):
    env[var] = os.path.join(home.name, sub)

print(f'1..{len(examples) + 1}')
failed = 0
for i, (number, command) in enumerate(examples, 1):
    name = f'README.md:{number}: {command.split(" #")[0].rstrip()}'   # a "#" would start a TAP directive
    reason = why_not_run(command)
    if reason is not None:
        print(f'ok {i} {name} # SKIP {reason}')
        continue
    words = shlex.split(command, comments=True)
    program = words[0]
    if words[:2] == ['meson', 'devenv']:
        # meson devenv [-C DIR] [-w DIR] PROGRAM …
        rest = words[2:]
        while len(rest) >= 2 and rest[0] in ('-C', '-w', '--workdir'):
            rest = rest[2:]
        program = rest[0] if rest else None
    if program not in ('pitstop-cli', 'pitstop'):
        print(f'not ok {i} {name} # a kind of command this check does not know')
        failed += 1
        continue
    if program == 'pitstop':
        print(f'not ok {i} {name} # the GUI is not run from here: show it with --demo in a screenshot test')
        failed += 1
        continue
    try:
        result = subprocess.run(words, cwd=src, env=env, capture_output=True, text=True, timeout=120)
    except OSError as e:
        print(f'not ok {i} {name}')
        print(f'# {e}')
        failed += 1
        continue
    allowed = (0, 2) if 'check' in words else (0,)   # check: 2 when something holds the VM back
    if result.returncode not in allowed or not result.stdout.strip():
        print(f'not ok {i} {name}')
        print(f'# exit status {result.returncode}')
        for line in (result.stderr or '(nothing on stdout)').splitlines()[:10]:
            print(f'# {line}')
        failed += 1
    else:
        print(f'ok {i} {name}')

# the build's environment must not hide the system's icon theme and GSettings
# schemas when the reader's session leaves XDG_DATA_DIRS unset
bare = {k: v for k, v in env.items() if k != 'XDG_DATA_DIRS'}
dump = subprocess.run(['meson', 'devenv', '-C', 'build', '-w', '.', 'env'], cwd=src, env=bare,
                      capture_output=True, text=True, timeout=60).stdout
dirs = next((l.split('=', 1)[1] for l in dump.splitlines() if l.startswith('XDG_DATA_DIRS=')), '')
i = len(examples) + 1
if '/usr/share' in dirs.split(':') and '/usr/local/share' in dirs.split(':'):
    print(f'ok {i} meson devenv keeps the XDG data folders when XDG_DATA_DIRS is unset')
else:
    print(f'not ok {i} meson devenv keeps the XDG data folders when XDG_DATA_DIRS is unset')
    print(f'# XDG_DATA_DIRS={dirs}')
    failed += 1
sys.exit(1 if failed else 0)
