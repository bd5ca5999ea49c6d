#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start-up benchmark: a test-driver host with 200 running domains; the time
until Pitstop's window is mapped with the list filled, and its peak RSS,
against virt-manager (when installed) on the same host, in the same run:
until its window is mapped and its list holds every domain (its --debug
log's "domain=… added" lines, as bench-slow-link.py reads them), the later
of the two; its peak RSS one second after that.
Prints the medians of 5 runs and the ratios.

Usage: build-aux/bench-startup.py [BUILD_DIR] [--domains N] [--runs N]
           [--baseline OTHER_BUILD_DIR]
--baseline also runs another build (GL disabled), alternating with this one
run by run, and prints the ratios of the two (before/after in one run).
Besides the wall-clock time it prints the CPU time the process used until
it exited right after "ready" (user + system), which a loaded machine
disturbs less.  Runs its own Xvfb and D-Bus session; needs xvfb, dbus, and xdotool for the
virt-manager side.

Xvfb has no GPU: GTK 4 then renders with OpenGL on Mesa's llvmpipe, which maps
LLVM (~45 MB resident) and costs ~300 ms at start; virt-manager (GTK 3)
draws with cairo in software.  Pitstop is measured both ways: as it starts by
default, and with GL disabled (GDK_DEBUG=gl-disable), which is the like-for-
like comparison with virt-manager on this machine."""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def peak_rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_pitstop(build, uri, env, extra_env):
    env = dict(env, **extra_env)
    env.update(PITSTOP_BENCHMARK="1", GSETTINGS_BACKEND="memory",
               GSETTINGS_SCHEMA_DIR=os.path.join(build, "data"))
    start = time.monotonic()
    proc = subprocess.Popen([os.path.join(build, "app/ui/pitstop"), "--connect", uri],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    for line in proc.stdout:
        if line.startswith("pitstop-benchmark:"):
            elapsed = time.monotonic() - start
            fields = dict(kv.split("=") for kv in line.split()[1:])
            proc.stdout.read()
            _, _, usage = os.wait4(proc.pid, 0)
            proc.returncode = 0
            run_pitstop.cpu_ms = (usage.ru_utime + usage.ru_stime) * 1000
            return elapsed * 1000, int(fields["peak_rss_kib"]), int(fields["domains"])
    proc.wait()
    raise RuntimeError("pitstop exited without reaching the ready state")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def sample_cpu(pid, seconds):
    """CPU % of one core the process used over the next @seconds."""
    before, start = cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)
    return 100 * (cpu_seconds(pid) - before) / (time.monotonic() - start)


def run_pitstop_sampling(build, uri, env, extra_env, seconds):
    env = dict(env, **extra_env)
    env.update(PITSTOP_BENCHMARK="stay", GSETTINGS_BACKEND="memory",
               GSETTINGS_SCHEMA_DIR=os.path.join(build, "data"))
    proc = subprocess.Popen([os.path.join(build, "app/ui/pitstop"), "--connect", uri],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    try:
        for line in proc.stdout:
            if line.startswith("pitstop-benchmark:"):
                time.sleep(2)  # past the first ticks
                return sample_cpu(proc.pid, seconds)
        raise RuntimeError("pitstop exited without reaching the ready state")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def run_virt_manager_sampling(uri, env, seconds):
    proc = subprocess.Popen(["virt-manager", "--connect", uri, "--no-fork"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(proc.pid),
                               "--name", "Virtual Machine Manager"], capture_output=True, env=env).stdout.strip():
                time.sleep(2)
                return sample_cpu(proc.pid, seconds)
            time.sleep(0.05)
        raise RuntimeError("virt-manager's window did not appear within 60 s")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def run_virt_manager(uri, env, n):
    """virt-manager's start: when its main window is mapped, when its list
    holds all @n domains (its --debug log says "domain=… added" for each, as
    bench-slow-link.py reads it), and its peak RSS one second after both.
    Returns (mapped_ms, complete_ms, peak_rss_kib)."""
    import threading
    start = time.monotonic()
    proc = subprocess.Popen(["virt-manager", "--connect", uri, "--no-fork", "--debug"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    complete = threading.Event()
    times = {}

    def read_log():
        added = 0
        for line in proc.stderr:
            if "domain=" in line and line.rstrip().endswith(" added"):
                added += 1
                if added == n:
                    times["complete"] = time.monotonic() - start
                    complete.set()
        complete.set()  # exited (or closed its log) before listing them all

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    try:
        deadline = start + 60
        while time.monotonic() < deadline and "mapped" not in times:
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(proc.pid),
                                    "--name", "Virtual Machine Manager"],
                                   capture_output=True, env=env).stdout.strip()
            if found:
                times["mapped"] = time.monotonic() - start
            else:
                time.sleep(0.01)
        if "mapped" not in times:
            raise RuntimeError("virt-manager's window did not appear within 60 s")
        if not complete.wait(max(0.0, deadline - time.monotonic())) or "complete" not in times:
            raise RuntimeError(f"virt-manager did not list all {n} domains")
        time.sleep(1.0)
        return times["mapped"] * 1000, times["complete"] * 1000, peak_rss_kib(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build", nargs="?", default=os.path.join(SRC, "build"))
    parser.add_argument("--domains", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", metavar="BUILD_DIR",
                        help="another build to compare with (GL disabled), alternating run by run")
    parser.add_argument("--sampling-seconds", type=int, default=0,
                        help="also measure CPU use while the overview samples every VM (e.g. 30)")
    args = parser.parse_args()
    build = os.path.abspath(args.build)

    tmp = tempfile.mkdtemp(prefix="pitstop-bench-")
    host = os.path.join(tmp, "host.xml")
    subprocess.check_call([sys.executable, os.path.join(SRC, "build-aux/gen-test-host.py"),
                           str(args.domains), host])
    uri = "test://" + host

    display = ":%d" % (90 + os.getpid() % 9)
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp", "-noreset"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    env = dict(os.environ, DISPLAY=display, NO_AT_BRIDGE="1", HOME=tmp,
               XDG_CONFIG_HOME=os.path.join(tmp, "config"), XDG_CACHE_HOME=os.path.join(tmp, "cache"))
    env.pop("WAYLAND_DISPLAY", None)
    modes = [("pitstop (GL on llvmpipe)", {}, build),
             ("pitstop (GL disabled)", {"GDK_DEBUG": "gl-disable"}, build)]
    if args.baseline:
        modes.append(("baseline (GL disabled)", {"GDK_DEBUG": "gl-disable"}, os.path.abspath(args.baseline)))
    cpu = {name: [] for name, _, _ in modes}
    print(f"load average at the start: {' '.join('%.1f' % x for x in os.getloadavg())}", flush=True)
    try:
        results = {name: ([], []) for name, _, _ in modes}
        vm_times, vm_mapped, vm_listed, vm_rss = [], [], [], []
        have_vm = shutil.which("virt-manager") and shutil.which("xdotool")
        for i in range(args.runs):
            for name, extra, which in (modes if i % 2 == 0 else modes[::-1]):
                ms, rss, n = run_pitstop(which, uri, env, extra)
                if n != args.domains:
                    raise RuntimeError(f"Pitstop listed {n} domains, expected {args.domains}")
                results[name][0].append(ms)
                results[name][1].append(rss)
                cpu[name].append(run_pitstop.cpu_ms)
            if have_vm:
                mapped, listed, rss = run_virt_manager(uri, env, args.domains)
                vm_mapped.append(mapped)
                vm_listed.append(listed)
                # its window showing its list: the later of the two
                vm_times.append(max(mapped, listed))
                vm_rss.append(rss)
        print(f"host: libvirt test driver, {args.domains} running domains; {args.runs} runs each, medians")
        print(f"machine: {os.cpu_count()} CPUs, {os.uname().release}; {time.strftime('%Y-%m-%d')}")
        if have_vm:
            vt, vr = statistics.median(vm_times), statistics.median(vm_rss)
            print(f"{'virt-manager (window with its list)':34s} {vt:7.0f} ms   peak RSS {vr / 1024:6.1f} MiB"
                  f"   (runs: {', '.join('%.0f' % t for t in vm_times)} ms)")
            print(f"{'':34s} window mapped {statistics.median(vm_mapped):5.0f} ms, every domain added "
                  f"{statistics.median(vm_listed):5.0f} ms (medians)")
        for name, _, _ in modes:
            times, rss = results[name]
            pt, pr = statistics.median(times), statistics.median(rss)
            print(f"{name + ' (list filled)':34s} {pt:7.0f} ms   peak RSS {pr / 1024:6.1f} MiB"
                  f"   (runs: {', '.join('%.0f' % t for t in times)} ms)")
            print(f"{'':34s} CPU time {statistics.median(cpu[name]):5.0f} ms"
                  f"   (runs: {', '.join('%.0f' % t for t in cpu[name])} ms)")
            if have_vm:
                print(f"{'':34s} ratios to virt-manager: time {pt / vt:.2f} (1/{vt / pt:.1f}), RSS {pr / vr:.2f}")
        if args.baseline:
            a, b = "pitstop (GL disabled)", "baseline (GL disabled)"
            print(f"this build / baseline, GL disabled: time "
                  f"{statistics.median(results[a][0]) / statistics.median(results[b][0]):.2f}, CPU time "
                  f"{statistics.median(cpu[a]) / statistics.median(cpu[b]):.2f}, peak RSS "
                  f"{statistics.median(results[a][1]) / statistics.median(results[b][1]):.2f}")
        print(f"load average at the end: {' '.join('%.1f' % x for x in os.getloadavg())}")
        if not have_vm:
            print("virt-manager (or xdotool) is not installed: no comparison")
        if args.sampling_seconds > 0:
            pit_cpu = [run_pitstop_sampling(build, uri, env, {"GDK_DEBUG": "gl-disable"}, args.sampling_seconds)
                       for _ in range(3)]
            print(f"CPU while showing every VM's live figures ({args.sampling_seconds} s, median of 3):")
            print(f"  pitstop (1 s interval)        {statistics.median(pit_cpu):5.2f} % of a core "
                  f"(runs: {', '.join('%.2f' % c for c in pit_cpu)})")
            if have_vm:
                vm_cpu = [run_virt_manager_sampling(uri, env, args.sampling_seconds) for _ in range(3)]
                print(f"  virt-manager (its 3 s default) {statistics.median(vm_cpu):5.2f} % of a core "
                      f"(runs: {', '.join('%.2f' % c for c in vm_cpu)})")
                print(f"  ratio pitstop/virt-manager = {statistics.median(pit_cpu) / statistics.median(vm_cpu):.2f}")
    finally:
        xvfb.terminate()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if "DBUS_SESSION_BUS_ADDRESS" not in os.environ and shutil.which("dbus-run-session"):
        os.execvp("dbus-run-session", ["dbus-run-session", "--", sys.executable] + sys.argv)
    main()
