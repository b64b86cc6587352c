#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_orders.py: the orders page end to end. A real Mosquitto on a free loopback port, the real
app under Xvfb pointed at it with --broker, events published with mosquitto_pub; asserts what a
person sees: rows with the right status words, the indicator going red when the broker dies and
green when it is back, and events published after the restart arriving."""
import datetime
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402

fbui.reexec_in_dbus()

KEY_CONTROL, KEY_F, KEY_ESCAPE = 37, 41, 9
SHOTS = os.environ.get('FBUI_SCREENSHOTS')  # a directory to keep screenshots in, if set


def event(order_id, status, seconds, kind='UPDATED'):
    t = datetime.datetime(2024, 3, 19, 20, 3, 0) + datetime.timedelta(seconds=seconds)
    return ('{"orderId":"%s","status":"%s","updatedAt":"%s.366Z","event":"%s"}'
            % (order_id, status, t.strftime('%Y-%m-%dT%H:%M:%S'), kind))


def row_of(app, order_id, timeout=10):
    """The table row showing order_id."""
    label = app.find(name=order_id, role='label', timeout=timeout)
    node = label
    while node is not None and node.getRoleName() != 'table row':
        node = node.parent
    assert node is not None, f'{order_id} is not in a table row'
    return node


def row_texts(app, row):
    return [n.name for n in app.find_all(role='label', node=row)]


def wait_row_status(app, order_id, status_text, timeout=10):
    def check():
        texts = row_texts(app, row_of(app, order_id, timeout=1))
        return status_text in texts and texts
    return fbui.wait_until(check, timeout, f'{order_id} showing "{status_text}"')


def indicator_text(app):
    node = app.find(name='Connection status', role='panel', timeout=5)
    return node.description


def main():
    tap = fbui.Tap(8)
    broker = fbui.Mosquitto()
    broker.start()
    app = fbui.App(['--broker', broker.url, '--client-id', 'feedboard-ui-test']).start()
    with fbui.diagnosed(app, tap, screenshot=SHOTS and os.path.join(SHOTS, 'orders-failure.png')):
        fbui.wait_until(lambda: indicator_text(app) == 'Connected', 20, 'the indicator to read Connected')
        tap.ok('the indicator reads Connected')

        a, b, c = 'UITestOrderAAAAAAAAAAAAAAAA', 'UITestOrderBBBBBBBBBBBBBBBB', 'UITestOrderCCCCCCCCCCCCCCCC'
        broker.publish([
            event(a, 'SUBMITTED', 0, 'CREATED'),
            event(a, 'ACCEPTED_BY_STORE', 5),
            event(a, 'IN_KITCHEN', 10),
            event(b, 'SUBMITTED', 1, 'CREATED'),
            event(c, 'SUBMITTED', 2, 'CREATED'),
            event(c, 'CANCELLED', 20),
            event(c, 'IN_KITCHEN', 12),          # older: must not move C back
            event(b, 'SOMETHING_NEW', 30),       # unknown: shown as it is
            'this is not json',                  # skipped, the stream goes on
        ])
        wait_row_status(app, a, 'In kitchen')
        wait_row_status(app, b, 'SOMETHING_NEW')
        wait_row_status(app, c, 'Cancelled')
        tap.ok('published events appear as rows with the right status')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'orders-rows.png'))

        # Select C: the history pane lists its 3 events, the older IN_KITCHEN marked ignored.
        row = row_of(app, c)
        row.parent.querySelection().selectChild(row.getIndexInParent())
        pane = app.find(name='Order history')
        fbui.wait_until(lambda: app.find_all(name='3 events, 1 ignored', role='label', node=pane),
                        10, 'the history pane to list 3 events, 1 ignored')
        events = app.find(name='Events of this order', node=pane)
        assert any(n.name == 'ignored (older)' for n in app.find_all(role='label', node=events))
        tap.ok('selecting an order shows its history, the stale event marked ignored')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'orders-history.png'))

        # Ctrl+F, type part of an id: only that order is listed; Escape shows all again.
        app.keys(KEY_CONTROL, KEY_F)
        app.find(name='Search orders by ID', role='entry', timeout=10,
                 pred=lambda n: n.getState().contains(app.pyatspi.STATE_FOCUSED))
        app.type_text('BBBB')
        app.find(name='1 of 3 orders', role='label', timeout=10)
        app.keys(KEY_ESCAPE)
        app.find(name='3 orders', role='label', timeout=10)
        tap.ok('Ctrl+F searches by order id, Escape clears the search')

        broker.kill()
        killed = time.monotonic()
        fbui.wait_until(lambda: indicator_text(app).startswith(('Reconnecting', 'Disconnected')),
                        3, 'the indicator to turn to Reconnecting/Disconnected')
        took = time.monotonic() - killed
        tap.ok(f'the indicator reads "{indicator_text(app)}" {took:.2f} s after the broker died'
               ' (includes polling the accessibility tree)')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'orders-disconnected.png'))

        broker.restart()
        fbui.wait_until(lambda: indicator_text(app) == 'Connected', 40,
                        'the indicator to read Connected again')
        tap.ok('the indicator reads Connected after the broker returned')

        d = 'UITestOrderDDDDDDDDDDDDDDDD'
        # "Connected" comes with the CONNACK; the SUBSCRIBE may still be on its way. Retained
        # messages, a topic per order, reach the new session's subscription whenever it is made.
        broker.publish([event(d, 'READY_FOR_PICKUP', 40, 'CREATED')], topic=f'orders/events/{d}', retain=True)
        broker.publish([event(a, 'DELIVERED', 50)], topic=f'orders/events/{a}', retain=True)
        wait_row_status(app, d, 'Ready for pickup', timeout=20)
        wait_row_status(app, a, 'Delivered')
        tap.ok('events published after the restart arrive (re-subscribed)')

        def first_row_id():
            table = app.find(name='Orders', role='list')
            return [n.name for n in app.find_all(role='label', node=table.getChildAtIndex(0))][0]
        fbui.wait_until(lambda: first_row_id() == a, 5, f'{a} to move to the top (newest first)')
        tap.ok('an order that changed moves to the top of the newest-first list')
    return 0


if __name__ == '__main__':
    sys.exit(main())
