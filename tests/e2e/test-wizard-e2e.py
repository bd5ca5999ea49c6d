#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of the tuning wizard, driven over AT-SPI as a screen
reader would: start `pitstop --demo`, choose win10-gaming, run the whole
wizard (the GTX 1080 with its audio function, hide the hypervisor, topology
1×4×2 with the current allocation, automatic pinning, 1 GiB hugepages, the
driver disc, a virtio NIC, a bridge), apply, check the VM's XML in the
window's XML view, then Undo and check again; last, the pages by keyboard
alone (Alt+Right, Alt+Left, Escape).

Prints TAP.  Needs a display (xvfb-run), dbus-run-session, xdotool and
GObject introspection for Gio and Atspi; skips (TAP "skip") without them.

How it stays reliable:
- Its own D-Bus session: the script runs itself again under
  dbus-run-session, with the display in the session's environment, and
  hands the accessibility bus of that session to the app
  (AT_SPI_BUS_ADDRESS).  Whether dbus-run-session wraps xvfb-run or the
  other way round, and whatever ran on the outer session before, the app
  and the test meet on one fresh bus, and no other "pitstop" answers.
- No pointer: controls are worked through their AT-SPI actions ("click",
  "toggle"), list rows through the list's Selection, keys are real key
  presses (xdotool, XTest).  GTK 4.8 has no screen coordinates for AT-SPI
  ("Screen coordinates not supported"), so a click at an accessible's
  position lands wherever the window happens to be.
- No fixed delays: every step polls for the state it needs (the app on the
  bus, a control sensitive, a row selected, a label there, a toast gone),
  each wait bounded.
- Fast enough under load: the tree is read level by level with all of a
  level's D-Bus calls in flight at once (GetChildren, GetRole, Name), where
  a client library asks node by node, waiting for each answer; GTK 4.8
  shows the hidden pages of a stack too, so a window has hundreds of nodes.
- One display connection held from the start to the end: an Xvfb started
  without -noreset resets when its last client closes, and refuses the
  clients that connect meanwhile ("cannot open display"), which could hit
  the app or the AT-SPI registry when the test started, and the restarted
  app between the two runs.
- The app dies with the test (PR_SET_PDEATHSIG) and does not write on the
  test's output: left running, it kept meson waiting for the timeout."""
import ctypes
import faulthandler
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# Every wait is bounded by this many seconds (scaled by PITSTOP_E2E_WAIT_SCALE,
# e.g. for a sanitizer build on a loaded machine).
WAIT = 30 * float(os.environ.get("PITSTOP_E2E_WAIT_SCALE", "1"))
OWN_SESSION = "PITSTOP_E2E_OWN_SESSION"
TAP_FD = "PITSTOP_E2E_TAP_FD"
# How far below the toast overlay a toast's label or button is (libadwaita
# 1.2: toast, its box, its label or button), with room to spare.
TOAST_DEPTH = 8
# D-Bus calls in flight at once while reading the tree
BATCH = 64


def tap(ok, number, name, detail=None):
    print(("ok" if ok else "not ok") + f" {number} - {name}")
    if detail:
        for line in str(detail).splitlines():
            print(f"# {line}")
    sys.stdout.flush()


def skip_all(reason):
    print(f"1..0 # SKIP {reason}")
    sys.exit(0)


def without_fatal_warnings(value):
    """G_DEBUG without fatal-warnings, for the D-Bus session, the AT-SPI
    daemons it starts and the app: GTK 4.8 warns when an AT-SPI client asks
    for screen coordinates, the daemons warn about clients that go away."""
    flags = [flag for flag in (value or "").split(",") if flag and flag not in ("fatal-warnings", "fatal-criticals")]
    return ",".join(flags)


def run_in_own_session():
    """Runs this script again inside a D-Bus session of its own, with the
    display in the session's environment: the session starts the
    accessibility bus and its registry."""
    runner = shutil.which("dbus-run-session")
    if runner is None:
        skip_all("dbus-run-session is not installed")
    env = dict(os.environ)
    env[OWN_SESSION] = "1"
    env["G_DEBUG"] = without_fatal_warnings(env.get("G_DEBUG"))
    env.pop("AT_SPI_BUS_ADDRESS", None)
    # TAP goes on a copy of stdout; the session's daemons get stderr as
    # their stdout (the registry says hello there)
    sys.stdout.flush()
    tap_fd = os.dup(1)
    os.set_inheritable(tap_fd, True)
    os.dup2(2, 1)
    env[TAP_FD] = str(tap_fd)
    os.execve(runner, [runner, "--", sys.executable, os.path.abspath(__file__)], env)


if not os.environ.get("DISPLAY"):
    skip_all("no display (run under xvfb-run)")
