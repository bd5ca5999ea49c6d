#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""build-aux/bench-guest-idle.py on a recorded /proc and /run
(tests/fixtures/bench/idle-host): the pid from libvirt's pid file, utime +
stime from /proc/PID/stat whatever the command name holds, the percentage,
and the measure and compare commands' output.  Never the machine's own
/proc: a measurement needs a KVM host and a minute."""

import contextlib
import importlib.util
import io
import json
import os
import sys
import tempfile

SOURCE = os.environ.get('PITSTOP_SOURCE_DIR') or os.path.join(os.path.dirname(__file__), '..', '..')
ROOT = os.path.join(SOURCE, 'tests', 'fixtures', 'bench', 'idle-host')
spec = importlib.util.spec_from_file_location('bench_guest_idle',
                                              os.path.join(SOURCE, 'build-aux', 'bench-guest-idle.py'))
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

PROC = os.path.join(ROOT, 'proc')
RUN = os.path.join(ROOT, 'run')
results = []


def check(name, condition, detail=''):
    results.append((name, condition, detail))


def expect_exit(name, fn, message):
    try:
        fn()
    except SystemExit as e:
        check(name, message in str(e), str(e))
    else:
        check(name, False, 'no error')


check('pid from the pid file', bench.read_pid(RUN, 'win10') == 4242)
expect_exit('a VM that does not run', lambda: bench.read_pid(RUN, 'off-vm'), 'off-vm is not running here')
expect_exit('a pid file without a number', lambda: bench.read_pid(RUN, 'broken'), 'holds no process id')
check('utime + stime', bench.cpu_ticks(PROC, 4242) == 18234 + 5120, str(bench.cpu_ticks(PROC, 4242)))
check('a name with spaces and parentheses', bench.cpu_ticks(PROC, 4343) == 10, str(bench.cpu_ticks(PROC, 4343)))
check('30 s of CPU in 60 s at 100 ticks/s is 50 %', bench.percent_of_core(1000, 4000, 60, 100) == 50.0)
check('two cores busy is 200 %', bench.percent_of_core(0, 12000, 60, 100) == 200.0)
try:
    bench.percent_of_core(0, 1, 0, 100)
    check('no interval refused', False)
except ValueError:
    check('no interval refused', True)

out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
    bench.main(['bench-guest-idle.py', 'measure', 'win10', '--label', 'before', '--seconds', '0.05',
                '--settle', '0', '--proc', PROC, '--run', RUN])
measured = json.loads(out.getvalue())
# the recorded stat does not move: nothing used in between
check('measure prints JSON', measured['vm'] == 'win10' and measured['pid'] == 4242 and measured['label'] == 'before'
      and measured['cpu_seconds'] == 0 and measured['percent_of_core'] == 0, out.getvalue())

with tempfile.TemporaryDirectory() as tmp:
    before = os.path.join(tmp, 'before.json')
    after = os.path.join(tmp, 'after.json')
    with open(before, 'w') as f:
        json.dump({'vm': 'win10', 'label': 'before', 'pid': 1, 'seconds': 60.0, 'cpu_seconds': 18.6,
                   'percent_of_core': 31.0}, f)
    with open(after, 'w') as f:
        json.dump({'vm': 'win10', 'label': 'hyperv', 'pid': 2, 'seconds': 60.0, 'cpu_seconds': 0.6,
                   'percent_of_core': 1.0}, f)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        bench.main(['bench-guest-idle.py', 'compare', before, after])
    text = out.getvalue()
    check('compare', 'before: 31.0 % of a core' in text and 'hyperv: 1.0 % of a core' in text
          and 'ratio: 31.0× less host CPU after' in text, text)

print('1..%d' % len(results))
for i, (name, ok, detail) in enumerate(results, 1):
    print('%s %d %s' % ('ok' if ok else 'not ok', i, name))
    if not ok:
        print('# ' + detail.replace('\n', '\n# '))
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
