#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Slow-link benchmark: a real libvirtd with N defined domains (default 200,
a few of them running TCG guests) reached over TCP across a network
namespace boundary with added latency; side by side in one run, for each
latency:

  - Pitstop's window: when the list shows (names, states) and when it is
    complete (every VM's XML read, the window's "ready");
  - virt-manager's window: when its list holds every VM (its "domain=…
    added" log lines) and when it calls the connection active;
  - `pitstop-cli list --connect URI` (exec to exit);
  - `pitstop-cli monitor --connect URI --count 1` until its first tick with
    figures (the first tick is a baseline, so this includes one interval);
  - CPU while both windows show the host (Pitstop samples at 1 s,
    virt-manager at its 3 s default), from 5 s after each has its list.

Medians of --runs runs (the programs alternate within a run) and ratios.

Setup (torn down at the end, also on errors or ^C): the integration
harness's libvirtd (tests/integration/pit-daemons.sh, its own network
namespace) with a configuration that listens for TCP (auth none) only on the
namespace's own address; a second namespace for the clients (with their own
Xvfb and D-Bus session), joined to the first by a veth pair on 10.231.7.0/24;
the latency is added on that pair with `tc netem` when the kernel has it,
else by a delay proxy in the daemon's namespace that holds every chunk for
the one-way delay in each direction (order kept, no bandwidth limit).  No
address outside the two namespaces is used.  Takes the integration suite's
lock (one run of either at a time on a machine).

Usage: sudo build-aux/bench-slow-link.py [BUILD_DIR] [--domains N]
           [--running N] [--delays MS,MS] [--runs N] [--sampling-seconds S]
           [--no-virt-manager]
--delays are one-way delays in ms (default 25,50: round trips of 50 and
100 ms).  Installs virt-manager with apt-get when it is missing (a
benchmark-only dependency, not in install-deps.sh)."""
import argparse
import asyncio
import fcntl
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DAEMONS = os.path.join(SRC, "tests/integration/pit-daemons.sh")
LOCK = "/run/lock/pitstop-integration.lock"
PREFIX = "pitstop-it-slow-"   # pit-daemons.sh's teardown removes pitstop-it-*
DAEMON_ADDR = "10.231.7.1"
CLIENT_ADDR = "10.231.7.2"
PUBLIC_PORT = 16509           # what the clients connect to
LIBVIRTD_PORT = 16510         # libvirtd itself, behind the delay proxy
VETH_D = "pitsl-d"
VETH_C = "pitsl-c"
# the CPU figure starts this long after each window has its list (the
# one-time work after it, e.g. Pitstop's advisor and host read, is not
# sampling)
SETTLE_SECONDS = 5

DOMAIN_XML = """<domain type='qemu'>
  <name>{name}</name>
  <memory unit='MiB'>{memory}</memory>
  <vcpu placement='static'>{vcpus}</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='hd'/></os>
  <features><acpi/><apic/></features>
  <on_poweroff>destroy</on_poweroff>
  <devices>
{disk}    <serial type='pty'/>
    <memballoon model='virtio'/>
  </devices>