if shutil.which("xdotool") is None:
    skip_all("xdotool is not installed")
try:
    import gi
    gi.require_version("Atspi", "2.0")
    from gi.repository import Atspi, Gio, GLib
except (ImportError, ValueError) as error:
    skip_all(f"GObject introspection for Gio and Atspi is not installed ({error})")
if os.environ.get(OWN_SESSION) != "1":
    run_in_own_session()
if TAP_FD in os.environ:
    sys.stdout = os.fdopen(int(os.environ.pop(TAP_FD)), "w")
    os.set_inheritable(sys.stdout.fileno(), False)


def hold_display():
    """Opens one connection to the display and keeps it until this process
    ends, before anything else connects: the server then never has zero
    clients, so it never resets under the test (see the notes above)."""
    try:
        xlib = ctypes.CDLL("libX11.so.6")
    except OSError as error:
        skip_all(f"libX11 is not installed ({error})")
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    connection = xlib.XOpenDisplay(None)
    if not connection:
        print(f"Bail out! cannot open the display {os.environ['DISPLAY']}")
        sys.exit(1)
    return connection


DISPLAY_HELD = hold_display()

APP = {}


def app_alive():
    proc = APP.get("process")
    if proc is not None and proc.poll() is not None:
        raise RuntimeError(f"pitstop exited (status {proc.returncode})")


def wait_for(what, predicate, timeout=None):
    """Polls predicate until it returns something true; fails after the bound
    with the last error seen, or at once when the app has gone."""
    deadline = time.monotonic() + (timeout or WAIT)
    last = None
    while True:
        app_alive()
        try:
            result = predicate()
            if result:
                return result
        except Exception as error:  # a node that went away meanwhile: look again
            last = error
        if time.monotonic() > deadline:
            detail = f" (last error: {type(last).__name__}: {last})" if last else ""
            raise AssertionError(f"timed out waiting for {what}{detail}")
        time.sleep(0.1)


# ---------------------------------------------------------------- AT-SPI


class Bus:
    """The accessibility bus, called directly (Gio): one call, or many in
    flight at once."""

    def __init__(self, address):
        self.connection = Gio.DBusConnection.new_for_address_sync(
            address, Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION,
            None, None)

    def call(self, name, path, interface, method, args=None, reply=None):
        result = self.connection.call_sync(name, path, interface, method, args,
                                           GLib.VariantType.new(reply) if reply else None,
                                           Gio.DBusCallFlags.NONE, int(WAIT * 1000), None)
        return result.unpack() if result is not None else None

    def call_all(self, calls):
        """calls: (name, path, interface, method, args, reply type) each.
        Returns each one's result, or the GLib.Error it failed with."""
        results = [None] * len(calls)
        context = GLib.MainContext.default()
        for start in range(0, len(calls), BATCH):
            pending = [0]

            def done(connection, result, index):
                try:
                    results[index] = connection.call_finish(result).unpack()
                except GLib.Error as error:
                    results[index] = error
                pending[0] -= 1

            for index in range(start, min(start + BATCH, len(calls))):
                name, path, interface, method, args, reply = calls[index]
                pending[0] += 1
                self.connection.call(name, path, interface, method, args, GLib.VariantType.new(reply),
                                     Gio.DBusCallFlags.NONE, int(WAIT * 1000), None, done, index)
            while pending[0] > 0:
                context.iteration(True)
        return results

    def get(self, name, path, interface, prop):
        return self.call(name, path, "org.freedesktop.DBus.Properties", "Get",
                         GLib.Variant("(ss)", (interface, prop)), "(v)")[0]


BUS = None
ACCESSIBLE = "org.a11y.atspi.Accessible"


