#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_narrow_ui.py: the demo in a window 360 px wide (GNOME's smallest), under a window manager
(openbox) that holds the window to the size hints GTK gives it, as a desktop would: the window
really gets that narrow, every control in the header bar and on the orders page stays whole inside
it, an order's history is a page of its own with a Back button (and Escape) that returns to the
list, and the app's stderr has no GTK warning or critical over the whole run.

FBUI_SCREENSHOTS=DIR keeps screenshots of the narrow list and history there."""
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402

fbui.reexec_in_dbus()

from fbsetup import STATUS_WORDS, showing  # noqa: E402

NARROW = 360
SHOTS = os.environ.get('FBUI_SCREENSHOTS')
# A GLib warning or critical on stderr, whatever the domain ("Gtk-WARNING **", "Gtk-CRITICAL **").
BAD_LINE = re.compile(r'-(WARNING|CRITICAL) \*\*')


def xdotool(*args, env):
    return subprocess.run(['xdotool'] + [str(a) for a in args], env=env, capture_output=True,
                          text=True, timeout=20)


def window_id(app, env):
    out = xdotool('search', '--onlyvisible', '--pid', app.proc.pid, env=env).stdout.split()
    return out[-1] if out else None


def geometry(wid, env):
    """The X window's size as the window manager left it."""
    out = xdotool('getwindowgeometry', wid, env=env).stdout
    m = re.search(r'Geometry: (\d+)x(\d+)', out)
    return (int(m.group(1)), int(m.group(2))) if m else None


def extents(app, node):
    return fbui.window_extents(node)


def position(wid, env):
    out = xdotool('getwindowgeometry', wid, env=env).stdout
    m = re.search(r'Position: (-?\d+),(-?\d+)', out)
    return int(m.group(1)), int(m.group(2))


