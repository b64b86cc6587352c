# SPDX-License-Identifier: GPL-3.0-or-later
"""fbui.py: runs the real Feedboard app under Xvfb and drives it through the accessibility tree.

Use Debian's /usr/bin/python3 (it has pyatspi). A test calls fbui.reexec_in_dbus() first: it
re-runs the test inside its own `dbus-run-session`, so the session and accessibility buses are
private. Everything started here (Xvfb, the at-spi bus, the app, brokers through Brokers) is
killed at the end, also on failure, and every wait has a timeout.
"""
import atexit
import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# tests/fbtest.py; Tap and wait_until are re-exported for the UI tests (fbui.Tap, fbui.wait_until).
from fbtest import Tap, end_process, start_xvfb, wait_until  # noqa: E402,F401

_children = []

# GTK 4.18 (Debian 13, the GNOME runtime) names two roles differently on the accessibility bus
# than GTK 4.8 (Debian 12): a button is 'button' (4.8: 'push button'), a named group of widgets
# 'grouping' (4.8: 'panel'). A test asks for the 4.8 name and gets either.
ROLE_ALIASES = {'push button': ('push button', 'button'), 'panel': ('panel', 'grouping')}


def role_is(node, role):
    return node.getRoleName() in ROLE_ALIASES.get(role, (role,))


def has_action(node):
    try:
        return node.queryAction().nActions > 0
    except NotImplementedError:
        return False


def open_menu_button(app, name, timeout=10):
    """Clicks the GtkMenuButton called name: GTK 4.8 shows it as two push buttons, GTK 4.18 as a
    button around a toggle button; the inner one has the click."""
    wait_until(lambda: [n for n in app.find_all(name=name, pred=lambda n: (
                            role_is(n, 'push button') or n.getRoleName() == 'toggle button')
                        and has_action(n))], timeout, f'the menu button {name!r}')[-1].queryAction().doAction(0)


# GTK 4.18's window coordinates, from the window's top left corner inside its 10 px wide resize
# border: measured under Xvfb without a window manager (the window at the screen's origin).
GTK_418_BORDER = 10


def window_extents(node):
    """(x, y, width, height) of node in its window. GTK on X11 knows no place on the screen (and
    warns on stderr when asked for one): for comparing nodes of one window with each other."""
    import pyatspi
    return node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)


def screen_extents(node):
    """(x, y, width, height) of node on the screen. GTK 4.18 answers (0, 0) for every node's
    position on the screen (its AT-SPI Component knows none; GTK 4.8 gives the real one, never
    (0, 0) for a control inside a window): there its place in the window, moved by the border."""
    import pyatspi
    x, y, w, h = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    if (x, y) == (0, 0):
        x, y, w, h = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        x, y = x + GTK_418_BORDER, y + GTK_418_BORDER
    return x, y, w, h


def label_of(node):
    """node's name, or the text of what labels it: GTK 4.18 leaves a menu item's name empty on
    the bus and points at its label instead (the labelled-by relation, as screen readers follow)."""
    if node.name:
        return node.name
    texts = []
    for relation in node.getRelationSet():
        if relation.getRelationType() == pyatspi_module().RELATION_LABELLED_BY:
            for i in range(relation.getNTargets()):
                try:
                    texts.append(relation.getTarget(i).queryText().getText(0, -1))
                except Exception:
                    pass
    return ' '.join(texts)


def pyatspi_module():
    import pyatspi  # after the buses exist
    return pyatspi


def orders_list(app, timeout=10):
    """The list of the orders table's rows: GTK 4.8 names it after its class; GTK 4.18 leaves it
    unnamed inside the table (a 'tree table' called Orders)."""
    def is_rows(n):
        return n.name in ('Orders', 'GtkColumnListView') or (n.name == '' and n.parent is not None
                                                              and n.parent.getRoleName() == 'tree table')
    return app.find(role='list', pred=is_rows, timeout=timeout)