class Node:
    """An accessible object: its D-Bus name and path, and the role and name
    it had when the walk that found it read them."""

    def __init__(self, name, path, parent=None):
        self.bus_name = name
        self.path = path
        self.parent = parent
        self.roleName = None
        self.name = None

    def __eq__(self, other):
        return isinstance(other, Node) and (self.bus_name, self.path) == (other.bus_name, other.path)

    def __hash__(self):
        return hash((self.bus_name, self.path))

    def __repr__(self):
        return f"{self.roleName} {self.name!r}"

    def call(self, interface, method, args=None, reply=None):
        return BUS.call(self.bus_name, self.path, interface, method, args, reply)

    def current_name(self):
        return BUS.get(self.bus_name, self.path, ACCESSIBLE, "Name")

    def children(self):
        return [Node(name, path) for name, path in self.call(ACCESSIBLE, "GetChildren", None, "(a(so))")[0]]

    def child_count(self):
        return BUS.get(self.bus_name, self.path, ACCESSIBLE, "ChildCount")

    def has_state(self, state):
        low, high = self.call(ACCESSIBLE, "GetState", None, "(au)")[0]
        bits = low | (high << 32)
        return bool(bits & (1 << int(state)))

    def actions(self):
        """The names of its actions (GetName: not translated)."""
        count = BUS.get(self.bus_name, self.path, "org.a11y.atspi.Action", "NActions")
        return [self.call("org.a11y.atspi.Action", "GetName", GLib.Variant("(i)", (i,)), "(s)")[0]
                for i in range(count)]

    def do_action(self, action):
        names = self.actions()
        if action not in names:
            raise AssertionError(f"{self} has no {action} action (it has {sorted(names)})")
        return self.call("org.a11y.atspi.Action", "DoAction", GLib.Variant("(i)", (names.index(action),)), "(b)")[0]

    def select_child(self, index):
        return self.call("org.a11y.atspi.Selection", "SelectChild", GLib.Variant("(i)", (index,)), "(b)")[0]

    @property
    def value(self):
        return BUS.get(self.bus_name, self.path, "org.a11y.atspi.Value", "CurrentValue")

    @property
    def text(self):
        count = BUS.get(self.bus_name, self.path, "org.a11y.atspi.Text", "CharacterCount")
        return self.call("org.a11y.atspi.Text", "GetText", GLib.Variant("(ii)", (0, count)), "(s)")[0]

    @property
    def checked(self):
        return self.has_state(Atspi.StateType.CHECKED)


def role_name(role):
    try:
        return Atspi.role_get_name(Atspi.Role(role))
    except ValueError:
        return f"role {role}"


def walk(root, depth=None, prune=None, stop=None):
    """The nodes under root, breadth first, at most depth levels down, with
    their role and name; not under prune; ends after the level where stop
    is true for a node.  Nodes that go away meanwhile are left out."""
    found = []
    level = [root]
    down = 0
    while level and (depth is None or down < depth):
        replies = BUS.call_all([(n.bus_name, n.path, ACCESSIBLE, "GetChildren", None, "(a(so))") for n in level])
        children = [Node(name, path, parent) for parent, reply in zip(level, replies)
                    if not isinstance(reply, Exception) for name, path in reply[0]]
        details = BUS.call_all(
            [(n.bus_name, n.path, ACCESSIBLE, "GetRole", None, "(u)") for n in children]
            + [(n.bus_name, n.path, "org.freedesktop.DBus.Properties", "Get",
                GLib.Variant("(ss)", (ACCESSIBLE, "Name")), "(v)") for n in children])
        level = []
        hit = False
        for index, child in enumerate(children):
            role, title = details[index], details[len(children) + index]
            if isinstance(role, Exception) or isinstance(title, Exception):
                continue
            child.roleName = role_name(role[0])
            child.name = title[0]
            found.append(child)
            hit = hit or (stop is not None and stop(child))
            if prune is None or child != prune:
                level.append(child)
        if hit:
            break
        down += 1
    return found


def search(node, predicate, depth=None):
    """The first node under node (breadth first, at most depth levels down)
    for which predicate is true, else None.  Breadth first finds what is
    near the top (a window, a toast) without reading every page of the
    wizard first."""
    for candidate in walk(node, depth, stop=lambda n: matches(n, predicate)):
        if matches(candidate, predicate):
            return candidate
    return None


def matches(node, predicate):
    try:
        return predicate(node)
    except Exception:  # gone meanwhile: not this one
        return False


def find(node, what, predicate, depth=None):
    return wait_for(what, lambda: search(node, predicate, depth))


def button(node, label):
    return find(node, f"button {label}",
                lambda n: n.roleName in ("push button", "toggle button") and label in n.name)


def click(node, action="click"):
    """The control's own action ("click" for a button, "toggle" for a
    switch), once it takes it (sensitive): what a screen reader does."""
    wait_for(f"{node} to be sensitive", lambda: node.has_state(Atspi.StateType.SENSITIVE))
    if not node.do_action(action):
        raise AssertionError(f"{node} did not take its {action} action")


