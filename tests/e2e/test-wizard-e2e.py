#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of the tuning wizard, driven through AT-SPI with dogtail,
as a person (or a screen reader) would: start `pitstop --demo`, choose
win10-gaming, run the whole wizard (the GTX 1080 with its audio function,
hide the hypervisor, topology 1×4×2 with the current allocation, automatic
pinning, 1 GiB hugepages, the driver disc, a virtio NIC, a bridge), apply,
check the VM's XML in the window's XML view, then Undo and check again;
last, the pages by keyboard alone (Alt+Right, Alt+Left, Escape).

Prints TAP.  Needs a display (xvfb-run) and dbus-run-session; skips (TAP
"skip") when the display, dbus-run-session or dogtail is missing.

Everything is driven through AT-SPI actions (Action.DoAction "click",
Selection.SelectChild) and real key presses (xdotool, XTest), never through
pointer clicks: GTK 4.8 has no screen coordinates for AT-SPI ("Screen
coordinates not supported"), so a click at an accessible's position lands
wherever the window happens to be.  Each step waits, with a bound, for the
state it needs (the app on the bus, a button sensitive, a row selected, a
label there), never for a fixed time.

The test runs itself in a D-Bus session of its own, started here with the
display in its environment, and gives its own accessibility bus to the app
by AT_SPI_BUS_ADDRESS: whether dbus-run-session wraps xvfb-run or the other
way round, and whatever other tests did to the outer session's bus, the app
and the test meet on the same, fresh bus."""
import contextlib
import ctypes
import importlib.util
import faulthandler
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# Every wait is bounded by this many seconds (scaled by PITSTOP_E2E_WAIT_SCALE,
# e.g. for a sanitizer build on a loaded machine).
WAIT = 20 * float(os.environ.get("PITSTOP_E2E_WAIT_SCALE", "1"))
OWN_SESSION = "PITSTOP_E2E_OWN_SESSION"
# How far below the wizard's frame a toast is (libadwaita 1.2: frame, toast
# overlay, toast, its box, its label or button), with room to spare.
TOAST_DEPTH = 8


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
    """G_DEBUG without fatal-warnings: a warning of libatspi in this process
    (say "Error in GetItems" when the app is asked before it has put its
    cache on the bus) or of the AT-SPI daemons is not the app's fault and
    must not kill the test (that left the app running with the test's
    output pipe open: meson waited for its 300 s timeout)."""
    flags = [flag for flag in (value or "").split(",") if flag and flag not in ("fatal-warnings", "fatal-criticals")]
    return ",".join(flags)


def run_in_own_session():
    """Runs this script again inside a D-Bus session of its own, with the
    display in the session's environment: the session starts the
    accessibility bus and its registry, and the registry must reach the
    display (it is what turns key presses and pointer events asked for over
    AT-SPI into X events)."""
    runner = shutil.which("dbus-run-session")
    if runner is None:
        skip_all("dbus-run-session is not installed")
    env = dict(os.environ)
    env[OWN_SESSION] = "1"
    env["G_DEBUG"] = without_fatal_warnings(env.get("G_DEBUG"))
    env.pop("AT_SPI_BUS_ADDRESS", None)
    sys.stdout.flush()
    os.execve(runner, [runner, "--", sys.executable, os.path.abspath(__file__)], env)


if not os.environ.get("DISPLAY"):
    skip_all("no display (run under xvfb-run)")
if shutil.which("xdotool") is None:
    skip_all("xdotool is not installed")
if os.environ.get(OWN_SESSION) != "1":
    run_in_own_session()


def accessibility_bus_address():
    """Starts this session's accessibility bus (org.a11y.Bus is activated
    on demand) and returns its address."""
    from gi.repository import Gio, GLib
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    deadline = time.monotonic() + WAIT
    while True:
        try:
            reply = bus.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress", None,
                                  GLib.VariantType.new("(s)"), Gio.DBusCallFlags.NONE, int(WAIT * 1000), None)
            return reply.unpack()[0]
        except GLib.Error:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


try:
    # before libatspi starts: the test and the app on this session's bus,
    # not on one an X root window property names from an earlier session
    os.environ["AT_SPI_BUS_ADDRESS"] = accessibility_bus_address()
except Exception as error:  # noqa: BLE001 - any failure here means no accessibility bus
    print("1..1")
    tap(False, 1, "the accessibility bus of the test's D-Bus session", f"{type(error).__name__}: {error}")
    sys.exit(1)

if importlib.util.find_spec("dogtail") is None:
    skip_all("dogtail is not installed")
pyatspi = tree = None  # loaded once the app is on the bus: load_dogtail()


def load_dogtail():
    global pyatspi, tree
    from dogtail.config import config as dogtail_config
    dogtail_config.checkForA11y = False  # GTK 4 talks AT-SPI without the GNOME setting
    dogtail_config.searchShowingOnly = False
    dogtail_config.defaultDelay = 0
    dogtail_config.actionDelay = 0
    dogtail_config.searchCutoffCount = 1
    dogtail_config.logDebugToFile = False
    dogtail_config.logDebugToStdOut = False  # its "click on …" lines would break TAP
    # dogtail prints a warning about the empty AT-SPI desktop on stdout,
    # which is TAP's: send it to stderr
    with contextlib.redirect_stdout(sys.stderr):
        import pyatspi as atspi_module
        from dogtail import tree as tree_module
    pyatspi, tree = atspi_module, tree_module
    # libatspi gives up on a call after 0.8 s (and the first call to a new
    # app after 15 s): on a busy machine, or with the app under a sanitizer,
    # the app often takes longer, and the search that made the call fails
    pyatspi.setTimeout(int(WAIT * 1000), int(WAIT * 1000))


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
        except Exception as error:  # a node that went away mid-search: look again
            last = error
        if time.monotonic() > deadline:
            detail = f" (last error: {type(last).__name__}: {last})" if last else ""
            raise AssertionError(f"timed out waiting for {what}{detail}")
        time.sleep(0.1)


def matches(node, predicate):
    try:
        return predicate(node)
    except Exception:  # gone meanwhile (a toast that timed out): not this one
        return False


def children(node):
    try:
        return node.children
    except Exception:  # gone meanwhile: nothing below it any more
        return []


def search(node, predicate, depth=None):
    """The first node under node (breadth first, at most depth levels down)
    for which predicate is true, else None.  Breadth first finds what is
    near the top (a window title, a toast) without walking every page of the
    wizard first: over AT-SPI each node costs D-Bus round trips to the app,
    and GTK 4.8 shows the hidden pages too."""
    level = [node]
    down = 0
    while level and (depth is None or down < depth):
        below = []
        for parent in level:
            for child in children(parent):
                if matches(child, predicate):
                    return child
                below.append(child)
        level = below
        down += 1
    return None


def search_all(node, predicate, prune=None):
    """Every node under node for which predicate is true, not looking under
    prune."""
    found = []
    level = [node]
    while level:
        below = []
        for parent in level:
            for child in children(parent):
                if matches(child, predicate):
                    found.append(child)
                if prune is None or child != prune:
                    below.append(child)
        level = below
    return found


def search_all_near(node, depth):
    found = []
    level = [node]
    for _ in range(depth):
        level = [child for parent in level for child in children(parent)]
        found += level
    return found


def find(node, what, predicate, depth=None):
    return wait_for(what, lambda: search(node, predicate, depth))


def has_state(node, state):
    return node.getState().contains(state)


def button(node, label):
    return find(node, f"button {label}",
                lambda n: n.roleName in ("push button", "toggle button") and label in n.name)


def click(node, action="click"):
    """The control's own action ("click" for a button, "toggle" for a
    switch), once it takes it (sensitive): what a screen reader does.  No
    pointer: GTK 4.8 has no screen coordinates."""
    what = f"{node.roleName} {node.name!r}"
    wait_for(f"{what} to be sensitive", lambda: has_state(node, pyatspi.STATE_SENSITIVE))
    actions = node.actions
    if action not in actions:
        raise AssertionError(f"{what} has no {action} action (it has {sorted(actions)})")
    if not node.doActionNamed(action):
        raise AssertionError(f"{what} did not take its {action} action")


def select_in_list(listnode, label):
    """Selects the row with that label through the list's AT-SPI Selection,
    then waits until the row says it is selected."""
    def position():
        for index, row in enumerate(listnode.children):
            if search(row, lambda n: n.name == label):
                return index + 1
        return None

    index = wait_for(f"{label} in the list", position) - 1
    if not listnode.querySelection().selectChild(index):
        raise AssertionError(f"the list did not select {label}")
    wait_for(f"{label} selected", lambda: has_state(listnode.children[index], pyatspi.STATE_SELECTED))


def press_keys(*keys):
    """Real key presses (XTest) to the window with the keyboard focus."""
    subprocess.run(["xdotool", "key", "--delay", "50", *keys], check=True, timeout=WAIT)


def die_with_parent():
    """The app goes when the test goes, however it goes: left running it kept
    the test's output pipe open and meson waited for its timeout."""
    libc = ctypes.CDLL(None, use_errno=True)
    PR_SET_PDEATHSIG = 1
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def start_app():
    """Starts `pitstop --demo` on this session's accessibility bus."""
    env = dict(os.environ, XDG_DATA_HOME=tempfile.mkdtemp(prefix="pitstop-e2e-"), GSETTINGS_BACKEND="memory",
               GTK_A11Y="atspi")
    env.pop("NO_AT_BRIDGE", None)
    env.pop(OWN_SESSION, None)
    # the app's output is not TAP
    APP["process"] = subprocess.Popen([os.environ["PITSTOP_GUI"], "--demo"], env=env, stdout=sys.stderr.fileno(),
                                      preexec_fn=die_with_parent)


