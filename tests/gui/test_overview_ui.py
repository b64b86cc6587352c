#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_overview_ui.py: the Overview page of the real app, read through the accessibility tree:
counts per status, the last hour's figures and chart description, a stuck order listed and a
click away from its history, a status a click away from the orders list, and the overview of a
past instant in time travel (later events do not change it; back to live they show)."""
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402
from fbsetup import click_at  # noqa: E402

fbui.reexec_in_dbus()


def stamp(minutes_ago=0.0):
    t = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=minutes_ago)
    return t.strftime('%Y-%m-%dT%H:%M:%S.') + f'{t.microsecond // 1000:03d}Z'


def order(order_id, status, minutes_ago=0.0, event='UPDATED'):
    return json.dumps({'orderId': order_id, 'status': status, 'updatedAt': stamp(minutes_ago), 'event': event})


def tile(app, name, timeout=10):
    return app.find(name=name, role='push button', timeout=timeout)


def main():
    tap = fbui.Tap(7)
    broker = fbui.Mosquitto()
    broker.start()
    app = fbui.App(['--broker', broker.url]).start()
    with fbui.diagnosed(app, tap):
        fbui.wait_until(lambda: app.find(name='Connection status', role='panel', timeout=5).description == 'Connected',
                        20, 'the connection')
        broker.publish([
            order('ov-new', 'SUBMITTED', 0, 'CREATED'),
            order('ov-stuck', 'SUBMITTED', 20, 'CREATED'), order('ov-stuck', 'IN_KITCHEN', 15),
            order('ov-done', 'SUBMITTED', 5, 'CREATED'), order('ov-done', 'COMPLETED', 1),
            order('ov-gone', 'SUBMITTED', 3, 'CREATED'), order('ov-gone', 'CANCELLED', 2),
        ])
        app.keys(64, 12)   # Alt+3: the Overview page
        for name in ('Submitted: 1 order', 'In kitchen: 1 order', 'Completed: 1 order', 'Cancelled: 1 order',
                     'Ready for pickup: 0 orders'):
            tile(app, name)
        tap.ok('a tile per status with its count: Submitted 1, In kitchen 1, Completed 1, Cancelled 1, others 0')

        # 4 created in the last hour; ov-done took 4 minutes; 1 of 2 finished was cancelled.
        chart = app.find(name='Orders created per minute over the last hour', timeout=10)
        fbui.wait_until(lambda: chart.description.startswith('4 orders created in the last 60 minutes'), 10,
                        'the chart\'s description')
        app.find(name='4 min', role='label', timeout=5)
        app.find(name='50 %', role='label', timeout=5)
        tap.ok('the last hour: the chart says "4 orders created in the last 60 minutes", the median "4 min", '
               'cancelled "50 %"')

        stuck_list = app.find(name='Stuck orders', timeout=10)
        row = app.find(pred=lambda n: n.name.startswith('Order ov-stuck, In kitchen since'), node=stuck_list,
                       timeout=10)
        if app.find_all(pred=lambda n: (n.name or '').startswith('Order ov-new'), node=stuck_list):
            raise AssertionError('a new order is not stuck')
        app.find(name='1 not updated for over 10 min, oldest first', role='label', timeout=5)
        tap.ok('the stuck order is listed (last update 15 min ago, threshold 10), the new one is not')

        click_at(app, row)
        dialog = app.find(name='Order ov-stuck', role='frame', timeout=10)
        app.find(name='Events of this order', node=dialog, timeout=5)
        tap.ok('a click on it opens its history')
        app.keys(9)   # Escape closes it
        fbui.wait_until(lambda: not app.find_all(name='Order ov-stuck', role='frame'), 10, 'the history to close')

        click_at(app, tile(app, 'In kitchen: 1 order'))
        fbui.wait_until(lambda: any(n.getState().contains(app.pyatspi.STATE_SELECTED)
                                    for n in app.find_all(name='Orders', role='page tab')), 10, 'the Orders page')
        app.find(name='1 of 4 orders', role='label', timeout=10)
        app.find(name='In kitchen (1)', role='label', timeout=10)
        tap.ok('a click on a status shows the orders list filtered by it ("1 of 4 orders"), the filter '
               'with its count ("In kitchen (1)")')

        # -- time travel: the overview of the last recorded instant --
        app.keys(64, 12)
        app.keys(37, 43)   # Ctrl+H: History
        scope = app.find(role='label', pred=lambda n: n.name.startswith('As of '), timeout=15)
        tile(app, 'Submitted: 1 order', timeout=10)
        broker.publish([order('ov-later', 'SUBMITTED', 0, 'CREATED')])
        # Once the app took it in (it is on disk), the past must still not show it.
        fbui.wait_until(lambda: fbui.recorded_events(app.ledgers, 'ov-later') > 0, 15, 'ov-later in the ledger')
        if not app.find_all(name='Submitted: 1 order', role='push button'):
            raise AssertionError('a live event changed the past')
        tap.ok(f'in the past ("{scope.name}"): a live event does not change what is shown')

        app.keys(9)   # Escape: back to live
        tile(app, 'Submitted: 2 orders', timeout=10)
        app.find(name='Live', role='label', timeout=5)
        tap.ok('back to live: the new order is counted')
    return 0


if __name__ == '__main__':
    sys.exit(main())
