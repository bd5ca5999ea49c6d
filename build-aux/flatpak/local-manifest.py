#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the test manifest build-local.sh builds, derived from the real one.

  local-manifest.py MANIFEST SOURCE_DIR RUNTIME SDK BRANCH OUT

The same id, command, finish-args, cleanup and Pitstop module (its
buildsystem, config options and run-tests); the runtime and SDK are the
Debian 12 ones build-local.sh makes, which already hold what the real
manifest builds from upstream tarballs (libtirpc, rpcsvc-proto, libvirt,
libvirt-glib, pciutils), so those modules are left out.  Any other module
is an error: the test manifest would silently stop testing it.  The Pitstop
source is SOURCE_DIR (absolute: OUT lives elsewhere), skipping build trees.
"""
import importlib.util
import json
import os
import sys

_spec = importlib.util.spec_from_file_location(
    'check_manifest', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'check-manifest.py'))
_check_manifest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_check_manifest)
load_manifest = _check_manifest.load_manifest

FROM_RUNTIME = {'libtirpc', 'rpcsvc-proto', 'libvirt', 'libvirt-glib', 'pciutils'}


def derive(manifest, source_dir, runtime, sdk, branch):
    out = dict(manifest)
    out['runtime'] = runtime
    out['sdk'] = sdk
    out['runtime-version'] = branch
    modules = []
    for mod in manifest.get('modules', []):
        name = mod.get('name') if isinstance(mod, dict) else mod
        if name in FROM_RUNTIME:
            continue
        if name != 'pitstop':
            raise SystemExit(f'module {name!r} of the real manifest is neither Pitstop nor '
                             f'one the Debian runtime provides ({", ".join(sorted(FROM_RUNTIME))}): '
                             'add it to the runtime or to the test manifest')
        mod = json.loads(json.dumps(mod))
        for src in mod.get('sources', []):
            if src.get('type') == 'dir':
                src['path'] = source_dir
                skip = src.setdefault('skip', [])
                # every build tree of a checkout (build-asan, build-screenshot …)
                for entry in sorted(os.listdir(source_dir)):
                    if (entry.startswith('build') and entry != 'build-aux') or entry.startswith('_'):
                        if entry not in skip:
                            skip.append(entry)
        modules.append(mod)
    missing = FROM_RUNTIME - {m.get('name') for m in manifest.get('modules', []) if isinstance(m, dict)}
    if missing:
        print(f'note: the real manifest no longer builds {", ".join(sorted(missing))}', file=sys.stderr)
    if [m['name'] for m in modules] != ['pitstop']:
        raise SystemExit('the real manifest has no pitstop module')
    out['modules'] = modules
    return out


def main(argv):
    if len(argv) != 7:
        print(__doc__)
        return 2
    manifest_path, source_dir, runtime, sdk, branch, out_path = argv[1:]
    out = derive(load_manifest(manifest_path), os.path.abspath(source_dir), runtime, sdk, branch)
    text = json.dumps(out, indent=4) + '\n'
    try:
        with open(out_path, encoding='utf-8') as f:
            if f.read() == text:
                return 0  # unchanged: flatpak-builder's cache stays valid
    except FileNotFoundError:
        pass
    with open(out_path, 'w', encoding='utf-8') as f:
        f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
