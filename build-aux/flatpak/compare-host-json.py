#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Compares two `pitstop-cli host --json` outputs, for check-local.sh.

  compare-host-json.py OUTSIDE INSIDE [SECTION…]

OUTSIDE is the unsandboxed run, INSIDE the one in the Flatpak sandbox.
With SECTIONs (top-level keys: cpu, iommu, pci, gpus, hugepages, net,
boot …) only those are compared, else all but the volatile ones
(memory_available_kib, which changes from one read to the next).  Prints, per section, that it
agrees or every value that differs (its path and both values); exits 1
when something differs, or when a SECTION named on the command line is
empty on both sides (nothing was compared: the check could not fail).
"""
import json
import sys

# values that change from one moment to the next: read twice outside, they
# differ too
VOLATILE = {'memory_available_kib'}


def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append((f'{path}.{k}', a.get(k, '(missing)'), b.get(k, '(missing)')))
            else:
                diff(a[k], b[k], f'{path}.{k}', out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff(x, y, f'{path}[{i}]', out)
    elif a != b:
        out.append((path, a, b))


def short(v):
    text = json.dumps(v, ensure_ascii=False)
    return text if len(text) <= 100 else text[:97] + '…'


def empty(v):
    return v in (None, [], {}, '') or (isinstance(v, dict) and all(empty(x) for x in v.values()))


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    with open(argv[1], encoding='utf-8') as f:
        outside = json.load(f)
    with open(argv[2], encoding='utf-8') as f:
        inside = json.load(f)
    sections = argv[3:] or sorted((set(outside) | set(inside)) - VOLATILE)
    failed = False
    for sec in sections:
        if sec not in outside and sec not in inside:
            print(f'{sec}: in neither output (no such section)')
            failed = True
            continue
        out = []
        diff(outside.get(sec), inside.get(sec), sec, out)
        if out:
            failed = True
            print(f'{sec}: the sandbox sees something else')
            for path, a, b in out:
                print(f'  {path}: outside {short(a)}, inside {short(b)}')
        elif empty(outside.get(sec)):
            failed = failed or bool(argv[3:])
            print(f'{sec}: empty on both sides, nothing compared')
        else:
            print(f'{sec}: the same inside and outside')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
