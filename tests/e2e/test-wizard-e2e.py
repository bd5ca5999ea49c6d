#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of the tuning wizard, driven through AT-SPI with dogtail,
as a person (or a screen reader) would: start `pitstop --demo`, choose
win10-gaming, run the whole wizard (the GTX 1080 with its audio function,
hide the hypervisor, topology 1×4×2 with the current allocation, automatic
pinning, 1 GiB hugepages, the driver disc, a virtio NIC, a bridge), apply,
check the VM's XML in the window's XML view, then Undo and check again;
last, the pages by keyboard alone (Alt+Right, Alt+Left, Escape).

Prints TAP.  Needs a display and a D-Bus session with the accessibility bus
(build-aux/run-tests.sh runs the suite under xvfb-run + dbus-run-session).
Skips (TAP "skip") when dogtail or the display is missing."""
import contextlib
import os
import subprocess
import sys
import tempfile
import time

TESTS = []


def tap(ok, number, name, detail=None):
    print(("ok" if ok else "not ok") + f" {number} - {name}")
    if detail:
        for line in str(detail).splitlines():
            print(f"# {line}")
    sys.stdout.flush()


def skip_all(reason):
    print(f"1..0 # SKIP {reason}")
    sys.exit(0)


if not os.environ.get("DISPLAY"):
    skip_all("no display (run under xvfb-run)")
try:
    from dogtail.config import config as dogtail_config
    dogtail_config.checkForA11y = False  # GTK 4 talks AT-SPI without the GNOME setting
    dogtail_config.searchShowingOnly = False
    dogtail_config.defaultDelay = 0.2
    dogtail_config.searchCutoffCount = 40
    dogtail_config.logDebugToFile = False
    dogtail_config.logDebugToStdOut = False  # its "click on …" lines would break TAP
    # dogtail prints a warning about the empty AT-SPI desktop on stdout,
    # which is TAP's: send it to stderr
    with contextlib.redirect_stdout(sys.stderr):
        from dogtail import tree
except ImportError as error:
    skip_all(f"dogtail is not installed ({error})")


def wait_for(what, predicate, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = predicate()
            if result:
                return result
        except Exception:
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def find(node, what, predicate):
    return wait_for(what, lambda: node.findChild(predicate, retry=False, requireResult=False))


def button(node, label):
    return find(node, f"button {label}",
                lambda n: n.roleName in ("push button", "toggle button") and label in n.name)


def click(node):
    if "click" in node.actions:
        node.doActionNamed("click")
    else:
        node.click()


def xml_text(app):
    view = find(app, "XML view", lambda n: n.roleName == "text" and n.name == "Configuration XML")
    return view.text


def main():
    binary = os.environ["PITSTOP_GUI"]
    data_home = tempfile.mkdtemp(prefix="pitstop-e2e-")
    env = dict(os.environ, XDG_DATA_HOME=data_home, GSETTINGS_BACKEND="memory", GTK_A11Y="atspi")
    env.pop("NO_AT_BRIDGE", None)
    # GTK 4.8 warns whenever AT-SPI asks for screen coordinates (a pointer
    # click needs them): not fatal here
    env.pop("G_DEBUG", None)
    proc = subprocess.Popen([binary, "--demo"], env=env)
    steps = []

    def step(name, function):
        steps.append((name, function))

    state = {}

    def start():
        state["app"] = wait_for("the pitstop application on AT-SPI",
                                lambda: tree.root.application("pitstop"))
        # first the overview of all VMs, as the window opens
        find(state["app"], "the overview", lambda n: n.roleName == "label" and n.name == "All Virtual Machines")
        names_in_window()
        sidebar = find(state["app"], "the VM list", lambda n: n.name == "Virtual machines")
        find(sidebar, "win10-gaming in the list", lambda n: n.name == "win10-gaming").click()
        find(state["app"], "the overview of win10-gaming",
             lambda n: n.roleName == "label" and "8 sockets × 1 core × 1 thread" in n.name)

    def open_wizard():
        click(button(state["app"], "Tune"))
        state["wizard"] = find(state["app"], "the wizard window",
                               lambda n: n.roleName == "frame" and n.name.startswith("Tune"))
        find(state["wizard"], "the readiness page", lambda n: n.name == "Available (vmx)")

    def next_page(expect):
        click(button(state["wizard"], "Next"))
        find(state["wizard"], f"page {expect}", lambda n: n.roleName == "label" and expect in n.name)

    def gpu_page():
        next_page("Step 2 of 9")
        gtx = find(state["wizard"], "the GTX 1080",
                   lambda n: n.roleName in ("check box", "radio button") and "GeForce GTX 1080" in n.name)
        if not gtx.checked:
            click(gtx)
        find(state["wizard"], "its audio function",
             lambda n: n.roleName == "label" and n.name == "NVIDIA Corporation GP104 High Definition Audio Controller")
        hide = find(state["wizard"], "the hide-the-hypervisor switch",
                    lambda n: n.name == "Hide the hypervisor" and n.roleName in ("check box", "toggle button", "switch"))
        if not hide.checked:
            click(hide)
        wait_for("the switch on", lambda: hide.checked)

    def cpu_page():
        next_page("Step 3 of 9")
        if os.environ.get("PITSTOP_E2E_DUMP"):
            for n in state["wizard"].findChildren(lambda n: n.roleName not in ("label", "panel", "filler")):
                print("#", n.roleName, repr(n.name), getattr(n, "value", None))
        values = {}
        for name in ("Sockets", "Cores per socket", "Threads per core", "Current allocation"):
            spin = find(state["wizard"], name, lambda n, name=name: n.roleName == "spin button" and n.name.startswith(name))
            values[name] = int(spin.value)
        assert values == {"Sockets": 1, "Cores per socket": 4, "Threads per core": 2, "Current allocation": 8}, values

    def later_pages():
        next_page("Step 4 of 9")  # pinning: the automatic plan
        find(state["wizard"], "the automatic plan", lambda n: "vCPU 7" in n.name)
        next_page("Step 5 of 9")  # memory: 1 GiB pages, enough free
        find(state["wizard"], "free pages", lambda n: n.name == "Needs 16, 24 free on the host")
        next_page("Step 6 of 9")  # drivers
        if os.environ.get("PITSTOP_E2E_DUMP"):
            for n in state["wizard"].findChildren(lambda n: n.roleName in ("text", "entry", "password text")):
                print("#", n.roleName, repr(n.name), repr(n.text))
        # GTK 4.8 does not expose an entry's text over AT-SPI: the disc's path
        # is checked in the XML after applying
        find(state["wizard"], "the ISO", lambda n: n.roleName == "text" and n.name == "virtio-win disc image")
        next_page("Step 7 of 9")  # network
        find(state["wizard"], "the bridge", lambda n: n.roleName == "text" and n.name == "Bridge")
        find(state["wizard"], "its uplink", lambda n: n.roleName == "label" and n.name.startswith("Over eno2"))
        next_page("Step 8 of 9")  # review
        find(state["wizard"], "the diff", lambda n: n.name == "Configuration Diff")
        next_page("Step 9 of 9")

    def apply():
        click(button(state["wizard"], "Apply Changes"))
        find(state["wizard"], "the saved message", lambda n: n.name == "The changes are saved")

    def check_xml():
        needles = ["<hostdev mode='subsystem' type='pci' managed='yes'>", "bus='0x04'", "function='0x1'",
                   "<vendor_id state='on'", "<hidden state='on'/>", "cores='4' threads='2'",
                   "<vcpu placement='static'>8</vcpu>", "<vcpupin vcpu='7'", "<emulatorpin",
                   "<page size='1048576' unit='KiB'/>", "virtio-win.iso", "<model type='virtio'/>",
                   "<source bridge='br-lan'/>"]
        text = wait_for("the new XML in the window",
                        lambda: (lambda t: t if "<source bridge='br-lan'/>" in t else None)(xml_text(state["app"])))
        missing = [needle for needle in needles if needle not in text]
        assert not missing, f"missing from the XML: {missing}"

    def undo():
        click(button(state["wizard"], "Undo"))
        # the drivers page added the small virtio disk (stage 1): its new
        # volume goes with the undo, and the toast says so
        find(state["wizard"], "the undone message",
             lambda n: n.name.startswith("Undone: the earlier configuration is back. ")
             and "“win10-gaming-virtio-dummy.qcow2” in the storage pool “default”" in n.name
             and n.name.endswith(" is deleted"))
        text = wait_for("the old XML in the window",
                        lambda: (lambda t: t if "e1000e" in t else None)(xml_text(state["app"])))
        assert "<vcpupin" not in text and "sockets='8'" in text and "current='2'" in text

    def keyboard():
        # the wizard as a keyboard user drives it (that Tab reaches every
        # control is checked page by page in tests/ui/test-wizard.c)
        from dogtail import rawinput

        def wizard_open():
            return state["app"].findChild(lambda n: n.roleName == "frame" and n.name.startswith("Tune"),
                                          retry=False, requireResult=False) is not None

        def step_label(number):
            return lambda n: n.roleName == "label" and n.name.startswith(f"Step {number} of 9")

        def focus_wizard():
            # Xvfb has no window manager to give a new window the keyboard
            # focus, as a desktop does: xdotool plays that part
            subprocess.run(["xdotool", "search", "--sync", "--name", "^Tune ", "windowfocus", "--sync"],
                           check=True, timeout=20)

        focus_wizard()
        rawinput.keyCombo("<Alt>Left")
        find(state["wizard"], "step 8 after Alt+Left", step_label(8))
        # after Apply and Undo (the focus on a row of the review page's list
        # of changes) the first Escape is not taken here and a second one
        # closes the wizard; not understood yet.  The fresh wizard below must
        # close on the first.
        for _ in range(2):
            if wizard_open():
                rawinput.pressKey("Escape")
                time.sleep(1)
        wait_for("Escape to close the wizard", lambda: not wizard_open())
        # GTK 4.8 cannot take the focus over AT-SPI (GrabFocus fails): open
        # the wizard with the button's action, as a screen reader does
        click(button(state["app"], "Tune"))
        state["wizard"] = find(state["app"], "the wizard again",
                               lambda n: n.roleName == "frame" and n.name.startswith("Tune"))
        find(state["wizard"], "step 1", step_label(1))
        focus_wizard()
        for number in range(2, 10):
            rawinput.keyCombo("<Alt>Right")
            find(state["wizard"], f"step {number} after Alt+Right", step_label(number))
        rawinput.keyCombo("<Alt>Left")
        find(state["wizard"], "step 8 after Alt+Left", step_label(8))
        rawinput.pressKey("Escape")
        wait_for("Escape to close the wizard again", lambda: not wizard_open())

    CONTROLS = ("push button", "toggle button", "check box", "radio button", "spin button", "text",
                "combo box", "slider", "switch", "menu button")

    def unnamed_controls(node):
        bad = []
        # GTK 4.8 does not report "showing": every control counts, hidden pages too
        for control in node.findChildren(lambda n: n.roleName in CONTROLS):
            name = (control.name or "").strip()
            if not name or name.startswith("Gtk") or name.startswith("Adw"):
                bad.append(f"{control.roleName} {name!r}")
        return bad

    def names_in_window():
        bad = unnamed_controls(state["app"].findChild(lambda n: n.roleName == "frame" and n.name == "Pitstop",
                                                      recursive=False))
        assert not bad, f"controls without an accessible name: {bad}"

    def names_in_wizard():
        bad = []
        for page in ("Step 1", "Step 2", "Step 3", "Step 4", "Step 5", "Step 6", "Step 7", "Step 8", "Step 9"):
            find(state["wizard"], page, lambda n, page=page: n.roleName == "label" and n.name.startswith(page))
            bad += [f"{page}: {b}" for b in unnamed_controls(state["wizard"])]
            if page != "Step 9":
                click(button(state["wizard"], "Next"))
        assert not bad, f"controls without an accessible name: {sorted(set(bad))}"
        for _ in range(8):
            click(find(state["wizard"], "Back", lambda n: n.roleName == "push button" and n.name.startswith("Back")))
        find(state["wizard"], "step 1 again", lambda n: n.roleName == "label" and n.name.startswith("Step 1"))

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
    try:
        for number, (name, function) in enumerate(steps, start=1):
            if failed:
                tap(False, number, name, "not run: an earlier step failed")
                continue
            try:
                function()
                tap(True, number, name)
            except Exception as error:  # report and stop: later steps depend on this one
                failed = True
                tap(False, number, name, f"{type(error).__name__}: {error}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
