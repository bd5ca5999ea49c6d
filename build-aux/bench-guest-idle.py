#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What an idle guest costs its host: the CPU time of the VM's QEMU process
over a minute in which the guest does nothing, as % of one host core.

Run it on a KVM host (not in a VM without nested KVM: QEMU without KVM
refuses the Hyper-V enlightenments), as root or as a user who may read the
VM's pid file, with the guest booted to its desktop and left alone:

    sudo build-aux/bench-guest-idle.py measure win10 --label before > before.json
    virsh shutdown win10        # wait until it is off
    pitstop-cli tune --connect qemu:///system --vm win10 --hyperv --timers
    virsh start win10           # log in, leave it idle
    sudo build-aux/bench-guest-idle.py measure win10 --label after > after.json
    build-aux/bench-guest-idle.py compare before.json after.json

`measure` waits --settle seconds (default 120: Windows does its start-up
work in the first minutes), then reads the process's utime + stime (all its
threads: vCPUs, I/O, emulator) from /proc/PID/stat twice, --seconds apart
(default 60), and prints one JSON object.  It reads nothing else and changes
nothing.  The published figure it checks: an idle Windows guest costs about
30 % of a core without the synic and stimer enlightenments, about 1 % with
them.

--proc and --run read another root's /proc and /run (the tests use a
recorded tree); the PID comes from libvirt's pid file,
RUN/libvirt/qemu/NAME.pid.
"""

import argparse
import json
import os
import sys
import time


def read_pid(run_dir, vm):
    """The QEMU process of a running VM, from libvirt's pid file."""
    path = os.path.join(run_dir, 'libvirt', 'qemu', vm + '.pid')
    try:
        with open(path) as f:
            return int(f.read().strip())
    except FileNotFoundError:
        raise SystemExit(f'{vm} is not running here: no {path}')
    except ValueError:
        raise SystemExit(f'{path} holds no process id')


def cpu_ticks(proc_dir, pid):
    """utime + stime of the process (every thread), in clock ticks.  The
    command name in field 2 may hold spaces and parentheses ("(qemu-system-x86)"):
    the fields are counted after its last ")"."""
    with open(os.path.join(proc_dir, str(pid), 'stat')) as f:
        text = f.read()
    fields = text.rsplit(')', 1)[1].split()
    # after the name: state is field 3, utime field 14, stime field 15
    return int(fields[11]) + int(fields[12])


def percent_of_core(ticks_before, ticks_after, seconds, ticks_per_second):
    """CPU time over wall time, as % of one core"""
    if seconds <= 0:
        raise ValueError('the interval must be longer than 0 s')
    return 100.0 * (ticks_after - ticks_before) / ticks_per_second / seconds


def measure(args):
    pid = read_pid(args.run, args.vm)
    ticks_per_second = os.sysconf('SC_CLK_TCK')
    if args.settle > 0:
        print(f'waiting {args.settle} s for the guest to settle…', file=sys.stderr)
        time.sleep(args.settle)
    before, start = cpu_ticks(args.proc, pid), time.monotonic()
    time.sleep(args.seconds)
    after, elapsed = cpu_ticks(args.proc, pid), time.monotonic() - start
    result = {
        'vm': args.vm,
        'label': args.label,
        'pid': pid,
        'seconds': round(elapsed, 2),
        'cpu_seconds': round((after - before) / ticks_per_second, 2),
        'percent_of_core': round(percent_of_core(before, after, elapsed, ticks_per_second), 2),
    }
    print(json.dumps(result))


def compare(args):
    with open(args.before) as f:
        before = json.load(f)
    with open(args.after) as f:
        after = json.load(f)
    print(f"{before['label'] or 'before'}: {before['percent_of_core']:.1f} % of a core "
          f"({before['cpu_seconds']} s of CPU in {before['seconds']} s)")
    print(f"{after['label'] or 'after'}: {after['percent_of_core']:.1f} % of a core "
          f"({after['cpu_seconds']} s of CPU in {after['seconds']} s)")
    if after['percent_of_core'] > 0:
        print(f"ratio: {before['percent_of_core'] / after['percent_of_core']:.1f}× less host CPU after")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    commands = parser.add_subparsers(dest='command', required=True)
    m = commands.add_parser('measure', help='the VM process\'s CPU over an idle interval, as JSON')
    m.add_argument('vm', help='the VM\'s libvirt name')
    m.add_argument('--label', default='', help='what this run is ("before", "hyperv")')
    m.add_argument('--seconds', type=float, default=60.0)
    m.add_argument('--settle', type=float, default=120.0)
    m.add_argument('--proc', default='/proc')
    m.add_argument('--run', default='/run')
    m.set_defaults(func=measure)
    c = commands.add_parser('compare', help='two measurements side by side')
    c.add_argument('before')
    c.add_argument('after')
    c.set_defaults(func=compare)
    args = parser.parse_args(argv[1:])
    args.func(args)


if __name__ == '__main__':
    main(sys.argv)