def click(app, node, wid, env):
    """A real click in the middle of node (window coordinates plus the window's place)."""
    x, y, w, h = extents(app, node)
    px, py = position(wid, env)
    app.pyatspi.Registry.generateMouseEvent(px + x + w // 2, py + y + h // 2, app.pyatspi.MOUSE_B1C)
    time.sleep(0.5)


def on_screen(app, node):
    return showing(node) and extents(app, node)[2] > 0


def whole_inside(app, node, frame):
    """The node has a size and lies inside the window's frame: it is not cut."""
    x, y, w, h = extents(app, node)
    fx, fy, fw, fh = frame
    return w > 0 and h > 0 and x >= fx and y >= fy and x + w <= fx + fw and y + h <= fy + fh


def shot(app, name):
    if SHOTS:
        app.screenshot(os.path.join(SHOTS, name))


def main():
    tap = fbui.Tap(7)
    # Alerts while the window is not yet active go out as notifications: a server to take them
    # (else GLib warns that nobody does).
    notifications = tempfile.NamedTemporaryFile(mode='w+', prefix='fbui-notifications-')
    fbui.spawn([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'notification_server.py')],
               stdout=notifications, stderr=subprocess.DEVNULL)
    fbui.wait_until(lambda: 'READY' in open(notifications.name).read(), 10, 'the notification server')
    app = fbui.App(['--demo']).start()
    env = dict(os.environ, DISPLAY=app.display)
    with fbui.diagnosed(app, tap):
        wm = fbui.spawn(['openbox'], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        fbui.wait_until(lambda: app.find(name='Connection status', role='panel', timeout=5).description
                        == 'Connected', 60, 'the indicator to read Connected')
        table = app.find(name='Orders', role='tree table', timeout=10)
        fbui.wait_until(lambda: STATUS_WORDS & {n.name for n in app.find_all(role='label', node=table)},
                        30, 'an order row')
        assert wm.poll() is None, 'openbox did not start'

        wid = fbui.wait_until(lambda: window_id(app, env), 10, 'the window on the display')
        # Alerts show as a banner in the active window only (else as notifications).
        xdotool('windowactivate', '--sync', wid, env=env)
        xdotool('windowsize', wid, NARROW, 600, env=env)
        size = fbui.wait_until(lambda: (geometry(wid, env) or (0, 0))[0] <= NARROW and geometry(wid, env),
                               10, f'the window to be {NARROW} px wide (it is {geometry(wid, env)})')
        frame = app.find(role='frame', timeout=5)
        fbui.wait_until(lambda: extents(app, frame)[2] <= NARROW, 10, 'the frame to follow')
        tap.ok(f'the window is {size[0]} × {size[1]} px after xdotool windowsize {NARROW} 600')

        frame_box = extents(app, frame)
        controls = [('Connection status', 'panel'), ('Start Simulation', 'push button'),
                    ('Main menu', None), ('Search orders by ID', None), ('Filter by status', None),
                    ('Orders', None), ('Overview', None), ('Feeders', None)]
        time.sleep(1)   # the squeezers' crossfades
        cut = []
        for name, role in controls:
            nodes = app.find_all(name=name, role=role, pred=showing)
            if not any(whole_inside(app, n, frame_box) for n in nodes):
                cut.append(f'{name}: {[extents(app, n) for n in nodes]}')
        count = app.find(role='label', pred=lambda n: re.fullmatch(r'\d+ (of \d+ )?orders?', n.name) is not None
                         and showing(n), timeout=5)
        if not whole_inside(app, count, frame_box):
            cut.append(f'the count "{count.name}": {extents(app, count)}')
        assert not cut, f'cut or missing in a window {frame_box}: ' + '; '.join(cut)

        # The status filter's "All statuses (N)" counts the orders the count shows (it stayed at
        # "(0)" when the drop-down's button did not follow its item's title).
        def counts():
            shown = app.find(role='label', pred=lambda n: n.name.startswith('All statuses (') and showing(n),
                             timeout=5).name
            total = app.find(role='label', pred=lambda n: re.fullmatch(r'\d+ orders?', n.name) is not None
                             and showing(n), timeout=5).name
            return int(re.search(r'\((\d+)\)', shown).group(1)), int(total.split()[0])
        # Both are live and read at slightly different times: near each other, not "(0)".
        fbui.wait_until(lambda: counts()[0] > 0 and abs(counts()[0] - counts()[1]) <= max(5, counts()[1] // 10), 20,
                        f'"All statuses (N)" to count the orders shown (filter, count: {counts()})')
        tap.ok('header bar, search, status filter, count and page switcher whole inside the window; '
               'the filter counts the orders shown')
        shot(app, 'narrow-list.png')

        # The alert banner: its Show button has an action with a target (the cancelled order).
        # Wait for one, so the stderr check below covers it.
        fbui.wait_until(lambda: app.find_all(name='Show', role='push button',
                                             pred=lambda n: showing(n) and extents(app, n)[2] > 0),
                        60, 'an alert with Show')
        time.sleep(1)   # the banner slides down
        for name in ('Show', 'Dismiss the alert'):
            button = app.find(name=name, role='push button', pred=showing, timeout=5)
            assert whole_inside(app, button, frame_box), f'{name} is cut: {extents(app, button)}'
        tap.ok('the alert banner fits the narrow window')

        # An order: a tap opens its history as a page of its own, with the whole id and a Back
        # button at the start; Back, and Escape, return to the list.
        for way in ('Back', 'Escape'):
            fbui.wait_until(lambda: whole_inside(app, table, frame_box), 10, 'the orders list whole')
            click(app, table, wid, env)   # its middle: a row is always there
            history = app.find(name='Order history', pred=lambda n: on_screen(app, n), timeout=10)
            back = app.find(name='Back', role='push button', node=history, timeout=5)
            fbui.wait_until(lambda: whole_inside(app, back, frame_box) and whole_inside(app, history, frame_box),
                            5, f'the history and its Back whole inside the window: {extents(app, history)}')
            fbui.wait_until(lambda: not whole_inside(app, table, frame_box), 5, 'the list to give way')
            assert not [n for n in app.find_all(name='Close history', node=history) if on_screen(app, n)], \
                'a page of its own has Back, not Close'
            # The id's label (GTK 4.8 reads a label by its text): the whole id, not shortened.
            id_label = app.find(role='label', node=history,
                                pred=lambda n: re.fullmatch(r'[0-9A-Za-z]{20,}', n.name) is not None, timeout=5)
            order_id = id_label.name
            assert whole_inside(app, id_label, frame_box), f'the id is cut: {extents(app, id_label)}'
            if way == 'Back':
                shot(app, 'narrow-order.png')
                click(app, back, wid, env)
            else:
                app.keys(9)
            fbui.wait_until(lambda: whole_inside(app, table, frame_box) and not whole_inside(app, back, frame_box),
                            10, f'{way} to show the list again')
        tap.ok(f'an order\'s history is a page of its own (whole id {order_id}); Back and Escape return')

        # Messages: a tap on one opens it as a page of its own; Back, and Escape, return.
        click(app, next(n for n in app.find_all(name='Messages', role='page tab')
                        if whole_inside(app, n, frame_box)), wid, env)
        # The page, a named group (GTK 4.18 reads no name on a generic widget; GTK 4.8 read it
        # as a 'filler').
        messages_page = app.find(name='Messages', pred=lambda n: n.getRoleName() in ('filler', 'panel', 'grouping'),
                                 timeout=10)
        messages = app.find(name='Messages received, newest first', pred=lambda n: on_screen(app, n), timeout=20)
        shot(app, 'narrow-messages.png')
        for way in ('Back', 'Escape'):
            # The middle of the list: rows move as messages arrive (newest first) and banners come
            # and go, so a row's extents may be stale; a row is always there.
            fbui.wait_until(lambda: whole_inside(app, messages, frame_box), 10, 'the list whole')
            click(app, messages, wid, env)
            back = app.find(name='Back', role='push button', node=messages_page, timeout=10)
            fbui.wait_until(lambda: whole_inside(app, back, frame_box), 5,
                            f'Back whole inside the window (the page slides in): {extents(app, back)}')
            fbui.wait_until(lambda: not whole_inside(app, messages, frame_box), 10,
                            'the list to give way to the message')
            if way == 'Back':
                shot(app, 'narrow-message.png')
                click(app, back, wid, env)
            else:
                # The focus came along to the message's page (where Escape is heard), not left
                # on the hidden list.
                focused = fbui.wait_until(lambda: next(app.matches(node=messages_page, pred=lambda n: n.getState().contains(
                    app.pyatspi.STATE_FOCUSED)), None), 10, 'the focus on the Messages page')
                assert not any(n == focused for n in app.walk(messages)), \
                    f'the focus stayed on the hidden list: {focused.getRoleName()} {focused.name!r}'
                app.keys(9)
            try:
                fbui.wait_until(lambda: whole_inside(app, messages, frame_box)
                                and not whole_inside(app, back, frame_box), 10, f'{way} to show the list again')
            except TimeoutError as e:
                raise AssertionError(f'{e}: the list at {extents(app, messages)}, Back at {extents(app, back)}, '
                                     f'the window at {frame_box}')
        tap.ok('Messages: a message is a page of its own; Back and Escape return to the list')

        # The past (Ctrl+H): the history bar fits too; the window stays as narrow.
        app.keys(37, 43)
        live = app.find(name='Back to Live', role='push button',
                        pred=lambda n: showing(n) and extents(app, n)[2] > 0, timeout=20)
        time.sleep(1)   # the bar slides down, the timeline's ticks follow its width
        assert geometry(wid, env)[0] <= NARROW, f'the past widened the window to {geometry(wid, env)}'
        for name in ('Back to Live', 'Timeline', 'Previous event', 'Next event', 'Instant shown'):
            nodes = app.find_all(name=name, pred=showing)
            assert any(whole_inside(app, n, frame_box) for n in nodes), \
                f'{name} is cut: {[extents(app, n) for n in nodes]}'
        shot(app, 'narrow-past.png')
        live.queryAction().doAction(0)
        tap.ok('the history bar fits the narrow window')

        time.sleep(3)
        bad = [line for line in app.output().splitlines() if BAD_LINE.search(line)]
        assert not bad, 'warnings on stderr:\n' + '\n'.join(bad[:10])
        tap.ok('no GTK warning or critical on stderr over the whole run')
    return 0


if __name__ == '__main__':
    sys.exit(main())
