#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_orders_keys.py: the orders table as a person on the keyboard and with a screen reader
meets it (issue 16). A real Mosquitto on a free loopback port, the real app under Xvfb; the keys
are real key presses (at-spi synthesizes them on the display), what is checked is what the
accessibility tree says: each row read as "Order …, Out for delivery, updated 13:58:21", the
status filter's toggle named, every control on the page named, one Tab stop for the list
(search, status filter, the three column headers, the list, then out of the table), arrow keys
inside it, Enter opening the order, Escape closing it, a header sorting with Enter; then the
window as narrow as it goes (asked for 360 px): the columns fill the table with Updated given
way, the rows still read whole, the order opens as a page of its own and Escape comes back to
its row."""
import datetime
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402

fbui.reexec_in_dbus()

# GTK 4.8 gives a column title no role of its own: a named "filler" (later GTKs: column header).
HEADER = 'filler'
KEY_CONTROL, KEY_F, KEY_TAB, KEY_SHIFT, KEY_RETURN, KEY_DOWN, KEY_ESCAPE = 37, 41, 23, 50, 36, 116, 9
SHOTS = os.environ.get('FBUI_SCREENSHOTS')  # a directory to keep screenshots in, if set
N_ORDERS = 40
# Today (an older day would be read with its date), a few minutes ago, whole seconds.
T0 = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)).replace(microsecond=0)
STATUSES = ['SUBMITTED', 'IN_KITCHEN', 'OUT_FOR_DELIVERY', 'DELIVERED']
WORDS = {'SUBMITTED': 'Submitted', 'IN_KITCHEN': 'In kitchen', 'OUT_FOR_DELIVERY': 'Out for delivery',
         'DELIVERED': 'Delivered'}


def order_id(i):
    return 'KeysOrder%02dXXXXXXXXXXXXXXXX' % i


def updated(i):
    return T0 + datetime.timedelta(seconds=i)


def event(i):
    t = updated(i)
    return ('{"orderId":"%s","status":"%s","updatedAt":"%s.000Z","event":"UPDATED"}'
            % (order_id(i), STATUSES[i % len(STATUSES)], t.strftime('%Y-%m-%dT%H:%M:%S')))


def row_name(i):
    """What a screen reader must read for order i's row: the time in the app's (local) zone."""
    local = updated(i).astimezone().strftime('%H:%M:%S')
    return f'Order {order_id(i)}, {WORDS[STATUSES[i % len(STATUSES)]]}, updated {local}'


def focused(app):
    """The node that has the keyboard focus: (role, name)."""
    for n in app.walk():
        try:
            if n.getState().contains(app.pyatspi.STATE_FOCUSED):
                return n.getRoleName(), n.name
        except Exception:
            continue
    return None


def wait_focus(app, want, what, timeout=5):
    """Waits until the focus is on a node for which want((role, name)) holds; returns it."""
    return fbui.wait_until(lambda: (lambda f: f if f is not None and want(f) else None)(focused(app)),
                           timeout, what)


def press(app, *keys):
    app.keys(*keys)
    time.sleep(0.15)


def tab_path(app, n):
    """Where n presses of Tab take the focus from the search entry: [(role, name), …]."""
    press(app, KEY_CONTROL, KEY_F)
    wait_focus(app, lambda f: f[1] == 'Search orders by ID', 'the focus in the search entry')
    press(app, KEY_ESCAPE)
    path = []
    for _ in range(n):
        press(app, KEY_TAB)
        path.append(wait_focus(app, lambda f: not path or f != path[-1], 'the focus to move on Tab'))
    return path


def visible(node):
    return node.getState().contains(fbui_pyatspi().STATE_VISIBLE)


def fbui_pyatspi():
    import pyatspi
    return pyatspi


def extents(node):
    return fbui.window_extents(node)


def rows(app):
    """The order rows, top to bottom (not the header row, "Column headers")."""
    return [r for r in app.find_all(role='table row') if r.name != 'Column headers']


def main():
    tap = fbui.Tap(10)
    broker = fbui.Mosquitto()
    broker.start()
    app = fbui.App(['--broker', broker.url, '--client-id', 'feedboard-ui-keys']).start()
    with fbui.diagnosed(app, tap, screenshot=SHOTS and os.path.join(SHOTS, 'orders-keys-failure.png')):
        fbui.wait_until(lambda: app.find_all(name='Connection status', role='panel')
                        and app.find_all(name='Connection status', role='panel')[0].description == 'Connected',
                        20, 'the indicator to read Connected')
        broker.publish([event(i) for i in range(N_ORDERS)])
        newest = N_ORDERS - 1

        # 1. Rows read as "Order …, Out for delivery, updated 13:58:21" (GTK 4.8: "GtkListItemWidget").
        app.find(name=row_name(newest), role='table row', timeout=15)
        names = [r.name for r in rows(app)]
        pattern = re.compile(r'^Order KeysOrder\d\dX+, (Submitted|In kitchen|Out for delivery|Delivered), '
                             r'updated \d\d:\d\d:\d\d$')
        bad = [n for n in names if not pattern.match(n or '')]
        assert names and not bad, f'rows not read as "Order …, status, updated hh:mm:ss": {bad[:5]}'
        ofd = [i for i in range(N_ORDERS) if STATUSES[i % len(STATUSES)] == 'OUT_FOR_DELIVERY'][-1]
        app.find(name=row_name(ofd), role='table row', timeout=5)
        tap.ok(f'{len(names)} rows read as "{row_name(newest)}"')

        # 2. The status filter's toggle is named, and says what it shows (GTK 4.8 reads it as a
        #    push button).
        toggle = app.find(name='Filter by status', pred=lambda n: n.getRoleName() in ('push button', 'toggle button'),
                          timeout=5)
        assert toggle.description == f'All statuses ({N_ORDERS})', toggle.description
        tap.ok(f'the status filter reads "Filter by status", "{toggle.description}"')

        # 3. Every control on the orders page is named (no "GtkToggleButton", no empty name).
        # The page: GTK 4.8 says 'filler', GTK 4.18 'panel'.
        page = app.find(name='Orders', pred=lambda n: n.getRoleName() in ('filler', 'panel'), timeout=5)
        controls = ('push button', 'toggle button', 'text', 'entry', 'combo box', 'table row',
                    'column header', 'table', 'tree table', 'list', 'check box', 'menu button')
        table = app.find(name='Orders', role='tree table', timeout=5)
        shown = [n for n in app.walk(page)
                 if n.getRoleName() in controls and n.getState().contains(app.pyatspi.STATE_VISIBLE)]
        # The rows on screen (GTK 4.18 makes only those it shows: 21 of 40 here), the search,
        # the filter, the three headers at least.
        assert len(shown) >= len(names) + 5, f'only {len(shown)} controls found on the page'
        unnamed = [f'[{n.getRoleName()}] {n.name!r}' for n in shown if not n.name or n.name.startswith('Gtk')]
        unnamed += [f'[{n.getRoleName()}] {n.name!r}' for n in app.walk(table)
                    if (n.getState().contains(app.pyatspi.STATE_FOCUSABLE) or n.getRoleName() in controls)
                    and (not n.name or n.name.startswith('Gtk'))]
        assert not unnamed, f'controls without a name: {unnamed}'
        tap.ok(f'every control on the orders page is named ({len(shown)} checked)')

        # 4. Tab: search, filter, Order ID, Status, Updated, the list (one stop), then out of it.
        path = tab_path(app, 7)
        want = [(toggle.getRoleName(), 'Filter by status'), (HEADER, 'Order ID'),
                (HEADER, 'Status'), (HEADER, 'Updated'), ('table row', row_name(newest))]
        assert path[:5] == want, f'Tab went {path}, not {want}'
        assert path[5][0] != 'table row', f'a second Tab stayed in the list: {path[5]}'
        tap.ok(f'Tab visits the filter, the headers, the list once, then leaves it: {path[5]}')

        # Shift+Tab from beyond the table: back to the list, one stop.
        press(app, KEY_SHIFT, KEY_TAB)
        if focused(app) != path[4]:
            press(app, KEY_SHIFT, KEY_TAB)
        wait_focus(app, lambda f: f[0] == 'table row', 'Shift+Tab back into the list')
        tap.ok('Shift+Tab comes back to the list as one stop')

        # 5. Down selects a row and shows its order beside the list, each Down after it moves one
        #    row on, the order shown follows, and Enter opens the order under the focus. The first
        #    Down: GTK 4.8 moves to the second row; GTK 4.12 and later select the row under the
        #    focus first when it is not selected yet, as every GNOME list there does.
        index = {row_name(i): i for i in range(N_ORDERS)}

        def shown(i):
            return any(app.find_all(name=order_id(i), node=h)
                       for h in app.find_all(name='Order history', pred=visible))

        def focused_and_shown():
            f = focused(app)
            i = index.get(f[1]) if f and f[0] == 'table row' else None
            return i if i is not None and shown(i) else None
        press(app, KEY_DOWN)
        first = fbui.wait_until(focused_and_shown, 5, 'the first Down: the focused row\'s order shown')
        assert first in (newest, newest - 1), f'the first Down went to {row_name(first)}'
        press(app, KEY_DOWN)
        wait_focus(app, lambda f: f == ('table row', row_name(first - 1)), 'Down: the next row')
        fbui.wait_until(lambda: shown(first - 1), 5, 'the order shown to follow the focus')
        press(app, KEY_RETURN)
        history = app.find(name='Order history', pred=lambda n: n.getState().contains(app.pyatspi.STATE_VISIBLE),
                           timeout=5)
        app.find(name=order_id(first - 1), node=history, timeout=5)
        tap.ok(f'Down selects row {newest - first + 1}, then moves row by row with the order shown; '
               'Enter opens the order under the focus')
        press(app, KEY_ESCAPE)
        fbui.wait_until(lambda: not app.find_all(name='Order history',
                                                 pred=lambda n: n.getState().contains(app.pyatspi.STATE_VISIBLE)),
                        5, 'Escape to close the history')

        # 6. A header sorts with Enter: Updated, oldest first.
        press(app, KEY_SHIFT, KEY_TAB)
        wait_focus(app, lambda f: f == (HEADER, 'Updated'), 'Shift+Tab to the Updated header')
        press(app, KEY_RETURN)
        fbui.wait_until(lambda: rows(app) and rows(app)[0].name == row_name(0), 5,
                        'the oldest order first after Enter on Updated')
        header = app.find(name='Updated', role=HEADER, timeout=2)
        press(app, KEY_RETURN)
        fbui.wait_until(lambda: rows(app) and rows(app)[0].name == row_name(newest), 5,
                        'the newest first again after a second Enter')
        tap.ok(f'Enter on the Updated header sorts oldest first, then newest first ({header.name})')

        # 7. As narrow as the window goes (asked for 360 px): the columns fill the table and
        #    none is cut (Updated gives way: GTK 4.8 left a hidden column's space empty), the ids
        #    whole, the rows still read whole; Enter opens the order as a page of its own, Escape
        #    goes back to the list with the focus on the row.
        subprocess.run(['xdotool', 'search', '--sync', '--onlyvisible', '--class', 'feedboard',
                        'windowsize', '%@', '360', '640'], env=dict(os.environ, DISPLAY=app.display),
                       check=False, timeout=20)
        fbui.wait_until(lambda: not app.find_all(name='Updated', role=HEADER, pred=visible), 10,
                        'the Updated column to give way')
        time.sleep(0.5)
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'orders-narrow.png'))
        width = extents(app.find(name='Feedboard', role='frame', timeout=2)).width
        table = extents(app.find(name='Orders', role='tree table', timeout=2))
        status = extents(app.find(name='Status', role=HEADER, timeout=2))
        right = status.x + status.width
        assert table.width - 24 <= right - table.x <= table.width, \
            f'the columns end at {right - table.x} px in a table {table.width} px wide'
        id_label = extents(app.find(name=order_id(newest), role='label', timeout=2))
        assert id_label.x + id_label.width <= status.x, 'the id runs under the status'
        app.find(name=row_name(newest), role='table row', timeout=5)
        tap.ok(f'{width} px wide: the columns fill the table ({right - table.x} of {table.width} px), '
               'ids whole, rows read whole')
        if width > 360:
            tap.diag(f'the window goes no narrower than {width} px (its header bar), not 360')

        # From the search entry: the filter, Order ID, Status (Updated is hidden), the list.
        narrow_path = tab_path(app, 4)
        assert narrow_path == want[:3] + [want[4]], f'narrow, Tab went {narrow_path}'
        # Down to the second row: on GTK 4.12 and later the first Down may select the first row.
        press(app, KEY_DOWN)
        try:
            row = wait_focus(app, lambda f: f == ('table row', row_name(newest - 1)), 'Down: the second row', 2)
        except TimeoutError:
            press(app, KEY_DOWN)
            row = wait_focus(app, lambda f: f == ('table row', row_name(newest - 1)), 'Down: the second row')
        press(app, KEY_RETURN)
        history = app.find(name='Order history', pred=visible, timeout=5)
        app.find(name=order_id(newest - 1), node=history, timeout=5)
        fbui.wait_until(lambda: extents(history).width >= width - 24, 5,
                        'the order\'s history to take the whole width')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'orders-narrow-order.png'))
        tap.ok('narrow, Enter opens the order as a page of its own')
        press(app, KEY_ESCAPE)
        wait_focus(app, lambda f: f == row, 'the focus back on the row')
        fbui.wait_until(lambda: extents(app.find(name='Orders', role='tree table', timeout=2)).width >= width - 24,
                        5, 'the list to take the whole width again')
        press(app, KEY_ESCAPE)
        fbui.wait_until(lambda: not app.find_all(name='Order history', pred=visible), 5,
                        'a second Escape to close the order')
        wait_focus(app, lambda f: f[0] == 'table row', 'the focus still in the list')
        tap.ok('Escape goes back to the list, the focus on the row; Escape again closes the order')

if __name__ == '__main__':
    main()