</domain>
"""
DISK_XML = """    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='/var/lib/libvirt/images/{name}.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
"""


def log(*args):
    print("bench-slow-link:", *args, file=sys.stderr, flush=True)


def run(*argv, check=True, **kw):
    return subprocess.run(list(argv), check=check, **kw)


# The delay proxy ------------------------------------------------------------

async def pump(reader, writer, delay):
    """Copies reader to writer, each chunk sent `delay` s after it came."""
    queue = asyncio.Queue()

    async def send():
        loop = asyncio.get_running_loop()
        while True:
            due, data = await queue.get()
            if data is None:
                break
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        writer.close()

    sender = asyncio.ensure_future(send())
    loop = asyncio.get_running_loop()
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            queue.put_nowait((loop.time() + delay, data))
    except ConnectionError:
        pass
    queue.put_nowait((0, None))
    try:
        await sender
    except ConnectionError:
        pass


def nodelay(writer):
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


async def proxy_main(listen, upstream, delay):
    async def handle(reader, writer):
        try:
            up_reader, up_writer = await asyncio.open_connection(*upstream)
        except OSError:
            writer.close()
            return
        nodelay(writer)
        nodelay(up_writer)
        await asyncio.gather(pump(reader, up_writer, delay), pump(up_reader, writer, delay))

    server = await asyncio.start_server(handle, *listen)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


# The measurements (inside the clients' namespace) ---------------------------

def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sample_cpu(pid, seconds):
    before, t0 = cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)
    return 100 * (cpu_seconds(pid) - before) / (time.monotonic() - t0)


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def gui_env(build, home):
    env = dict(os.environ, HOME=home, GSETTINGS_BACKEND="memory", GDK_DEBUG="gl-disable",
               XDG_CACHE_HOME=os.path.join(home, ".cache"), XDG_CONFIG_HOME=os.path.join(home, ".config"))
    env["GSETTINGS_SCHEMA_DIR"] = os.path.join(build, "data")
    return env


def run_pitstop(build, uri, home, n, sampling):
    env = gui_env(build, home)
    env["PITSTOP_BENCHMARK"] = "stay" if sampling else "1"
    start = time.monotonic()
    proc = subprocess.Popen([os.path.join(build, "app/ui/pitstop"), "--connect", uri],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    try:
        for line in proc.stdout:
            if line.startswith("pitstop-benchmark:"):
                elapsed = (time.monotonic() - start) * 1000
                fields = dict(kv.split("=") for kv in line.split()[1:])
                if int(fields["domains"]) != n:
                    raise RuntimeError(f"pitstop listed {fields['domains']} domains, not {n}")
                result = {"complete_ms": elapsed, "listed_ms": float(fields["listed_ms"])}
                if sampling:
                    time.sleep(SETTLE_SECONDS)
                    result["cpu_percent"] = sample_cpu(proc.pid, sampling)
                return result
        raise RuntimeError("pitstop exited without reaching the ready state")
    finally:
        stop(proc)


def run_virt_manager(uri, home, n, sampling, timeout=900):
    env = dict(os.environ, HOME=home, GSETTINGS_BACKEND="memory",
               XDG_CACHE_HOME=os.path.join(home, ".cache"), XDG_CONFIG_HOME=os.path.join(home, ".config"))
    start = time.monotonic()
    proc = subprocess.Popen(["virt-manager", "--connect", uri, "--no-fork", "--debug"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, text=True)
    added = 0
    result = {}
    try:
        for line in proc.stderr:
            now = (time.monotonic() - start) * 1000
            if now > timeout * 1000:
                raise RuntimeError("virt-manager took too long")
            if "domain=" in line and line.rstrip().endswith(" added"):
                added += 1
                if added == n:
                    result["complete_ms"] = now
            elif "changed to state=" in line and uri in line and "Active" in line:
                result["active_ms"] = now
            if "complete_ms" in result and "active_ms" in result:
                break
        else:
            raise RuntimeError(f"virt-manager exited after listing {added} domains")
        if sampling:
            # a private log thread keeps reading its stderr meanwhile
            import threading
            threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
            time.sleep(SETTLE_SECONDS)
            result["cpu_percent"] = sample_cpu(proc.pid, sampling)
        return result
    finally:
        stop(proc)


def run_cli_list(build, uri, n):
    start = time.monotonic()
    out = run(os.path.join(build, "app/cli/pitstop-cli"), "list", "--connect", uri,
              capture_output=True, text=True).stdout
    elapsed = (time.monotonic() - start) * 1000
    lines = sum(1 for line in out.splitlines() if PREFIX in line)
    if lines != n:
        raise RuntimeError(f"pitstop-cli list printed {lines} of {n} domains")
    return {"complete_ms": elapsed}


def run_cli_monitor(build, uri):
    start = time.monotonic()
    proc = subprocess.Popen([os.path.join(build, "app/cli/pitstop-cli"), "monitor", "--connect", uri,
                             "--interval", "1", "--count", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in proc.stdout:
            return {"first_tick_ms": (time.monotonic() - start) * 1000}
        raise RuntimeError("pitstop-cli monitor printed nothing")
    finally:
        stop(proc)


def inner(args):
    uri = f"qemu+tcp://{DAEMON_ADDR}/system"
    results = {"pitstop": [], "virt-manager": [], "cli-list": [], "cli-monitor": []}
    home = tempfile.mkdtemp(prefix="pitstop-slowlink-home.")
    try:
        for r in range(args.runs):
            order = ["pitstop", "virt-manager", "cli-list", "cli-monitor"]
            if r % 2:
                order.reverse()
            for what in order:
                if what == "pitstop":
                    res = run_pitstop(args.build, uri, home, args.domains, 0)
                elif what == "virt-manager":
                    if not args.virt_manager:
                        continue
                    res = run_virt_manager(uri, home, args.domains, 0)
                elif what == "cli-list":
                    res = run_cli_list(args.build, uri, args.domains)
                else:
                    res = run_cli_monitor(args.build, uri)
                log(f"run {r + 1}: {what}: " + ", ".join(f"{k} {v:.0f}" for k, v in res.items()))
                results[what].append(res)
        if args.sampling_seconds > 0:
            res = run_pitstop(args.build, uri, home, args.domains, args.sampling_seconds)
            log(f"sampling: pitstop {res['cpu_percent']:.2f} %")
            results["pitstop-cpu"] = res["cpu_percent"]
            if args.virt_manager:
                res = run_virt_manager(uri, home, args.domains, args.sampling_seconds)
                log(f"sampling: virt-manager {res['cpu_percent']:.2f} %")
                results["virt-manager-cpu"] = res["cpu_percent"]
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(json.dumps(results), flush=True)


# Setting up and tearing down (outside) ---------------------------------------

class Bench:
    def __init__(self, args):
        self.args = args
        self.state = None
        self.client_ns = None
        self.proxy = None
        self.netem = False
        self.pools_before = set()

    def daemons(self, cmd, check=True):
        return run(DAEMONS, cmd, self.state, check=check, pass_fds=())

    def in_daemon_ns(self, *argv, **kw):
        return run("ip", "netns", "exec", self.daemon_ns, *argv, **kw)

    def in_client_ns(self, *argv, **kw):
        return run("ip", "netns", "exec", self.client_ns, *argv, **kw)

    def virsh(self, *argv, **kw):
        return run("virsh", "-q", "-c", "qemu:///system", *argv, **kw)

    def setup(self):
        self.state = tempfile.mkdtemp(prefix="pitstop-slowlink.", dir="/var/tmp")
        os.chmod(self.state, 0o755)
        t = time.monotonic()
        self.daemons("setup")
        with open(os.path.join(self.state, "netns")) as f:
            self.daemon_ns = f.read().strip()
        self.client_ns = f"pitstop-sl-{os.getpid()}"
        run("ip", "netns", "add", self.client_ns)
        self.in_client_ns("ip", "link", "set", "lo", "up")
        run("ip", "link", "add", VETH_D, "netns", self.daemon_ns, "type", "veth",
            "peer", "name", VETH_C, "netns", self.client_ns)
        self.in_daemon_ns("ip", "addr", "add", f"{DAEMON_ADDR}/24", "dev", VETH_D)
        self.in_daemon_ns("ip", "link", "set", VETH_D, "up")
        self.in_client_ns("ip", "addr", "add", f"{CLIENT_ADDR}/24", "dev", VETH_C)
        self.in_client_ns("ip", "link", "set", VETH_C, "up")

        # libvirtd again, now also on TCP on the namespace's address
        with open(os.path.join(self.state, "libvirtd.conf"), "w") as f:
            f.write(f'listen_tls = 0\nlisten_tcp = 1\nlisten_addr = "{DAEMON_ADDR}"\n'
                    f'tcp_port = "{LIBVIRTD_PORT}"\nauth_tcp = "none"\n')
        self.daemons("kill-libvirtd")
        self.daemons("start-libvirtd")
        log(f"daemons up in {time.monotonic() - t:.1f} s (namespace {self.daemon_ns}, clients in {self.client_ns})")
        self.pools_before = set(self.virsh("pool-list", "--all", "--name", capture_output=True,
                                           text=True).stdout.split())

        t = time.monotonic()
        with tempfile.TemporaryDirectory() as tmp:
            cmds = []
            for i in range(self.args.domains):
                name = f"{PREFIX}{i:03d}"
                running = i < self.args.running
                path = os.path.join(tmp, f"{name}.xml")
                with open(path, "w") as f:
                    f.write(DOMAIN_XML.format(name=name, memory=64 if running else 1024 + 512 * (i % 8),
                                              vcpus=1 if running else 1 + i % 8,
                                              disk="" if running else DISK_XML.format(name=name)))
                cmds.append(f"define {path}")
            for i in range(0, len(cmds), 50):
                self.virsh("; ".join(cmds[i:i + 50]), stdout=subprocess.DEVNULL)
        for i in range(self.args.running):
            self.virsh("start", f"{PREFIX}{i:03d}", stdout=subprocess.DEVNULL)
        log(f"{self.args.domains} domains defined, {self.args.running} running, in {time.monotonic() - t:.1f} s")

    def set_delay(self, ms):
        """One-way delay `ms` on the link: netem on both ends of the veth
        pair when the kernel has it, else the proxy's."""
        if self.proxy is not None:
            self.proxy.terminate()
            self.proxy.wait()
            self.proxy = None
        proxy_delay = ms
        netem = run("ip", "netns", "exec", self.daemon_ns, "tc", "qdisc", "replace", "dev", VETH_D, "root",
                    "netem", "delay", f"{ms}ms", check=False, capture_output=True).returncode == 0
        if netem:
            self.in_client_ns("tc", "qdisc", "replace", "dev", VETH_C, "root", "netem", "delay", f"{ms}ms")
            proxy_delay = 0
            self.netem = True
        self.proxy = subprocess.Popen(["ip", "netns", "exec", self.daemon_ns, sys.executable, __file__,
                                       "--proxy", str(proxy_delay)],
                                      stdout=subprocess.PIPE, text=True)
        if self.proxy.stdout.readline().strip() != "ready":
            raise RuntimeError("the delay proxy did not start")
        if netem:
            return f"tc netem delay {ms}ms on both ends of the veth pair ({2 * ms} ms round trip)"
        return (f"delay proxy, {ms} ms each way ({2 * ms} ms round trip); tc netem is not in this "
                f"kernel (CONFIG_NET_SCH_NETEM)")

    def teardown(self):
        if self.proxy is not None:
            self.proxy.terminate()
            self.proxy.wait()
        if self.state is None:
            return
        # virt-manager makes a "default" storage pool when there is none
        try:
            pools = set(self.virsh("pool-list", "--all", "--name", capture_output=True, text=True,
                                   timeout=20).stdout.split())
            for pool in pools - self.pools_before:
                self.virsh("pool-destroy", pool, check=False, capture_output=True, timeout=20)
                self.virsh("pool-undefine", pool, check=False, capture_output=True, timeout=20)
        except (subprocess.SubprocessError, OSError):
            pass
        t = time.monotonic()
        # in batches: pit-daemons.sh's teardown runs two virsh per domain
        try:
            names = [n for n in self.virsh("list", "--all", "--name", capture_output=True, text=True,
                                           timeout=120).stdout.split() if n.startswith(PREFIX)]
            for i in range(self.args.running):
                self.virsh("destroy", f"{PREFIX}{i:03d}", check=False, capture_output=True, timeout=60)
            for i in range(0, len(names), 50):
                self.virsh("; ".join(f"undefine {n}" for n in names[i:i + 50]), check=False,
                           capture_output=True, timeout=300)
        except (subprocess.SubprocessError, OSError):
            pass
        self.daemons("teardown", check=False)
        if self.client_ns:
            run("ip", "netns", "del", self.client_ns, check=False)
        shutil.rmtree(self.state, ignore_errors=True)
        log(f"teardown in {time.monotonic() - t:.1f} s")

    def measure(self):
        inner_argv = [sys.executable, __file__, self.args.build, "--inner", "--domains", str(self.args.domains),
                      "--runs", str(self.args.runs), "--sampling-seconds", str(self.args.sampling_seconds)]
        if not self.args.virt_manager:
            inner_argv.append("--no-virt-manager")
        report = []
        for ms in self.args.delays:
            how = self.set_delay(ms)
            log(f"link: {how}")
            out = self.in_client_ns("xvfb-run", "-a", "-s", "-screen 0 1280x1024x24 -noreset",
                                    "dbus-run-session", "--", *inner_argv,
                                    stdout=subprocess.PIPE, text=True).stdout
            report.append((ms, how, json.loads(out.strip().splitlines()[-1])))
        return report