def wait_for_app_on_bus():
    """Waits until the app is in the registry and answers for its AT-SPI
    cache.  libatspi asks a new app for its cache (GetItems) the first time
    it sees it, and only then: asked before GTK has put the cache on the bus
    (GTK does that once the registry has taken its root), libatspi warns
    "Error in GetItems … Object does not exist at path
    /org/a11y/atspi/cache" and from then on asks the app over D-Bus for
    every name, role and child.  So dogtail is loaded once the app is there."""
    from gi.repository import Gio, GLib
    bus = Gio.DBusConnection.new_for_address_sync(
        os.environ["AT_SPI_BUS_ADDRESS"],
        Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION, None, None)

    def call(name, path, interface, method, args, reply):
        return bus.call_sync(name, path, interface, method, args, GLib.VariantType.new(reply),
                             Gio.DBusCallFlags.NONE, int(WAIT * 1000), None).unpack()

    def registered():
        children = call("org.a11y.atspi.Registry", "/org/a11y/atspi/accessible/root", "org.a11y.atspi.Accessible",
                        "GetChildren", None, "(a(so))")[0]
        for name, path in children:
            title = call(name, path, "org.freedesktop.DBus.Properties", "Get",
                         GLib.Variant("(ss)", ("org.a11y.atspi.Accessible", "Name")), "(v)")[0]
            if title == "pitstop":
                bus.call_sync(name, "/org/a11y/atspi/cache", "org.a11y.atspi.Cache", "GetItems", None, None,
                              Gio.DBusCallFlags.NONE, int(WAIT * 1000), None)
                return True
        return False

    try:
        wait_for("pitstop in the AT-SPI registry, with its cache", registered)
    finally:
        bus.close_sync(None)


