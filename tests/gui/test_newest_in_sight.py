#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_newest_in_sight.py: the newest order stays in sight (issue 14). The real app under Xvfb
on a private Mosquitto; 300 orders arrive at 20 a second. With nobody touching the window the
newest is on screen and the oldest is not; scrolled away (the pointer over the rows, the wheel
turned), the rows on screen hold still while orders keep arriving and an "N new orders" button
appears; pressing it brings the newest back; with the pointer gone the table follows the newest
again. "On screen" is a row's extents inside the table's, from the accessibility tree."""
import datetime
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402

fbui.reexec_in_dbus()

SHOTS = os.environ.get('FBUI_SCREENSHOTS')
N_ORDERS, RATE = 300, 20.0


def order_id(i):
    return 'NewestInSight%04dXXXXXXXXXX' % i


def created(i):
    t = datetime.datetime(2024, 3, 19, 20, 0, 0) + datetime.timedelta(seconds=i)
    return ('{"orderId":"%s","status":"SUBMITTED","updatedAt":"%s.000Z","event":"CREATED"}'
            % (order_id(i), t.strftime('%Y-%m-%dT%H:%M:%S')))


class Publisher(threading.Thread):
    """Publishes orders first..last at RATE a second through one mosquitto_pub -l."""

    def __init__(self, port, first, last):
        super().__init__(daemon=True)
        self.port, self.first, self.last = port, first, last
        self.sent = first

    def run(self):
        pub = subprocess.Popen(['mosquitto_pub', '-h', '127.0.0.1', '-p', str(self.port), '-t',
                                'orders/events', '-q', '1', '-l'], stdin=subprocess.PIPE, text=True)
        start = time.monotonic()
        for i in range(self.first, self.last):
            pub.stdin.write(created(i) + '\n')
            pub.stdin.flush()
            self.sent = i + 1
            delay = start + (i + 1 - self.first) / RATE - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        pub.stdin.close()
        pub.wait(timeout=30)


def extents(node):
    return fbui.screen_extents(node)


def visible_ids(app, table):
    """Order ids of the rows on screen, top to bottom.

    GTK 4.8's list keeps up to 200 rows around the one it is anchored to, in model order, and
    leaves the extents of rows it does not lay out as they were; so the rows on screen are the
    longest run of rows, in model order, one row height apart inside the table's viewport."""
    tx, ty, tw, th = extents(table)
    rows = []
    for i in range(table.childCount):   # row > cell (> ...) > label: the Order ID column
        try:
            label = table.getChildAtIndex(i).getChildAtIndex(0)
            while label.getRoleName() != 'label' and label.childCount > 0:
                label = label.getChildAtIndex(0)
            if label.name.startswith('NewestInSight'):
                x, y, w, h = extents(label)
                rows.append((y, h, label.name))
        except Exception:   # a row going as we look
            continue
    step = step_of(rows)
    best, run = [], []
    for prev, cur in zip([None] + rows, rows):
        y, h, name = cur
        inside = h > 0 and ty <= y + h / 2 <= ty + th
        follows = prev is not None and run and abs(y - prev[0] - step) <= 2
        if inside and follows:
            run.append(name)
        elif inside:
            run = [name]
        else:
            run = []
        if len(run) > len(best):
            best = list(run)
    return best


def step_of(rows):
    """The most common distance between rows next to each other: one row height."""
    gaps = [b[0] - a[0] for a, b in zip(rows, rows[1:]) if b[0] > a[0]]
    return max(set(gaps), key=gaps.count) if gaps else 0


def index_of(name):
    return int(name[len('NewestInSight'):][:4])