def click_with_pointer(node, window_name):
    """A real click (XTest) in the middle of the control, for the controls
    to which GTK 4.8 gives no AT-SPI action (a check button).  Its place
    is read in window coordinates: GTK 4.8 has no screen coordinates."""
    wait_for(f"{node} to be sensitive", lambda: node.has_state(Atspi.StateType.SENSITIVE))
    x, y, width, height = node.call("org.a11y.atspi.Component", "GetExtents", GLib.Variant("(u)", (1,)),
                                    "((iiii))")[0]
    assert width > 0 and height > 0, f"{node} has no size on the screen"
    window = subprocess.run(["xdotool", "search", "--sync", "--name", window_name], capture_output=True, text=True,
                            check=True, timeout=WAIT).stdout.split()[0]
    subprocess.run(["xdotool", "mousemove", "--window", window, str(x + width // 2), str(y + height // 2),
                    "click", "1"], check=True, timeout=WAIT)


def select_in_list(listnode, label):
    """Selects the row with that label through the list's AT-SPI Selection,
    then waits until the row says it is selected."""
    def position():
        for index, row in enumerate(listnode.children()):
            if search(row, lambda n: n.name == label):
                return index + 1
        return None

    index = wait_for(f"{label} in the list", position) - 1
    if not listnode.select_child(index):
        raise AssertionError(f"the list did not select {label}")
    wait_for(f"{label} selected", lambda: listnode.children()[index].has_state(Atspi.StateType.SELECTED))


def press_keys(*keys):
    """Real key presses (XTest) to the window with the keyboard focus."""
    subprocess.run(["xdotool", "key", "--delay", "50", *keys], check=True, timeout=WAIT)


def accessibility_bus_address():
    """Starts this session's accessibility bus (org.a11y.Bus is activated
    on demand) and returns its address."""
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    return wait_for("the accessibility bus", lambda: bus.call_sync(
        "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress", None, GLib.VariantType.new("(s)"),
        Gio.DBusCallFlags.NONE, int(WAIT * 1000), None).unpack()[0])


def die_with_parent():
    """The app goes when the test goes, however it goes."""
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_PDEATHSIG = 1
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def start_app(*demo):
    """Starts `pitstop --demo [HOST]` on this session's accessibility bus."""
    env = dict(os.environ, XDG_DATA_HOME=tempfile.mkdtemp(prefix="pitstop-e2e-"), GSETTINGS_BACKEND="memory",
               GTK_A11Y="atspi")
    env.pop("NO_AT_BRIDGE", None)
    env.pop(OWN_SESSION, None)
    # the app's output is not TAP
    APP["process"] = subprocess.Popen([os.environ["PITSTOP_GUI"], "--demo", *demo], env=env, stdout=sys.stderr.fileno(),
                                      preexec_fn=die_with_parent)


def stop_app():
    process = APP.pop("process", None)
    if process is None:
        return
    process.terminate()
    try:
        process.wait(timeout=WAIT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def open_bus(address):
    global BUS
    BUS = Bus(address)


# the wizard's pages in order: their step numbers
PAGES = {page: number for number, page in enumerate(
    ("readiness", "gpu", "display", "cpu", "pinning", "memory", "drivers", "network", "review", "apply"), start=1)}
P = PAGES


def main():
    steps = []

    def step(name, function):
        steps.append((name, function))

    state = {}

    def start():
        address = accessibility_bus_address()
        # the app on this session's accessibility bus, not on one an X root
        # window property names from an earlier session
        os.environ["AT_SPI_BUS_ADDRESS"] = address
        open_bus(address)
        app_started()
        # first the overview of all VMs, as the window opens
        find(state["window"], "the overview", lambda n: n.roleName == "label" and n.name == "All Virtual Machines")
        names_in_window()
        sidebar = find(state["window"], "the VM list", lambda n: n.roleName == "list" and n.name == "Virtual machines")
        select_in_list(sidebar, "win10-gaming")
        find(state["window"], "the overview of win10-gaming",
             lambda n: n.roleName == "label" and "8 sockets × 1 core × 1 thread" in n.name)

    registry = Node("org.a11y.atspi.Registry", "/org/a11y/atspi/accessible/root")

    def pitstop_in_registry():
        return search(registry, lambda n: n.roleName == "application" and n.name == "pitstop", depth=1)

    def app_started(*demo):
        start_app(*demo)
        state["app"] = find(registry, "pitstop in the AT-SPI registry",
                            lambda n: n.roleName == "application" and n.name == "pitstop", depth=1)
        state["window"] = find(state["app"], "the main window",
                               lambda n: n.roleName == "frame" and n.name == "Pitstop", depth=1)
        state.pop("xml", None)

    def wizard_frame():
        return search(state["app"], lambda n: n.roleName == "frame" and n.name.startswith("Tune"), depth=1)

    def wait_step(number, what=None):
        """The wizard's subtitle ("Step 4 of 10: Processor") says the page."""
        label = state["step"]
        wait_for(what or f"step {number}",
                 lambda: label.current_name().startswith(f"Step {number} of {state['total']}"))

    def page(number):
        """The wizard's page of that step: the stack's last pages, one per
        step (the first says it is reading the VM)."""
        return state["pages"][number - 1]

    def wizard_opened(what):
        state["wizard"] = wait_for(what, wizard_frame)
        state["step"] = find(state["wizard"], "the wizard's step",
                             lambda n: n.roleName == "label" and re.match(r"Step \d+ of \d+: ", n.name or ""))
        # how many steps: the wizard says it ("Step 1 of 10: Readiness")
        state["total"] = int(re.match(r"Step \d+ of (\d+): ", state["step"].current_name()).group(1))
        assert state["total"] == len(PAGES), \
            f"the wizard has {state['total']} steps, this test knows {len(PAGES)}: {list(PAGES)}"

        # the stack of pages: the parent of the first page, which says the
        # wizard is reading the VM (GTK 4.8's GetChildren leaves out the
        # GtkStackPage objects between a stack and its pages)
        state["stack"] = find(state["wizard"], "the wizard's pages",
                              lambda n: n.name == "Reading the Virtual Machine and This Computer…").parent
        # the toast overlay around the box of the header bar and the pages
        state["content"] = state["stack"].parent
        state["overlay"] = state["content"].parent
        state["pages"] = state["stack"].children()[-state["total"]:]
        assert len(state["pages"]) == state["total"], f"the wizard has {len(state['pages'])} pages"
        state["next"] = button(state["wizard"], "Next")
        state["back"] = find(state["wizard"], "Back", lambda n: n.roleName == "push button" and n.name.startswith("Back"))

    def open_wizard(virtualization="vmx"):
        click(button(state["window"], "Tune"))
        wizard_opened("the wizard window")
        wait_step(1)
        find(page(1), "the readiness page", lambda n: n.name == f"Available ({virtualization})")

    def next_page(number):
        click(state["next"])
        wait_step(number, f"page {number} after Next")

    def gpu_page():
        next_page(P["gpu"])
        gtx = find(page(P["gpu"]), "the GTX 1080",
                   lambda n: n.roleName in ("check box", "radio button") and "GeForce GTX 1080" in n.name)
        if not gtx.checked:
            click(gtx)
        wait_for("the GTX 1080 chosen", lambda: gtx.checked)
        find(page(P["gpu"]), "its audio function",
             lambda n: n.roleName == "label" and n.name == "NVIDIA Corporation GP104 High Definition Audio Controller")
        hide = find(page(P["gpu"]), "the hide-the-hypervisor switch",
                    lambda n: n.name == "Hide the hypervisor" and n.roleName in ("check box", "toggle button", "switch"))
        if not hide.checked:
            click(hide, "toggle" if "toggle" in hide.actions() else "click")
        wait_for("the switch on", lambda: hide.checked)

    def display_page():
        number = P["display"]
        next_page(number)
        if os.environ.get("PITSTOP_E2E_DUMP"):
            for n in walk(page(number)):
                if n.roleName not in ("label", "panel", "filler"):
                    print("#", n.roleName, repr(n.name))
        # nothing is chosen until the user chooses it
        keyboard = find(page(number), "the host's keyboard from /dev/input/by-id",
                        lambda n: n.roleName in ("check box", "radio button")
                        and (n.name or "").startswith("Logitech USB Keyboard"))
        assert not keyboard.checked, "a keyboard is handed over before the user chose it"
        # the controller the keyboard is on cannot be chosen, and says why
        find(page(number), "why the chipset's USB controller cannot be chosen",
             lambda n: n.roleName == "label" and "the host would have no keyboard" in (n.name or ""))
        click_with_pointer(keyboard, "^Tune ")
        wait_for("the keyboard chosen", lambda: keyboard.checked)
        find(page(number), "the default toggle keys in words",
             lambda n: n.roleName == "label" and n.name == "libvirt’s default: both Ctrl keys")
        looking_glass = find(page(number), "the Looking Glass switch",
                             lambda n: n.name == "Show the guest with Looking Glass"
                             and n.roleName in ("check box", "toggle button", "switch"))
        click(looking_glass, "toggle" if "toggle" in looking_glass.actions() else "click")
        wait_for("Looking Glass on", lambda: looking_glass.checked)
        # 1920 × 1080, the first resolution: the size in words
        find(page(number), "the shared memory for 1920 × 1080",
             lambda n: n.roleName == "label" and (n.name or "").startswith("32 MiB: two frames of 1920 × 1080"))
        find(page(number), "the client command",
             lambda n: n.roleName == "label" and "“looking-glass-client”" in (n.name or ""))

    def cpu_page():
        next_page(P["cpu"])
        if os.environ.get("PITSTOP_E2E_DUMP"):
            for n in walk(page(P["cpu"])):
                if n.roleName not in ("label", "panel", "filler"):
                    print("#", n.roleName, repr(n.name))
        values = {}
        for name in ("Sockets", "Cores per socket", "Threads per core", "Current allocation"):
            spin = find(page(P["cpu"]), name, lambda n, name=name: n.roleName == "spin button" and n.name.startswith(name))
            values[name] = int(spin.value)
        assert values == {"Sockets": 1, "Cores per socket": 4, "Threads per core": 2, "Current allocation": 8}, values

    def later_pages():
        next_page(P["pinning"])  # the automatic plan
        find(page(P["pinning"]), "the automatic plan", lambda n: "vCPU 7" in n.name)
        next_page(P["memory"])  # 1 GiB pages, enough free
        find(page(P["memory"]), "free pages", lambda n: n.name == "Needs 16, 24 free on the host")
        next_page(P["drivers"])
        # GTK 4.8 does not expose an entry's text over AT-SPI: the disc's path
        # is checked in the XML after applying
        find(page(P["drivers"]), "the ISO", lambda n: n.roleName == "text" and n.name == "virtio-win disc image")
        next_page(P["network"])
        find(page(P["network"]), "the bridge", lambda n: n.roleName == "text" and n.name == "Bridge")
        find(page(P["network"]), "its uplink", lambda n: n.roleName == "label" and n.name.startswith("Over eno2"))
        next_page(P["review"])
        find(page(P["review"]), "the diff", lambda n: n.name == "Configuration Diff")
        # the display step's Looking Glass: its client command
        find(page(P["review"]), "the Looking Glass client command",
             lambda n: n.roleName == "label" and "run “looking-glass-client” on this computer" in (n.name or ""))
        next_page(P["apply"])

    def in_toasts(predicate):
        """A toast is a child of the toast overlay beside the wizard's content,
        "Changes saved" and the Undo's message stay until dismissed: only the
        toasts are read, not the pages, so that a look takes a few D-Bus
        calls and a toast cannot come and go between two looks."""
        for node in walk(state["overlay"], depth=TOAST_DEPTH, prune=state["content"]):
            if node != state["content"] and matches(node, predicate):
                return node
        return None

    def toast(what, predicate):
        try:
            return wait_for(what, lambda: in_toasts(predicate))
        except AssertionError as error:
            seen = [n for n in walk(state["overlay"], depth=TOAST_DEPTH, prune=state["content"])
                    if n != state["content"]]
            raise AssertionError(f"{error}; in the toasts: {seen}") from None

    def toast_shown():
        return in_toasts(lambda n: n.roleName == "label"
                         and (n.name == "Changes saved" or n.name.startswith("Undone: ")))

    def apply():
        click(button(page(P["apply"]), "Apply Changes"))
        find(page(P["apply"]), "the saved message", lambda n: n.name == "The changes are saved")

    def xml_text():
        view = state.get("xml")
        try:
            return view.text
        except Exception:  # not found yet, or replaced: look for it again
            state["xml"] = find(state["window"], "XML view",
                                lambda n: n.roleName == "text" and n.name == "Configuration XML")
            return state["xml"].text

    def check_xml():
        needles = ["<hostdev mode='subsystem' type='pci' managed='yes'>", "bus='0x04'", "function='0x1'",
                   "<vendor_id state='on'", "<hidden state='on'/>", "cores='4' threads='2'",
                   "<vcpu placement='static'>8</vcpu>", "<vcpupin vcpu='7'", "<emulatorpin",
                   "<page size='1048576' unit='KiB'/>", "virtio-win.iso", "<model type='virtio'/>",
                   "<source bridge='br-lan'/>",
                   # the display step: Looking Glass at 1920 × 1080 (32 MiB), the keyboard by evdev
                   "<shmem name='looking-glass'>", "<size unit='M'>32</size>", "<memballoon model='none'/>",
                   "<input type='evdev'>", "/dev/input/by-id/usb-Logitech_USB_Keyboard-event-kbd"]
        text = wait_for("the new XML in the window",
                        lambda: (lambda t: t if "<source bridge='br-lan'/>" in t else None)(xml_text()))
        missing = [needle for needle in needles if needle not in text]
        assert not missing, f"missing from the XML: {missing}"

    def undo():
        click(toast("the Undo button", lambda n: n.roleName == "push button" and "Undo" in n.name))
        # the drivers page added the small virtio disk (stage 1): its new
        # volume goes with the undo, and the toast says so
        toast("the undone message",
              lambda n: n.name.startswith("Undone: the earlier configuration is back. ")
              and "“win10-gaming-virtio-dummy.qcow2” in the storage pool “default”" in n.name
              and n.name.endswith(" is deleted"))
        text = wait_for("the old XML in the window", lambda: (lambda t: t if "e1000e" in t else None)(xml_text()))
        assert "<vcpupin" not in text and "sockets='8'" in text and "current='2'" in text

    def keyboard():
        # the wizard as a keyboard user drives it (that Tab reaches every
        # control is checked page by page in tests/ui/test-wizard.c)
        def focus_wizard():
            # Xvfb has no window manager to give a new window the keyboard
            # focus, as a desktop does: xdotool plays that part, and GTK
            # says when the window has it (the frame's "active" state)
            subprocess.run(["xdotool", "search", "--sync", "--name", "^Tune ", "windowfocus", "--sync"],
                           check=True, timeout=WAIT)
            wait_for("the wizard to have the keyboard focus",
                     lambda: state["wizard"].has_state(Atspi.StateType.ACTIVE))

        # the Undo's message ("Undone: …") stays until dismissed, and
        # libadwaita's toast overlay takes Escape for that: the first Escape
        # dismisses the message, the next one closes the wizard
        focus_wizard()
        assert toast_shown() is not None, "the Undo's message went by itself"
        press_keys("Escape")
        wait_for("Escape to dismiss the Undo's message", lambda: toast_shown() is None)
        assert wizard_frame() is not None, "the Escape meant for the message closed the wizard"
        press_keys("alt+Left")
        wait_step(state["total"] - 1, "the review after Alt+Left")
        press_keys("Escape")
        wait_for("Escape to close the wizard", lambda: wizard_frame() is None)
        # GTK 4.8 cannot take the focus over AT-SPI (GrabFocus fails): open
        # the wizard with the button's action, as a screen reader does
        click(button(state["window"], "Tune"))
        wizard_opened("the wizard again")
        wait_step(1)
        focus_wizard()
        for number in range(2, state["total"] + 1):
            press_keys("alt+Right")
            wait_step(number, f"step {number} after Alt+Right")
        press_keys("alt+Left")
        wait_step(state["total"] - 1, "the review after Alt+Left")
        press_keys("Escape")
        wait_for("Escape to close the wizard again", lambda: wizard_frame() is None)

    def single_gpu_start():
        # the second demo host: one graphics card, the one the host boots on
        stop_app()
        wait_for("the first Pitstop to leave the AT-SPI registry", lambda: pitstop_in_registry() is None)
        app_started("single-gpu")
        sidebar = find(state["window"], "the VM list", lambda n: n.roleName == "list" and n.name == "Virtual machines")
        select_in_list(sidebar, "win11")
        find(state["window"], "the overview of win11",
             lambda n: n.roleName == "label" and "1 socket × 8 cores × 1 thread" in n.name)

    def single_gpu_page():
        open_wizard("svm")  # an AMD Ryzen
        next_page(P["gpu"])
        # before the card is chosen, the page says what lending it means
        find(page(P["gpu"]), "the single-GPU mode group", lambda n: n.roleName == "label" and n.name == "Single-GPU Mode")
        find(page(P["gpu"]), "that every window closes", lambda n: "Every window of the desktop closes" in (n.name or ""))
        find(page(P["gpu"]), "the advice on SSH", lambda n: "Turn on SSH before the first try" in (n.name or ""))
        find(page(P["gpu"]), "what changes", lambda n: n.roleName == "label" and n.name == "What changes")
        card = find(page(P["gpu"]), "the RX 6800 XT",
                    lambda n: n.roleName in ("check box", "radio button") and "Radeon RX 6800/6800 XT" in n.name)
        assert not card.checked, "the host's only card is chosen before the user chose it"
        click_with_pointer(card, "^Tune ")
        wait_for("the RX 6800 XT chosen", lambda: card.checked)
        find(page(P["gpu"]), "its audio function",
             lambda n: n.roleName == "label" and (n.name or "").endswith(" Navi 21/23 HDMI/DP Audio Controller"))

    def single_gpu_review():
        next_page(P["display"])
        next_page(P["cpu"])
        next_page(P["pinning"])
        next_page(P["memory"])  # this host has reserved no 1 GiB pages, Next stays off and says why
        find(page(P["memory"]), "why Next is off", lambda n: n.roleName == "alert" and "0 free pages of this size" in n.name)
        assert not state["next"].has_state(Atspi.StateType.SENSITIVE), "Next goes on without the hugepages"
        click(button(state["wizard"], "Skip"))
        wait_step(P["drivers"], "the drivers page after Skip")
        next_page(P["network"])
        next_page(P["review"])
        hook = find(page(P["review"]), "the VM's hook", lambda n: n.roleName == "text" and n.name == "Single-GPU hook")
        text = wait_for("the hook's text",
                        lambda: (lambda t: t if "READ THIS FIRST" in t else None)(hook.text))
        for needle in ("READ THIS FIRST. Starting win11 stops the display manager",
                       "/etc/libvirt/hooks/qemu.d/pitstop-win11", "0000:0b:00.0", "0000:0b:00.1"):
            assert needle in text, f"the hook does not say {needle!r}"
        copy = find(page(P["review"]), "the hook's Copy button",
                    lambda n: n.roleName == "push button" and "Copy the Hook" in n.name)
        click(copy)
        wait_for("the Copy button to say Copied", lambda: "Copied" in copy.current_name())

    def single_gpu_apply():
        next_page(P["apply"])
        apply()
        text = wait_for("the card in the XML",
                        lambda: (lambda t: t if "bus='0x0b'" in t else None)(xml_text()))
        assert "<hostdev mode='subsystem' type='pci' managed='yes'>" in text
        assert "function='0x1'" in text, "the card's audio function is not passed through with it"

    CONTROLS = ("push button", "toggle button", "check box", "radio button", "spin button", "text",
                "combo box", "slider", "switch", "menu button")

    def unnamed_controls(node, prune=None, at_least=1):
        """The controls under node without a name; fails when it sees fewer
        than at_least controls (a tree that could not be read is not a
        tree without faults)."""
        bad = []
        # GTK 4.8 does not report "showing": every control counts, hidden pages too
        controls = [n for n in walk(node, prune=prune) if n.roleName in CONTROLS]
        assert len(controls) >= at_least, f"{len(controls)} controls under {node}, expected at least {at_least}"
        for control in controls:
            name = (control.name or "").strip()
            if not name or name.startswith("Gtk") or name.startswith("Adw"):
                bad.append(f"{control.roleName} {name!r}")
        return bad

    def names_in_window():
        bad = unnamed_controls(state["window"], at_least=5)
        assert not bad, f"controls without an accessible name: {bad}"

    def names_in_wizard():
        # each page while it is shown (a page fills some of its rows when
        # it opens), and the wizard's own controls around the pages
        bad = []
        for number in range(1, state["total"] + 1):
            wait_step(number)
            # around the pages: at least Back and Next
            bad += [f"Step {number}: {b}" for b in unnamed_controls(state["wizard"], prune=state["stack"], at_least=2)]
            bad += [f"Step {number}: {b}" for b in unnamed_controls(page(number), at_least=0)]
            if number != state["total"]:
                click(state["next"])
        assert not bad, f"controls without an accessible name: {sorted(set(bad))}"
        for number in range(state["total"] - 1, 0, -1):
            click(state["back"])
            wait_step(number, f"step {number} again")

    step("pitstop --demo: every control has an accessible name; win10-gaming shows", start)
    step("every control of the VM's page has an accessible name", names_in_window)
    step("the wizard opens on win10-gaming", open_wizard)
    step("every control on every wizard page has an accessible name", names_in_wizard)
    step("GPU page: the GTX 1080 with its audio function, hide the hypervisor", gpu_page)
    step("display page: the evdev keyboard, Looking Glass at 1920x1080 with its size and client", display_page)
    step("CPU page: topology 1x4x2 with the whole allocation", cpu_page)
    step("pinning, memory, drivers, network and review pages", later_pages)
    step("apply", apply)
    step("the VM's XML has every change", check_xml)
    step("Undo restores the original", undo)
    step("keyboard: Alt+Right walks every step, Alt+Left goes back, Escape closes", keyboard)
    step("pitstop --demo single-gpu: win11 on a host with one graphics card", single_gpu_start)
    step("single-GPU GPU page: what lending the only card means, then the RX 6800 XT with its audio", single_gpu_page)
    step("single-GPU review page: the VM's hook, and its Copy button", single_gpu_review)
    step("single-GPU apply: the card and its audio function in win11's XML", single_gpu_apply)

    print(f"1..{len(steps)}")
    failed = False
    started = time.monotonic()
    try:
        for number, (name, function) in enumerate(steps, start=1):
            if failed:
                tap(False, number, name, "not run: an earlier step failed")
                continue
            begin = time.monotonic()
            try:
                function()
                tap(True, number, name, f"{time.monotonic() - begin:.1f} s")
            except Exception as error:  # report and stop: later steps depend on this one
                failed = True
                tap(False, number, name, f"{type(error).__name__}: {error}")
    finally:
        stop_app()
        print(f"# {time.monotonic() - started:.1f} s in all")
    return 1 if failed else 0


if __name__ == "__main__":
    # a hang anywhere shows where it hung, before meson's timeout kills the
    # test without a word
    faulthandler.dump_traceback_later(float(os.environ.get("PITSTOP_E2E_DEADLINE", "460")), exit=True)
    sys.exit(main())