def main():
    steps = []

    def step(name, function):
        steps.append((name, function))

    state = {}

    def start():
        start_app()
        wait_for_app_on_bus()
        load_dogtail()
        state["app"] = wait_for("the pitstop application on AT-SPI",
                                lambda: search(tree.root, lambda n: n.roleName == "application"
                                               and n.name == "pitstop", depth=1))
        state["window"] = find(state["app"], "the main window",
                               lambda n: n.roleName == "frame" and n.name == "Pitstop", depth=1)
        # first the overview of all VMs, as the window opens
        find(state["window"], "the overview", lambda n: n.roleName == "label" and n.name == "All Virtual Machines")
        names_in_window()
        sidebar = find(state["window"], "the VM list", lambda n: n.roleName == "list" and n.name == "Virtual machines")
        select_in_list(sidebar, "win10-gaming")
        find(state["window"], "the overview of win10-gaming",
             lambda n: n.roleName == "label" and "8 sockets × 1 core × 1 thread" in n.name)

    def wizard_frame():
        return search(state["app"], lambda n: n.roleName == "frame" and n.name.startswith("Tune"), depth=1)

    def step_label(number):
        return lambda n: n.roleName == "label" and n.name.startswith(f"Step {number} of 9")

    def wait_step(number, what=None):
        """The wizard's subtitle ("Step 3 of 9: Processor") says the page."""
        label = state["step"]
        wait_for(what or f"step {number}", lambda: label.name.startswith(f"Step {number} of 9"))

    def page(number):
        """The wizard's page of that step: the stack's last nine pages (the
        first says it is reading the VM)."""
        return state["pages"][number - 1]

    def wizard_opened(what):
        state["wizard"] = wait_for(what, wizard_frame)
        state["step"] = find(state["wizard"], "the wizard's step",
                             lambda n: n.roleName == "label" and n.name.startswith("Step ") and " of 9" in n.name)
        state["stack"] = find(state["wizard"], "the wizard's pages",
                              lambda n: n.childCount >= 10 and all(c.name == "GtkStackPage" for c in n.children))
        state["pages"] = state["stack"].children[-9:]
        state["next"] = button(state["wizard"], "Next")
        state["back"] = find(state["wizard"], "Back", lambda n: n.roleName == "push button" and n.name.startswith("Back"))

    def open_wizard():
        click(button(state["window"], "Tune"))
        wizard_opened("the wizard window")
        wait_step(1)
        find(page(1), "the readiness page", lambda n: n.name == "Available (vmx)")

    def next_page(number):
        click(state["next"])
        wait_step(number, f"page {number} after Next")

    def gpu_page():
        next_page(2)
        gtx = find(page(2), "the GTX 1080",
                   lambda n: n.roleName in ("check box", "radio button") and "GeForce GTX 1080" in n.name)
        if not gtx.checked:
            click(gtx)
        wait_for("the GTX 1080 chosen", lambda: gtx.checked)
        find(page(2), "its audio function",
             lambda n: n.roleName == "label" and n.name == "NVIDIA Corporation GP104 High Definition Audio Controller")
        hide = find(page(2), "the hide-the-hypervisor switch",
                    lambda n: n.name == "Hide the hypervisor" and n.roleName in ("check box", "toggle button", "switch"))
        if not hide.checked:
            click(hide, "toggle" if "toggle" in hide.actions else "click")
        wait_for("the switch on", lambda: hide.checked)

    def cpu_page():
        next_page(3)
        if os.environ.get("PITSTOP_E2E_DUMP"):
            for n in search_all(page(3), lambda n: n.roleName not in ("label", "panel", "filler")):
                print("#", n.roleName, repr(n.name), getattr(n, "value", None))
        values = {}
        for name in ("Sockets", "Cores per socket", "Threads per core", "Current allocation"):
            spin = find(page(3), name, lambda n, name=name: n.roleName == "spin button" and n.name.startswith(name))
            values[name] = int(spin.value)
        assert values == {"Sockets": 1, "Cores per socket": 4, "Threads per core": 2, "Current allocation": 8}, values

    def later_pages():
        next_page(4)  # pinning: the automatic plan
        find(page(4), "the automatic plan", lambda n: "vCPU 7" in n.name)
        next_page(5)  # memory: 1 GiB pages, enough free
        find(page(5), "free pages", lambda n: n.name == "Needs 16, 24 free on the host")
        next_page(6)  # drivers
        if os.environ.get("PITSTOP_E2E_DUMP"):
            for n in search_all(page(6), lambda n: n.roleName in ("text", "entry", "password text")):
                print("#", n.roleName, repr(n.name), repr(n.text))
        # GTK 4.8 does not expose an entry's text over AT-SPI: the disc's path
        # is checked in the XML after applying
        find(page(6), "the ISO", lambda n: n.roleName == "text" and n.name == "virtio-win disc image")
        next_page(7)  # network
        find(page(7), "the bridge", lambda n: n.roleName == "text" and n.name == "Bridge")
        find(page(7), "its uplink", lambda n: n.roleName == "label" and n.name.startswith("Over eno2"))
        next_page(8)  # review
        find(page(8), "the diff", lambda n: n.name == "Configuration Diff")
        next_page(9)

    def toast(what, predicate):
        """A toast, over the wizard's pages: near the top of its tree, and
        gone after a few seconds, so looked for without going down the pages."""
        try:
            return find(state["wizard"], what, predicate, depth=TOAST_DEPTH)
        except AssertionError as error:
            seen = [f"{n.roleName} {n.name!r}" for n in search_all_near(state["wizard"], TOAST_DEPTH)
                    if n.roleName in ("label", "push button")]
            raise AssertionError(f"{error}; near the top of the wizard: {seen}") from None

    def toast_shown():
        return search(state["wizard"], lambda n: n.roleName == "label"
                      and (n.name == "Changes saved" or n.name.startswith("Undone: ")), depth=TOAST_DEPTH)

    def apply():
        click(button(page(9), "Apply Changes"))
        find(page(9), "the saved message", lambda n: n.name == "The changes are saved")

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
                   "<source bridge='br-lan'/>"]
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
                     lambda: has_state(state["wizard"], pyatspi.STATE_ACTIVE))

        # libadwaita's toast overlay takes Escape to dismiss the toast it
        # shows: the first Escape closed the wizard only when the toast of
        # the Undo ("Undone: …", 5 s) had gone by then.  A keyboard user
        # presses Escape twice then; here the toast goes first
        wait_for("the toast of the Undo to go", lambda: toast_shown() is None)
        focus_wizard()
        press_keys("alt+Left")
        wait_step(8, "step 8 after Alt+Left")
        press_keys("Escape")
        wait_for("Escape to close the wizard", lambda: wizard_frame() is None)
        # GTK 4.8 cannot take the focus over AT-SPI (GrabFocus fails): open
        # the wizard with the button's action, as a screen reader does
        click(button(state["window"], "Tune"))
        wizard_opened("the wizard again")
        wait_step(1)
        focus_wizard()
        for number in range(2, 10):
            press_keys("alt+Right")
            wait_step(number, f"step {number} after Alt+Right")
        press_keys("alt+Left")
        wait_step(8, "step 8 after Alt+Left")
        press_keys("Escape")
        wait_for("Escape to close the wizard again", lambda: wizard_frame() is None)

    CONTROLS = ("push button", "toggle button", "check box", "radio button", "spin button", "text",
                "combo box", "slider", "switch", "menu button")

    def unnamed_controls(node, prune=None):
        bad = []
        # GTK 4.8 does not report "showing": every control counts, hidden pages too
        for control in search_all(node, lambda n: n.roleName in CONTROLS, prune):
            name = (control.name or "").strip()
            if not name or name.startswith("Gtk") or name.startswith("Adw"):
                bad.append(f"{control.roleName} {name!r}")
        return bad

    def names_in_window():
        bad = unnamed_controls(state["window"])
        assert not bad, f"controls without an accessible name: {bad}"

    def names_in_wizard():
        # each page while it is shown (a page fills some of its rows when
        # it opens), and the wizard's own controls around the pages
        bad = []
        for number in range(1, 10):
            wait_step(number)
            bad += [f"Step {number}: {b}" for b in unnamed_controls(state["wizard"], prune=state["stack"])]
            bad += [f"Step {number}: {b}" for b in unnamed_controls(page(number))]
            if number != 9:
                click(state["next"])
        assert not bad, f"controls without an accessible name: {sorted(set(bad))}"
        for number in range(8, 0, -1):
            click(state["back"])
            wait_step(number, f"step {number} again")

    step("pitstop --demo: every control has an accessible name; win10-gaming shows", start)
    step("every control of the VM's page has an accessible name", names_in_window)
    step("the wizard opens on win10-gaming", open_wizard)
    step("every control on every wizard page has an accessible name", names_in_wizard)
    step("GPU page: the GTX 1080 with its audio function, hide the hypervisor", gpu_page)
    step("CPU page: topology 1x4x2 with the whole allocation", cpu_page)
    step("pinning, memory, drivers, network and review pages", later_pages)
    step("apply", apply)
    step("the VM's XML has every change", check_xml)
    step("Undo restores the original", undo)
    step("keyboard: Alt+Right walks all nine steps, Alt+Left goes back, Escape closes", keyboard)

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
        if "process" in APP:
            APP["process"].terminate()
            try:
                APP["process"].wait(timeout=WAIT)
            except subprocess.TimeoutExpired:
                APP["process"].kill()
        print(f"# {time.monotonic() - started:.1f} s in all")
    return 1 if failed else 0


if __name__ == "__main__":
    # a hang anywhere (a D-Bus call that never returns) shows where it hung,
    # before meson's timeout kills the test without a word
    faulthandler.dump_traceback_later(float(os.environ.get("PITSTOP_E2E_DEADLINE", "280")), exit=True)
    sys.exit(main())
