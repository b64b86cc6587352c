#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_inbound_ui.py: hostile messages (issue 15) to the real app on a real Mosquitto, read
through the accessibility tree. A feeder topic with Pango markup and a bad payload gives a toast
whose text is the topic as sent (markup would leave only "x"); JSON nested 100 000 deep on
orders/events, cat-feeder/states and a foreign topic, a NUL in an order id, an updatedAt in the
year 9999, 1e999 and an empty payload neither crash the app nor change an order (the real update
still wins); the connection popover says how many messages were ignored and why the last one was;
Reconnect Now (Ctrl+R) connects at once to a broker that came back while the app waited; Export
History writes every recorded message, the deep ones as strings, as strict JSON Lines."""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402
from test_history_ui import export_history  # noqa: E402
from test_orders import event, indicator_text, row_of, row_texts, wait_row_status  # noqa: E402

fbui.reexec_in_dbus()

KEY_CONTROL, KEY_R = 37, 27
MARKUP_TOPIC = "cat-feeder/states/<span size='60000'>x</span>"
DEEP = '[' * 100000 + ']' * 100000
SHOTS = os.environ.get('FBUI_SCREENSHOTS')


def publish(broker, payload, topic='orders/events', retain=False):
    """One message as it is (-s: no line splitting), or an empty one (None); retain: the broker
    keeps it for whoever subscribes later."""
    argv = ['mosquitto_pub', '-h', '127.0.0.1', '-p', str(broker.port), '-t', topic, '-q', '1'] + (['-r'] * retain)
    subprocess.run(argv + (['-n'] if payload is None else ['-s']), input=None if payload is None else payload.encode(),
                   check=True, timeout=20)


def strict(line):
    def refuse(name):
        raise ValueError(f'not JSON: {name}')
    return json.loads(line, parse_constant=refuse)


def labels(app, pred):
    return [n.name for n in app.find_all(role='label') if n.name and pred(n.name)]


def main():
    tap = fbui.Tap(8)
    broker = fbui.Mosquitto()
    broker.start()
    app = fbui.App(['--broker', broker.url, '--topic', '#', '--client-id', 'feedboard-inbound-test']).start()
    x = 'InboundOrderXXXXXXXXXXXXXXX'
    with fbui.diagnosed(app, tap, screenshot=SHOTS and os.path.join(SHOTS, 'inbound-failure.png')):
        fbui.wait_until(lambda: indicator_text(app) == 'Connected', 20, 'Connected')
        # The subscription follows the CONNACK: retained, the first event reaches it whenever it comes.
        publish(broker, event(x, 'SUBMITTED', 0, 'CREATED'), topic=f'orders/events/{x}', retain=True)
        wait_row_status(app, x, 'Submitted')

        # The first refused feeder message is the one a toast names: the markup topic.
        publish(broker, '{bad', topic=MARKUP_TOPIC)
        toast = fbui.wait_until(lambda: [t for t in app.toast_texts() if 'Ignored a feeder message on' in t], 10,
                                 'the toast')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'inbound-toast.png'))
        assert any(MARKUP_TOPIC in t for t in toast), toast
        tap.ok(f'the toast shows the markup topic as text: {toast[0][:100]!r}')

        for topic in ('orders/events', 'cat-feeder/states', 'weather/today'):
            publish(broker, DEEP, topic=topic)
        publish(broker, '{"orderId":"%s\\u0000B","status":"CANCELLED","updatedAt":"2024-03-19T20:30:00.000Z",'
                        '"event":"UPDATED"}' % x)
        publish(broker, '{"orderId":"%s","status":"DELIVERED","updatedAt":"9999-12-31T23:59:59.999Z",'
                        '"event":"UPDATED"}' % x)
        publish(broker, '{"food_capacity": 1e999}', topic='cat-feeder/states')
        publish(broker, None)
        publish(broker, event(x, 'IN_KITCHEN', 60))
        # Published last, taken in last: the hostile ones before it have been handled (a pinned
        # DELIVERED would have kept In kitchen from showing).
        wait_row_status(app, x, 'In kitchen')
        texts = row_texts(app, row_of(app, x))
        assert 'Cancelled' not in texts and 'Delivered' not in texts, texts
        assert app.proc.poll() is None, app.output()[-2000:]
        tap.ok('after the hostile messages the app lives and the real update wins: ' + ', '.join(texts))

        # The popover: how many were ignored, and why the last one was (plain text).
        fbui.open_menu_button(app, 'Connection status', timeout=5)
        count = fbui.wait_until(lambda: labels(app, lambda t: re.fullmatch(r'\d+ messages? ignored', t)), 10,
                                'the "messages ignored" row')
        assert count == ['7 messages ignored'], count
        last = labels(app, lambda t: t.startswith('orders/events: The message is empty'))
        assert last, labels(app, lambda t: 'orders/events' in t)
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'inbound-popover.png'))
        tap.ok(f'the connection popover: "{count[0]}", the last because "{last[0]}"')
        app.keys(9)   # Escape closes the popover
        output = app.output()
        assert 'CRITICAL' not in output and 'WARNING' not in output, output[-3000:]
        tap.ok('no GLib warning or critical in the app\'s output')

        # Reconnect Now: the broker dies; while the app waits out its back-off, it comes back.
        broker.kill()
        fbui.wait_until(lambda: indicator_text(app).startswith('Reconnecting'), 10, 'Reconnecting')
        waits = []

        def long_wait():
            m = re.fullmatch(r'Reconnecting in (\d+) s', indicator_text(app))
            if m:
                waits.append(int(m.group(1)))
            return m and int(m.group(1)) >= 4
        fbui.wait_until(long_wait, 40, 'a wait of 4 s or more')
        assert max(waits) <= 30, waits
        tap.ok(f'the waits grow while the broker is gone, up to {max(waits)} s (never past 30 s)')
        broker.start()
        pressed = time.monotonic()
        app.keys(KEY_CONTROL, KEY_R)
        fbui.wait_until(lambda: indicator_text(app) == 'Connected', 3, 'Connected after Ctrl+R')
        tap.ok(f'Reconnect Now (Ctrl+R) connects in {time.monotonic() - pressed:.1f} s instead of waiting')
        publish(broker, event(x, 'READY_FOR_PICKUP', 120))
        wait_row_status(app, x, 'Ready for pickup', timeout=15)
        tap.ok('events arrive again after Reconnect Now')

        exported = os.path.join(tempfile.mkdtemp(prefix='fbui-inbound-'), 'export.jsonl')
        # Export reads what the ledger committed (every 200 ms): the last event on disk first.
        fbui.wait_until(lambda: fbui.recorded_events(app.ledgers, x, 'READY_FOR_PICKUP') > 0, 15,
                        'the last event in the ledger')
        export_history(app, exported, SHOTS and os.path.join(SHOTS, 'inbound-export.png'))
        with open(exported, encoding='utf-8') as f:
            lines = [strict(line) for line in f if line.strip()]
        deep = sorted(e['topic'] for e in lines if e.get('raw') == DEEP and 'deeper than' in e.get('payloadRefused', ''))
        assert deep == ['cat-feeder/states', 'orders/events', 'weather/today'], [str(e)[:150] for e in lines]
        assert any(e.get('topic') == MARKUP_TOPIC for e in lines)
        tap.ok(f'Export History: {len(lines)} strict JSON lines, the deep payloads as strings with the reason')
    return 0


if __name__ == '__main__':
    sys.exit(main())