def _kill_all():
    for proc in reversed(_children):
        end_process(proc, timeout=5)
    _children.clear()


atexit.register(_kill_all)


def _on_signal(signum, frame):
    _kill_all()
    sys.exit(128 + signum)


signal.signal(signal.SIGTERM, _on_signal)


def spawn(argv, **kwargs):
    """Popen that is killed when the test ends."""
    proc = subprocess.Popen(argv, **kwargs)
    _children.append(proc)
    return proc


def reexec_in_dbus():
    """Re-run this script inside dbus-run-session (once), with a hard time limit."""
    if os.environ.get('FBUI_INNER') == '1':
        return
    env = dict(os.environ, FBUI_INNER='1')
    env.pop('NO_AT_BRIDGE', None)
    env.pop('DBUS_SESSION_BUS_ADDRESS', None)
    env.pop('AT_SPI_BUS_ADDRESS', None)
    limit = os.environ.get('FBUI_TIMEOUT', '170')
    os.execvpe('timeout', ['timeout', '-k', '5', limit, 'dbus-run-session', '--',
                           sys.executable] + sys.argv, env)


def recorded_events(ledgers, order_id=None, status=None, topic=None):
    """Events (of order_id, with status, on topic, if given) in every ledger under ledgers/, read
    with SQLite itself (WAL included): what the app committed to disk."""
    query, params = 'SELECT count(*) FROM events WHERE 1', []
    for column, value in (('key', order_id), ('status', status), ('topic', topic)):
        if value is not None:
            query += f' AND {column} = ?'
            params.append(value)
    total = 0
    for key in os.listdir(ledgers) if os.path.isdir(ledgers) else []:
        db = sqlite3.connect(f'file:{os.path.join(ledgers, key, "ledger.sqlite3")}?mode=ro', uri=True)
        try:
            total += db.execute(query, params).fetchone()[0]
        finally:
            db.close()
    return total


def wait_subscribed(app, broker, order_id='FbuiSubscribedProbe', timeout=15):
    """Until the app is subscribed to orders/events/#: an order of its own (order_id), retained so
    that it reaches the subscription whenever that comes, is seen in the app's ledger. For tests
    where one more order changes nothing that they check."""
    broker.publish([json.dumps({'orderId': order_id, 'status': 'SUBMITTED', 'updatedAt': '2024-03-19T20:00:00.000Z',
                                'event': 'CREATED'})], topic=f'orders/events/{order_id}', retain=True)
    wait_until(lambda: recorded_events(app.ledgers, order_id) > 0, timeout, 'the app to be subscribed')


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class Mosquitto:
    """A private Mosquitto on a free loopback port; kill() and restart() keep the port."""

    def __init__(self, unbounded_queues=False):
        """unbounded_queues: the broker drops nothing for a subscriber that lags (by default
        Mosquitto keeps 1 000 QoS 1 messages per client beyond the 20 in flight, and drops the
        rest of a burst)."""
        self.dir = tempfile.TemporaryDirectory(prefix='fbui-mosquitto-')
        self.port = free_port()
        self.conf = os.path.join(self.dir.name, 'mosquitto.conf')
        with open(self.conf, 'w') as f:
            f.write(f'listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence false\n')
            if unbounded_queues:
                f.write('max_queued_messages 0\nmax_inflight_messages 0\n')
        self.proc = None

    @property
    def url(self):
        return f'mqtt://127.0.0.1:{self.port}'

    def start(self):
        self.proc = spawn(['mosquitto', '-c', self.conf], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)

        def accepts():
            with socket.socket() as s:
                s.settimeout(0.5)
                return s.connect_ex(('127.0.0.1', self.port)) == 0
        wait_until(accepts, 10, f'mosquitto on port {self.port}')

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def restart(self):
        self.start()

    def publish(self, payloads, topic='orders/events', retain=False):
        """retain: the broker keeps the last one for whoever subscribes later."""
        subprocess.run(['mosquitto_pub', '-h', '127.0.0.1', '-p', str(self.port), '-t', topic,
                        '-q', '1', '-l'] + (['-r'] if retain else []), input='\n'.join(payloads) + '\n',
                       text=True, check=True, timeout=20)