def main():
    tap = fbui.Tap(5)
    broker = fbui.Mosquitto()
    broker.start()
    app = fbui.App(['--broker', broker.url, '--client-id', 'feedboard-newest-test']).start()
    xenv = dict(os.environ, DISPLAY=app.display)
    with fbui.diagnosed(app, tap, screenshot=SHOTS and os.path.join(SHOTS, 'newest-failure.png')):
        fbui.wait_until(lambda: app.find_all(name='Connection status', role='panel')
                        and app.find(name='Connection status', role='panel').description == 'Connected',
                        30, 'the indicator to read Connected')
        # The SUBSCRIBE follows the CONNACK: the first order, retained, reaches it whenever it comes;
        # its row says the app is subscribed (the publisher sends it again: a stale duplicate).
        broker.publish([created(0)], topic=f'orders/events/{order_id(0)}', retain=True)
        app.find(name=order_id(0), role='label', timeout=15)
        # Nobody touches the window: the pointer rests far from it.
        subprocess.run(['xdotool', 'mousemove', '--sync', '1279', '799'], env=xenv, check=True, timeout=10)

        first = Publisher(broker.port, 0, 120)
        first.start()
        first.join(timeout=60)
        table = app.find(name='Orders', role='list', timeout=10)

        def newest_on_screen():
            ids = visible_ids(app, table)
            return ids and ids[0] == order_id(119) and ids
        shown = fbui.wait_until(newest_on_screen, 10, 'the newest order at the top of the table')
        assert order_id(0) not in shown, shown
        assert len(shown) < 120, f'{len(shown)} rows on screen: is the table that tall?'
        tap.ok(f'nobody touching: the newest order is on screen, the oldest is not '
               f'({len(shown)} rows on screen, {shown[0]} first)')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'newest-untouched.png'))

        # Scroll away: the pointer over the rows, the wheel turned down.
        tx, ty, tw, th = extents(table)
        rest = Publisher(broker.port, 120, N_ORDERS)
        rest.start()
        subprocess.run(['xdotool', 'mousemove', '--sync', str(tx + tw // 3), str(ty + th // 2)],
                       env=xenv, check=True, timeout=10)
        subprocess.run(['xdotool', 'click', '--repeat', '6', '--delay', '50', '5'], env=xenv,
                       check=True, timeout=10)
        # Not a wait for something: the wheel's scrolling animates, and nothing says when it ends.
        time.sleep(1.0)
        arrived_before = rest.sent
        held = visible_ids(app, table)
        assert held and index_of(held[0]) < 119, f'the wheel did not scroll the table: {held[:3]}'

        def new_orders():
            found = app.find_all(role='push button', pred=lambda n: re.fullmatch(r'\d+ new orders?', n.name or ''))
            return int(found[0].name.split()[0]) if found else 0
        fbui.wait_until(lambda: new_orders() >= 20 and rest.sent >= arrived_before + 20, 20,
                        '20 orders more to arrive')
        still = visible_ids(app, table)
        assert still == held, f'rows moved under the pointer: {held[:5]} then {still[:5]}'
        tap.ok(f'scrolled away: the rows on screen hold still while {rest.sent - arrived_before} '
               f'orders arrive ({held[0]} first)')

        button = app.find(role='push button', pred=lambda n: re.fullmatch(r'\d+ new orders?', n.name),
                          timeout=10)
        n_new = int(button.name.split()[0])
        assert n_new > 0
        tap.ok(f'a "{button.name}" button appears')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'newest-held.png'))

        sent = rest.sent
        button.queryAction().doAction(0)

        def back_at_top():
            ids = visible_ids(app, table)
            return ids and index_of(ids[0]) >= sent - 10 and ids
        top = fbui.wait_until(back_at_top, 10, 'the newest order back at the top')
        tap.ok(f'pressing it shows the newest order at the top ({top[0]}, {sent} sent by then)')

        # The pointer leaves: the table follows the newest again, to the last order.
        subprocess.run(['xdotool', 'mousemove', '--sync', '1279', '799'], env=xenv, check=True, timeout=10)
        rest.join(timeout=60)
        fbui.wait_until(lambda: (visible_ids(app, table) or [''])[0] == order_id(N_ORDERS - 1), 10,
                        f'{order_id(N_ORDERS - 1)} at the top once the pointer has gone')
        fbui.wait_until(lambda: not app.find_all(role='push button',
                                                 pred=lambda n: re.fullmatch(r'\d+ new orders?', n.name)),
                        10, 'the new-orders button to go')
        tap.ok('the pointer gone, the table follows the newest again: the last order on top, no button')
    return 0


if __name__ == '__main__':
    sys.exit(main())
