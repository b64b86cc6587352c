#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_simulation_ui.py: Start Simulation on `feedboard --demo`, driven like a person would
through the accessibility tree: the header bar has the button, pressing it shows the new order's
id in a toast and the order in the list; pressing it again while the backend's chain of orders
runs shows the backend's refusal in words."""
import os
import re
import stat
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402

fbui.reexec_in_dbus()

STARTED = re.compile(r'Started order ([0-9A-Za-z]{27})')
BUSY = 'A simulation is already running; try again when its orders are done'
STATUS_WORDS = {'Submitted', 'Accepted by store', 'In kitchen', 'Ready for pickup',
                'Picked up by driver', 'Out for delivery', 'Delivered', 'Cancelled', 'Completed'}


def indicator_text(app):
    return app.find(name='Connection status', role='panel', timeout=5).description


def started_ids(app):
    return [m.group(1) for m in (STARTED.fullmatch(t) for t in app.toast_texts()) if m]


def row_of(app, order_id):
    node = app.find(name=order_id, role='label', timeout=1)
    while node is not None and node.getRoleName() != 'table row':
        node = node.parent
    return node


def slow_demo_backend(tmp):
    """The demo's own feedboard-sim at real-time speed (the app starts it at 10x): its chain of six
    orders then runs for 40 s, so pressing again surely finds it running. GOption keeps the last
    --speed given."""
    sim = os.environ.get('FEEDBOARD_SIM') or os.path.join(
        os.path.dirname(os.environ['FEEDBOARD']), '..', '..', 'sim', 'feedboard-sim')
    wrapper = os.path.join(tmp, 'feedboard-sim')
    with open(wrapper, 'w') as f:
        f.write(f'#!/bin/sh\nexec "{os.path.abspath(sim)}" "$@" --speed 1\n')
    os.chmod(wrapper, os.stat(wrapper).st_mode | stat.S_IXUSR)
    return wrapper


def main():
    tap = fbui.Tap(5)
    tmp = tempfile.TemporaryDirectory(prefix='fbui-simulation-')
    app = fbui.App(['--demo'], env={'FEEDBOARD_SIM': slow_demo_backend(tmp.name)}).start()
    shots = os.environ.get('FBUI_SCREENSHOT_DIR')
    with fbui.diagnosed(app, tap, screenshot=shots and os.path.join(shots, 'simulation-failed.png')):
        fbui.wait_until(lambda: indicator_text(app) == 'Connected', 30, 'the indicator to read Connected')
        button = app.find(name='Start Simulation', role='push button', timeout=10)
        states = button.getState()
        assert states.contains(app.pyatspi.STATE_SENSITIVE), 'Start Simulation is not sensitive'
        tap.ok('the header bar has a "Start Simulation" button on the demo')

        button.queryAction().doAction(0)
        order_id = fbui.wait_until(lambda: (started_ids(app) or [None])[0], 15, 'the toast "Started order …"')
        tap.ok(f'a toast names the order the backend started ({order_id})')
        if shots:
            app.screenshot(os.path.join(shots, 'simulation-started.png'))
        app.find_toast_button('Show Order').queryAction().doAction(0)

        # The order's own window when its first event is in; else the list filtered to it.
        def shown_alone():
            if any(w is not None and w.name == f'Order {order_id}' for w in app.root):
                return 'its window'
            rows = app.find_all(role='table row')
            ids = {n.name for r in rows for n in app.find_all(role='label', node=r) if len(n.name or '') == 27}
            return ids == {order_id} and 'the list filtered to it'
        how = fbui.wait_until(shown_alone, 20, f'{order_id} shown')
        tap.ok(f'the toast\'s "Show Order" shows that order: {how}')

        # The chain of six orders, 8 s apart, is still running.
        button.queryAction().doAction(0)
        fbui.wait_until(lambda: BUSY in app.toast_texts(), 15, f'the toast "{BUSY}"')
        tap.ok('pressed again while the chain runs: the toast says a simulation is already running')
        if shots:
            app.screenshot(os.path.join(shots, 'simulation-busy.png'))

        def shown():
            row = row_of(app, order_id)
            return row is not None and STATUS_WORDS & {n.name for n in app.find_all(role='label', node=row)}
        fbui.wait_until(shown, 20, f'{order_id} in the orders list with a status')
        tap.ok('the started order is in the orders list, with its status')

    return 0


if __name__ == '__main__':
    sys.exit(main())