class App:
    """The app under Xvfb with its own at-spi bus."""

    def __init__(self, args, env=None, name='feedboard'):
        self.args = args
        self.extra_env = env or {}
        self.name = name
        self.display = None
        self.proc = None
        self.root = None

    @property
    def ledgers(self):
        """Where the app keeps its ledgers (once started)."""
        return os.path.join(self.env['XDG_DATA_HOME'], 'feedboard', 'ledgers')

    def start(self, timeout=30):
        # Several Xvfb start at once on this machine (other test suites); one that loses a race
        # for a display number can take the other's socket with it. Check ours answers.
        for attempt in range(3):
            xvfb, self.display = start_xvfb('1280x800x24')
            _children.append(xvfb)
            time.sleep(0.3)
            probe = subprocess.run(['xwd', '-root', '-silent', '-display', self.display],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   timeout=20)
            if xvfb.poll() is None and probe.returncode == 0:
                break
            xvfb.kill()
            xvfb.wait()
        else:
            raise RuntimeError('no working Xvfb display')
        os.environ['DISPLAY'] = self.display
        # The at-spi registry (started by D-Bus) synthesizes key presses on this display.
        subprocess.run(['dbus-update-activation-environment', 'DISPLAY'], check=False,
                       timeout=30)

        launcher = '/usr/libexec/at-spi-bus-launcher'
        if os.path.exists(launcher):
            spawn([launcher, '--launch-immediately'], stdout=subprocess.DEVNULL,
                  stderr=subprocess.DEVNULL)

        env = dict(os.environ, GTK_A11Y='atspi', GSETTINGS_BACKEND='memory', GDK_BACKEND='x11')
        env.pop('NO_AT_BRIDGE', None)
        # A private home for what the app keeps (history, identity cache): no test sees another's.
        self.home = tempfile.TemporaryDirectory(prefix='fbui-home-')
        for var, sub in (('XDG_DATA_HOME', 'data'), ('XDG_STATE_HOME', 'state'),
                         ('XDG_CACHE_HOME', 'cache'), ('XDG_CONFIG_HOME', 'config')):
            env[var] = os.path.join(self.home.name, sub)
        env.update(self.extra_env)
        self.env = env
        self.log = tempfile.TemporaryFile()
        self.proc = spawn([os.environ.get('FEEDBOARD', 'feedboard')] + self.args, env=env,
                          stdout=self.log, stderr=subprocess.STDOUT)

        import pyatspi  # after the buses exist
        self.pyatspi = pyatspi

        def find_app():
            desktop = pyatspi.Registry.getDesktop(0)
            for app in desktop:
                if app is not None and app.name == self.name and app.childCount > 0:
                    return app
            if self.proc.poll() is not None:
                raise RuntimeError('the app exited: ' + self.output())
            return None
        self.root = wait_until(find_app, timeout, f'the app "{self.name}" in the a11y tree')
        return self

    def output(self):
        self.log.seek(0)
        return self.log.read().decode(errors='replace')

    # -- finding things --

    def walk(self, node=None, max_depth=40):
        node = node or self.root
        stack = [(node, 0)]
        while stack:
            n, depth = stack.pop()
            if n is None:
                continue
            yield n
            if depth < max_depth:
                try:
                    children = [n.getChildAtIndex(i) for i in range(n.childCount)]
                except Exception:
                    children = []
                stack.extend((c, depth + 1) for c in reversed(children))

    def matches(self, name=None, role=None, pred=None, node=None, max_depth=40):
        """The nodes under node (the app) that match, lazily, in tree order."""
        for n in self.walk(node, max_depth):
            try:
                if name is not None and n.name != name:
                    continue
                if role is not None and not role_is(n, role):
                    continue
                if pred is not None and not pred(n):
                    continue
            except Exception:
                continue
            yield n

    def find_all(self, name=None, role=None, pred=None, node=None, max_depth=40):
        return list(self.matches(name, role, pred, node, max_depth))

    def find(self, name=None, role=None, pred=None, timeout=10, node=None, max_depth=40):
        """The first match, waited for. The walk stops there: every node asked for is a D-Bus
        round trip to the app, and a list of live orders makes the rest of the tree long."""
        what = f'name={name!r} role={role!r}' + (' (predicate)' if pred else '')
        return wait_until(lambda: next(self.matches(name, role, pred, node, max_depth), None), timeout, what)

    # A toast sits beside the window's content, six levels down on GTK 4.8, while every page of
    # the window (hidden ones too) is in the tree, a thousand nodes and more. A toast lasts 5 s,
    # and on a slow machine a walk through all of them took longer: looked for this shallow only,
    # a toast is a few dozen D-Bus round trips away.
    TOAST_DEPTH = 10

    def toast_texts(self):
        """The texts of the labels near the top of the tree: the toasts' titles among them."""
        return [n.name for n in self.matches(role='label', max_depth=self.TOAST_DEPTH) if n.name]

    def find_toast_button(self, prefix, timeout=5):
        """A toast's button whose name starts with prefix (libadwaita 1.2 names it by its label
        twice, "Show Order Show Order")."""
        return self.find(role='push button', pred=lambda n: (n.name or '').startswith(prefix),
                         timeout=timeout, max_depth=self.TOAST_DEPTH)

    def dump(self, node=None, max_depth=40):
        lines = []
        def rec(n, depth):
            if n is None or depth > max_depth:
                return
            try:
                lines.append('  ' * depth + f'[{n.getRoleName()}] {n.name!r} {n.description!r}')
                for i in range(n.childCount):
                    rec(n.getChildAtIndex(i), depth + 1)
            except Exception as e:
                lines.append('  ' * depth + f'<{e}>')
        rec(node or self.root, 0)
        return '\n'.join(lines)

    def keys(self, *keycodes):
        """Press and release a chord of X keycodes (evdev: Control 37, f 41, Escape 9)."""
        reg = self.pyatspi.Registry
        for c in keycodes:
            reg.generateKeyboardEvent(c, None, self.pyatspi.KEY_PRESS)
            time.sleep(0.05)
        for c in reversed(keycodes):
            reg.generateKeyboardEvent(c, None, self.pyatspi.KEY_RELEASE)
            time.sleep(0.05)

    def type_text(self, text):
        self.pyatspi.Registry.generateKeyboardEvent(0, text, self.pyatspi.KEY_STRING)

    def screenshot(self, path):
        xwd = subprocess.run(['xwd', '-root', '-display', self.display], capture_output=True,
                             check=True, timeout=20)
        subprocess.run(['convert', 'xwd:-', path], input=xwd.stdout, check=True, timeout=20)
        return path

    def quit(self):
        """Ends the app alone (SIGTERM, as a logout would), so that it can be started again."""
        if self.proc is not None:
            end_process(self.proc)

    def stop(self):
        """Ends the app and everything else spawned here (buses, Xvfb, brokers)."""
        self.quit()
        _kill_all()


@contextlib.contextmanager
def diagnosed(app, tap, screenshot=None, restart=False):
    """The body of a test on a started app. On an exception its accessibility tree and output go
    to tap as diagnostics (first a screenshot to the path screenshot, if given) and it is raised
    again; the app is stopped either way (App.stop: with everything else spawned here), or with
    restart=True and no exception only the app quits, for the test to start it again."""
    try:
        yield app
    except Exception:
        if screenshot:
            try:
                tap.diag('screenshot: ' + app.screenshot(screenshot))
            except Exception as e:   # the test's own failure is the one to report
                tap.diag(f'no screenshot: {e}')
        tap.diag(app.dump()[-6000:])
        tap.diag(app.output()[-3000:])
        app.stop()
        raise
    if restart:
        app.quit()
    else:
        app.stop()