def med(values, key):
    vs = [v[key] for v in values if key in v]
    return statistics.median(vs) if vs else None


def print_report(args, report):
    print(f"slow-link benchmark: {args.domains} defined domains ({args.running} running TCG guests), "
          f"libvirtd {subprocess.run(['libvirtd', '--version'], capture_output=True, text=True).stdout.split()[-1]}"
          f" over qemu+tcp:// across network namespaces, medians of {args.runs}")
    print(f"machine: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f} at the end")
    for ms, how, r in report:
        print(f"\n== {how}")
        rows = [
            ("Pitstop window, list shown", med(r["pitstop"], "listed_ms"), r["pitstop"], "listed_ms"),
            ("Pitstop window, list complete", med(r["pitstop"], "complete_ms"), r["pitstop"], "complete_ms"),
            ("virt-manager, list complete", med(r["virt-manager"], "complete_ms"), r["virt-manager"], "complete_ms"),
            ("virt-manager, connection active", med(r["virt-manager"], "active_ms"), r["virt-manager"], "active_ms"),
            ("pitstop-cli list", med(r["cli-list"], "complete_ms"), r["cli-list"], "complete_ms"),
            ("pitstop-cli monitor, 1st figures", med(r["cli-monitor"], "first_tick_ms"), r["cli-monitor"],
             "first_tick_ms"),
        ]
        for label, value, values, key in rows:
            if value is None:
                continue
            runs = ", ".join(f"{v[key]:.0f}" for v in values if key in v)
            print(f"  {label:34s} {value:8.0f} ms   (runs {runs})")
        vm = med(r["virt-manager"], "complete_ms")
        if vm:
            for label, key in (("list shown", "listed_ms"), ("list complete", "complete_ms")):
                p = med(r["pitstop"], key)
                print(f"  ratio Pitstop {label} / virt-manager list complete: {p / vm:.3f} (1/{vm / p:.1f})")
        if "pitstop-cpu" in r:
            print(f"  CPU while showing the host ({args.sampling_seconds} s): Pitstop (1 s sampling) "
                  f"{r['pitstop-cpu']:.2f} % of a core", end="")
            if "virt-manager-cpu" in r:
                print(f", virt-manager (3 s default) {r['virt-manager-cpu']:.2f} %, "
                      f"ratio {r['pitstop-cpu'] / r['virt-manager-cpu']:.2f}")
            else:
                print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("build", nargs="?", default=os.path.join(SRC, "build"))
    parser.add_argument("--domains", type=int, default=200)
    parser.add_argument("--running", type=int, default=4)
    parser.add_argument("--delays", default="25,50")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sampling-seconds", type=int, default=20)
    parser.add_argument("--no-virt-manager", dest="virt_manager", action="store_false")
    parser.add_argument("--exec", dest="exec_cmd", metavar="CMD",
                        help="instead of measuring: run CMD in the clients' namespace (with $PITSTOP_SLOW_URI "
                             "set) at the first delay, then tear down")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--proxy", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.proxy is not None:
        asyncio.run(proxy_main((DAEMON_ADDR, PUBLIC_PORT), (DAEMON_ADDR, LIBVIRTD_PORT), args.proxy / 1000))
        return 0
    args.build = os.path.realpath(args.build)
    if args.inner:
        inner(args)
        return 0

    args.delays = [int(d) for d in args.delays.split(",")]
    if os.geteuid() != 0:
        log("needs root (namespaces, libvirtd)")
        return 77
    check = subprocess.run([DAEMONS, "check"], capture_output=True, text=True)
    if check.returncode != 0:
        log(check.stdout.strip())
        return check.returncode
    if args.virt_manager and shutil.which("virt-manager") is None:
        log("installing virt-manager (benchmark only)")
        run("apt-get", "install", "-y", "--no-install-recommends", "virt-manager",
            env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    for prog in ("pitstop-cli", "pitstop"):
        sub = "app/cli" if prog == "pitstop-cli" else "app/ui"
        if not os.access(os.path.join(args.build, sub, prog), os.X_OK):
            log(f"no {prog} in {args.build}; build first")
            return 1

    lock = open(LOCK, "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        log(f"waiting for the integration suite's lock ({LOCK})")
        fcntl.flock(lock, fcntl.LOCK_EX)

    bench = Bench(args)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(130))
    try:
        bench.setup()
        if args.exec_cmd:
            log(f"link: {bench.set_delay(args.delays[0])}")
            bench.in_client_ns("env", f"PITSTOP_SLOW_URI=qemu+tcp://{DAEMON_ADDR}/system", "sh", "-c",
                               args.exec_cmd, check=False)
            return 0
        report = bench.measure()
    finally:
        bench.teardown()
    print_report(args, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
