#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_burst_ui.py: nothing of a burst is lost (issue 14). The real app under Xvfb on a private
Mosquitto (one that drops nothing for a subscriber that lags) takes 10 000 events over 1 250
orders, sent as fast as the broker takes them: more than the app applies in one frame
(src/gui/fb-session-private.h), so the rest waits for the frames after. The count says 1 250 more
orders, every event is in the history ledger, the newest order is at the top and every row on
screen shows its order's last status."""
import os
import random
import re
import string
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402

fbui.reexec_in_dbus()

N_ORDERS, STEPS = 1250, 8
STATUSES = ['SUBMITTED', 'ACCEPTED_BY_STORE', 'IN_KITCHEN', 'READY_FOR_PICKUP',
            'PICKED_UP_BY_DRIVER', 'OUT_FOR_DELIVERY', 'DELIVERED', 'COMPLETED']
WORDS = {'Submitted', 'Accepted by store', 'In kitchen', 'Ready for pickup', 'Picked up by driver',
         'Out for delivery', 'Delivered', 'Cancelled', 'Completed'}


def burst():
    """Every order through its eight statuses, a step for all orders at a time (as
    bench/app-ingest.py makes the benchmark's burst)."""
    rng = random.Random(14)
    ids = [''.join(rng.choice(string.ascii_letters + string.digits) for _ in range(27)) for _ in range(N_ORDERS)]
    lines = []
    for step, status in enumerate(STATUSES):
        for i, oid in enumerate(ids):
            ms = step * 10000 + i
            t = '2024-03-19T20:%02d:%02d.%03dZ' % ((ms // 60000) % 60, (ms // 1000) % 60, ms % 1000)
            lines.append('{"orderId":"%s","status":"%s","updatedAt":"%s","event":"%s"}'
                         % (oid, status, t, 'CREATED' if step == 0 else 'UPDATED'))
    return ids, lines


def main():
    tap = fbui.Tap(3)
    ids, lines = burst()
    broker = fbui.Mosquitto(unbounded_queues=True)
    broker.start()
    app = fbui.App(['--broker', broker.url, '--client-id', 'feedboard-burst-test']).start()
    # FB_TEST_SHOT=PATH: a screenshot there if the test fails.
    with fbui.diagnosed(app, tap, screenshot=os.environ.get('FB_TEST_SHOT')):
        fbui.wait_until(lambda: app.find_all(name='Connection status', role='panel')
                        and app.find(name='Connection status', role='panel').description == 'Connected',
                        30, 'the indicator to read Connected')
        fbui.wait_subscribed(app, broker)
        # Nobody touches the window: the pointer rests far from it (rows under a pointer that
        # moved hold still).
        subprocess.run(['xdotool', 'mousemove', '--sync', '1279', '799'], env=dict(os.environ, DISPLAY=app.display),
                       check=True, timeout=10)
        broker.publish(lines)

        def count():
            found = app.find_all(role='label', pred=lambda n: re.fullmatch(r'\d+ orders?', n.name or '') is not None)
            return int(found[0].name.split()[0]) if found else 0

        def recorded():   # the burst's topic: not the probe's, nor the connection's own events
            return fbui.recorded_events(app.ledgers, topic='orders/events')
        try:
            fbui.wait_until(lambda: count() == N_ORDERS + 1, 30, f'the count to read {N_ORDERS + 1} orders')
            fbui.wait_until(lambda: recorded() == len(lines), 30, f'{len(lines)} events of the burst in the ledger')
        except TimeoutError as e:
            raise AssertionError(f'{e}: the count reads {count()}, the ledger has {recorded()} of the burst')
        for oid in (ids[0], ids[N_ORDERS // 2], ids[-1]):
            got = fbui.recorded_events(app.ledgers, oid)
            assert got == STEPS, f'{oid}: {got} events in the ledger, not {STEPS}'
        tap.ok(f'{len(lines)} events: {N_ORDERS} orders more in the count, every event in the ledger')

        # Newest first: the order of the burst's last event is the top row, and every row the
        # table shows has its order's last status.
        table = app.find(name='Orders', role='list', timeout=10)

        def rows_shown():
            """(order id, status) of the rows inside the table's extents, top to bottom (GTK 4.8
            keeps ~200 rows bound, most of them off screen)."""
            tx, ty, tw, th = fbui.window_extents(table)
            rows = []
            for i in range(table.childCount):
                try:
                    row = table.getChildAtIndex(i)
                    names = [n.name for n in app.find_all(role='label', node=row)]
                    x, y, w, h = fbui.window_extents(row)
                except Exception:   # a row going as we look
                    continue
                oid = next((t for t in names if t in id_set), None)
                if oid and h > 0 and ty <= y + h / 2 <= ty + th:
                    rows.append((y, oid, next((t for t in names if t in WORDS), None)))
            return [(oid, word) for y, oid, word in sorted(rows)]
        id_set = set(ids)
        fbui.wait_until(lambda: [oid for oid, word in rows_shown()[:1]] == [ids[-1]], 10,
                        f'{ids[-1]} (the last event\'s order) at the top: {rows_shown()[:3]}')
        shown = rows_shown()
        assert len(shown) >= 5 and {word for oid, word in shown} == {'Completed'}, \
            f'rows on screen: {shown}'
        tap.ok(f'the newest order at the top; the {len(shown)} rows on screen all read Completed')
    # diagnosed () stopped the app: everything it wrote is in.
    warnings = [line for line in app.output().splitlines() if 'WARNING **' in line or 'CRITICAL **' in line]
    assert not warnings, '\n'.join(warnings[:10])
    tap.ok('no warning or critical from the app')
    return 0


if __name__ == '__main__':
    sys.exit(main())
