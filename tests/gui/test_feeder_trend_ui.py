#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_feeder_trend_ui.py: a feeder's food over the last 24 hours on its card, against a generated
history with a known consumption rate. Before the app starts, ledger-write records a day of the
kitchen feeder (100 % falling 2 points an hour, a state every 10 minutes, refilled to 100 % 4 hours
ago, a feed every 4 hours) and three states of the hall feeder, into the history of the broker the
app is pointed at. The card's chart says the range in its accessible description, the estimate
reads "Empty in about 46 hours" (92 % at 2 points an hour), the hall's card has no estimate (not
enough data), Last Message shows the kitchen's last state as it arrived (read back from the
history), and in time travel the chart ends at the instant shown.

Usage: test_feeder_trend_ui.py LEDGER_WRITE"""
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402

fbui.reexec_in_dbus()

MINUTE = 60 * 1000000
HOUR = 60 * MINUTE
SHOTS = os.environ.get('FBUI_SCREENSHOTS')


def day_of_states(end):
    """(received_at, topic, payload) lines: 24 hours up to @end (µs)."""
    start = end - 24 * HOUR
    lines = []
    for i in range(0, 24 * 6 + 1):
        at = start + i * 10 * MINUTE
        hours = (at - start) / HOUR
        level = round(100 - 2 * hours) if hours < 20 else round(100 - 2 * (hours - 20))
        lines.append((at, 'cat-feeder/states', json.dumps({'food_capacity': level, 'device_location': 'kitchen'})))
        if i % 24 == 0:
            lines.append((at + 1, 'cat-feeder/action', '{"event":"SINGLE"}'))
    for i in range(3):
        lines.append((end - (3 - i) * MINUTE, 'cat-feeder/states',
                      json.dumps({'food_capacity': 70 - i, 'device_location': 'hall'})))
    return sorted(lines)


def card(app, name):
    return app.find(name=name, pred=lambda n: n.getRoleName() in ('grouping', 'panel'), timeout=30)


def chart_of(app, node):
    return app.find(name='Food level over the last 24 hours', role='image', node=node, timeout=10)


def labels(app, node):
    return [n.name for n in app.find_all(role='label', node=node) if n.name]


def main():
    ledger_write = sys.argv[1]
    tap = fbui.Tap(5)
    broker = fbui.Mosquitto()
    broker.start()
    data = tempfile.TemporaryDirectory(prefix='fbui-trend-')
    key = 'broker-' + hashlib.sha256(broker.url.encode()).hexdigest()[:16]
    ledger_dir = os.path.join(data.name, 'feedboard', 'ledgers', key)
    os.makedirs(ledger_dir)
    end = int(time.time() * 1000000) - MINUTE
    lines = day_of_states(end)
    subprocess.run([ledger_write, ledger_dir], input=''.join('%d %s %s\n' % l for l in lines), text=True,
                   check=True, timeout=60, stdout=subprocess.DEVNULL)

    app = fbui.App(['--broker', broker.url], env={'XDG_DATA_HOME': data.name}).start()
    with fbui.diagnosed(app, tap, screenshot=SHOTS and os.path.join(SHOTS, 'trend-failure.png')):
        app.find(name='Feeders', role='page tab', timeout=20)
        app.keys(64, 11)   # Alt+2
        # The cards are made again when the history's state comes in: find them afresh.
        # The first state, 24 hours and a minute ago, is out of the chart's 24 hours; so is its feed.
        fbui.wait_until(lambda: '144 reports' in (chart_of(app, card(app, 'Kitchen')).description or ''), 20,
                        'the chart to hold the day read from the history')
        kitchen = card(app, 'Kitchen')
        chart = chart_of(app, kitchen)
        assert re.search(r'100 % to 92 %, lowest 60 %, 144 reports; 6 feeds', chart.description), chart.description
        tap.ok(f'the chart reads the day from the history: "{chart.description}"')

        fbui.wait_until(lambda: 'Empty in about 46 hours' in labels(app, kitchen), 10, 'the estimate')
        tap.ok('the estimate at 2 points an hour from 92 %: "Empty in about 46 hours"')

        fbui.wait_until(lambda: '3 reports' in (chart_of(app, card(app, 'Hall')).description or ''), 10,
                        'the hall\'s three reports')
        hall = card(app, 'Hall')
        assert not any(t.startswith('Empty in') for t in labels(app, hall)), labels(app, hall)
        tap.ok('three reports in three minutes are not enough: the hall\'s card has no estimate')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'trend-live.png'))

        # A GtkMenuButton shows as two push buttons (GTK 4.18: a button around a toggle button);
        # the inner one clicks.
        outer = app.find(name='Last message as received', role='push button', node=kitchen)
        button = fbui.wait_until(lambda: [n for n in app.find_all(node=outer, pred=lambda n: (
                                              fbui.role_is(n, 'push button') or n.getRoleName() == 'toggle button')
                                          and fbui.has_action(n))], 10, 'Last Message')[-1]
        button.queryAction().doAction(0)
        payload = app.find(name='Payload', role='text', timeout=10)
        fbui.wait_until(lambda: '"device_location": "kitchen"' in payload.queryText().getText(0, -1), 10,
                        'the last state as it arrived')
        text = payload.queryText().getText(0, -1)
        assert '"food_capacity": 92' in text, text
        assert any(t.startswith('QoS and retained flag not recorded') for t in labels(app, app.root)), \
            'a message read back from the history says what it does not record'
        tap.ok('Last Message shows the kitchen\'s last state as it arrived, read back from the history')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'trend-message.png'))
        app.keys(9)   # Escape closes the popover

        # Time travel to the last event: the charts end at the instant shown.
        app.keys(37, 43)   # Ctrl+H
        fbui.wait_until(lambda: any(t.startswith('24 Hours to ') for t in labels(app, card(app, 'Kitchen'))), 20,
                        'the past card\'s chart')
        past = card(app, 'Kitchen')
        fbui.wait_until(lambda: '144 reports' in (chart_of(app, card(app, 'Kitchen')).description or ''), 20,
                        'the past chart read from the history')
        fbui.wait_until(lambda: 'Empty in about 46 hours' in labels(app, past), 10, 'the past estimate')
        tap.ok('in time travel the chart ends at the instant shown, with its estimate')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'trend-past.png'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
