# SPDX-License-Identifier: GPL-3.0-or-later
"""fbsetup.py: helpers for the connection UI tests (welcome page, profile form): a private home
with an unlocked gnome-keyring-daemon, feedboard-sim's endpoints, and GTK 4.8 workarounds (no
SHOWING state, no EditableText, no Action on check buttons: real clicks at the node's extents;
GTK 4.18 knows no position on the screen: there the nodes' own actions and EditableText)."""
import atexit
import os
import shutil
import subprocess
import tempfile
import time

import fbui
from fbui import has_action

STATUS_WORDS = {'Submitted', 'Accepted by store', 'In kitchen', 'Ready for pickup',
                'Picked up by driver', 'Out for delivery', 'Delivered', 'Cancelled', 'Completed'}
KEY_CONTROL, KEY_A = 37, 38
SHOTS = os.environ.get('FBUI_SCREENSHOTS')   # a directory to keep the screenshots in


def private_home():
    """Keyrings, settings (keyfile backend) and the app's files (history...) in one temporary
    home, kept across the app's restarts. Returns it and the environment to give fbui.App."""
    home = tempfile.mkdtemp(prefix='fbui-home-')
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    dirs = {'HOME': home, 'XDG_CONFIG_HOME': f'{home}/config', 'XDG_DATA_HOME': f'{home}/data',
            'XDG_STATE_HOME': f'{home}/state', 'XDG_CACHE_HOME': f'{home}/cache'}
    for d in dirs.values():
        os.makedirs(d, exist_ok=True)
    os.environ.update(dirs)
    # An empty line is the empty password; the daemon lives on this test's private bus.
    subprocess.run(['gnome-keyring-daemon', '--unlock', '--components=secrets'], input='\n',
                   text=True, stdout=subprocess.DEVNULL, check=True, timeout=30)
    return home, dict(dirs, GSETTINGS_BACKEND='keyfile')


def start_sim():
    sim_exe = os.environ['FEEDBOARD_SIM']
    proc = fbui.spawn([sim_exe, '--speed', '10', '--parent-pid', str(os.getpid())],
                      stdout=subprocess.PIPE, text=True)
    values = {}
    deadline = time.monotonic() + 30
    for line in proc.stdout:
        line = line.strip()
        if line == 'READY':
            return values
        key, _, value = line.partition('=')
        values[key] = value
        if time.monotonic() > deadline:
            break
    raise RuntimeError('feedboard-sim did not get ready')


def showing(node):
    """GTK 4.8 reports VISIBLE (the widget's own flag) but never SHOWING."""
    import pyatspi
    try:
        return node.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def on_screen(app, node):
    """GTK 4.18 answers (0, 0) for every node's position on the screen (its AT-SPI Component knows
    none); GTK 4.8 gives the real one, never (0, 0) for a control inside a window."""
    x, y, _, _ = node.queryComponent().getExtents(app.pyatspi.DESKTOP_COORDS)
    return (x, y) != (0, 0)


def click_at(app, node):
    """A real mouse click in the middle of node (GTK 4.8 has no EditableText, no GrabFocus). GTK
    4.18 gives no position on the screen: there the node's own action (a button's, a tab's), or,
    for a node without one (a check button), a click at its place in the window. The click goes
    through the X server, and GTK 4.8's entry rows say nothing of their focus or text on the
    accessibility bus: the pause lets the click (and, in fill, the typing) land before the next
    step. Where a step has something to see, it waits for it instead."""
    pyatspi = app.pyatspi
    if not on_screen(app, node) and has_action(node):
        node.queryAction().doAction(0)
        time.sleep(0.3)
        return
    x, y, w, h = fbui.screen_extents(node)
    pyatspi.Registry.generateMouseEvent(x + w // 2, y + h // 2, pyatspi.MOUSE_B1C)
    time.sleep(0.3)


def top_first(app, **match):
    """app.matches, the newest window (a form, a dialog) searched first: a walk that starts in
    the main window passes its orders list, which grows while orders come."""
    windows = [app.root.getChildAtIndex(i) for i in reversed(range(app.root.childCount))]
    return (n for w in windows if w is not None for n in app.matches(node=w, **match))


def find_top_first(app, timeout=10, **match):
    return fbui.wait_until(lambda: next(top_first(app, **match), None), timeout,
                           f'name={match.get("name")!r} role={match.get("role")!r}, newest window first')


def row(app, title):
    """The entry row whose name starts with its title (GTK 4.8 appends the row's labels). A form
    for a saved connection opens once the keyring answered: 7 to over 10 s on the loaded machine."""
    return find_top_first(app, 30, role='text', pred=lambda n: n.name.split(' ')[0:len(title.split(' '))] == title.split(' ')
                          and showing(n))


def fill(app, title, text):
    """Types text into the entry row, replacing what it held (GTK 4.18: through EditableText,
    having no position to click at)."""
    node = row(app, title)
    if not on_screen(app, node):
        node.queryEditableText().setTextContents(text)
    else:
        click_at(app, node)
        app.keys(KEY_CONTROL, KEY_A)
        app.type_text(text)
    time.sleep(0.3)




def press(app, name, role='push button'):
    """Clicks it through its Action (a GtkMenuButton's outer node has none; its inner one has, a
    toggle button on GTK 4.18), the newest window first. DoAction returns once the click was
    handled; what follows waits for what it shows."""
    button = find_top_first(app, name=name, pred=lambda n: (fbui.role_is(n, role) or (
        role == 'push button' and n.getRoleName() == 'toggle button')) and showing(n) and has_action(n))
    button.queryAction().doAction(0)


RESULT_WORDS = ('Connected to', 'Connected, but', 'Could not connect', 'No answer')


def test_result(app):
    return fbui.wait_until(
        lambda: next((n.name for n in top_first(app, role='label',
                                                pred=lambda n: n.name.startswith(RESULT_WORDS) and showing(n))), None),
        30, 'the result of Test connection')


def screenshot(app, name):
    directory = SHOTS or tempfile.gettempdir()
    path = app.screenshot(os.path.join(directory, name))
    return path


def files_containing(root, needle, skip):
    hits = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) != skip]
        for f in filenames:
            path = os.path.join(dirpath, f)
            try:
                with open(path, 'rb') as fh:
                    if needle.encode() in fh.read():
                        hits.append(path)
            except OSError:
                pass
    return hits


def orders_shown(app):
    """A status word in the orders table (the first one found: the table grows as orders come)."""
    table = app.find(name='Orders', role='list', timeout=10)
    return next(app.matches(role='label', node=table, pred=lambda n: n.name in STATUS_WORDS), None) is not None


def connected(app):
    """The header bar's indicator reads Connected. Found once per app and then only read: a walk
    to it passes the orders list, which grows while the demo runs."""
    node = getattr(app, 'indicator', None)
    if node is None:
        node = app.indicator = app.find(name='Connection status', role='panel', timeout=30)
    try:
        return node.description == 'Connected'
    except Exception:
        app.indicator = None   # gone (the window was rebuilt): found again next time
        raise
