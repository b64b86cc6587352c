#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_messages_ui.py: every message as it arrived, through the accessibility tree. A private
Mosquitto, the real app subscribed to '#'. The Messages page lists a message on a foreign topic
with why it was not read and a refused order with its reason; a payload with markup, control
characters and bytes that are not UTF-8 is shown as text (escaped, never as markup); Ctrl+Shift+C
puts the exact payload on the clipboard (read back by a GTK client of the test's own); the filters
and Pause work; the selected event of an order shows its message, and Ctrl+Shift+O / Ctrl+Shift+M
copy the order id and the whole message; in time travel the page reads the history."""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbclipboard  # noqa: E402
import fbui  # noqa: E402

fbui.reexec_in_dbus()

CTRL, SHIFT, ALT, ESCAPE = 37, 50, 64, 9
KEY = {'1': 10, '4': 13, 'c': 54, 'h': 43, 'm': 58, 'o': 32}
SHOTS = os.environ.get('FBUI_SCREENSHOTS')

BINARY = b'{"orderId":"<b>bold</b>","x":"\x01\x07"}\xff\xfe<i>tail</i>\x1b[31m'
BINARY_SHOWN = '{"orderId":"<b>bold</b>","x":"\\x01\\x07"}\\xFF\\xFE<i>tail</i>\\x1B[31m'
MARKUP = '<span foreground="red">hot</span> & <b>\x01\x1b[1m'.encode()
ORDER_ID = 'UITestOrderMessagesAAAAAAAA'
ORDER = ('{"orderId":"%s","status":"IN_KITCHEN","updatedAt":"2024-03-19T20:03:10.366Z","event":"UPDATED"}'
         % ORDER_ID)


def publish_bytes(broker, topic, data, qos=0):
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        f.flush()
        subprocess.run(['mosquitto_pub', '-h', '127.0.0.1', '-p', str(broker.port), '-t', topic, '-q', str(qos),
                        '-f', f.name], check=True, timeout=20)


def message_list(app):
    return app.find(name='Messages received, newest first', role='list', timeout=10)


def rows(app):
    """Each row's accessible name, newest first (none while the list is not shown: GTK 4.18 leaves
    a page that is not shown out of the tree)."""
    lists = app.find_all(name='Messages received, newest first', role='list')
    if not lists:
        return []
    lst = lists[0]
    return [lst.getChildAtIndex(i).getChildAtIndex(0).name for i in range(lst.childCount)]


def pressable(node):
    return fbui.role_is(node, 'push button') or node.getRoleName() == 'toggle button'


def select_row(app, text):
    lst = message_list(app)
    for i in range(lst.childCount):
        if text in lst.getChildAtIndex(i).getChildAtIndex(0).name:
            lst.querySelection().selectChild(i)
            return
    raise AssertionError(f'no row with {text!r} in {rows(app)}')


def messages_page(app):
    node = message_list(app)
    while node is not None and node.name != 'Messages':
        node = node.parent
    return node


def payload_text(app, node=None):
    """The text of the payload shown in @node (the Messages page by default)."""
    views = [n for n in app.find_all(name='Payload', role='text', node=node or messages_page(app))
             if n.getState().contains(app.pyatspi.STATE_VISIBLE)]
    assert views, 'no payload on screen: %r' % [(n.getState().getStates(), n.queryText().getText(0, 40))
                                                 for n in app.find_all(name='Payload', role='text', node=node)]
    text = views[0].queryText()
    return text.getText(0, -1)


def chord(app, *names):
    codes = [CTRL if n == 'ctrl' else SHIFT if n == 'shift' else ALT if n == 'alt' else KEY[n] for n in names]
    app.keys(*codes)


def clipboard_after(app, keys, mime='text/plain;charset=utf-8', expect=None):
    chord(app, *keys)
    def wanted(data):
        return expect is None or (expect(data) if callable(expect) else data == expect)
    return fbui.wait_until(lambda: (lambda data: data if wanted(data) else None)(
        fbclipboard.read(app.display, mime)), 10, f'the clipboard after {"+".join(keys)}')


def main():
    tap = fbui.Tap(8)
    broker = fbui.Mosquitto()
    broker.start()
    app = fbui.App(['--broker', broker.url, '--topic', '#']).start()
    with fbui.diagnosed(app, tap, screenshot=SHOTS and os.path.join(SHOTS, 'messages-failure.png')):
        chord(app, 'alt', '4')
        fbui.wait_until(lambda: any(n.getState().contains(app.pyatspi.STATE_SELECTED)
                                    for n in app.find_all(name='Messages', role='page tab')), 10, 'the Messages page')
        # The subscription may still be on its way after "Connected": publish until one lands.
        for attempt in range(10):
            broker.publish(['{"temp": 21}'], topic='weather/sydney')
            try:
                fbui.wait_until(lambda: any('weather/sydney' in r for r in rows(app)), 2, 'the first message')
                break
            except TimeoutError:
                tap.diag(f'attempt {attempt + 1}: not there yet')
        publish_bytes(broker, 'odd/<b>topic</b>', BINARY)
        publish_bytes(broker, 'odd/markup', MARKUP, qos=1)
        broker.publish(['this is not json'], topic='orders/events')
        broker.publish([ORDER], topic='orders/events')
        fbui.wait_until(lambda: len(rows(app)) >= 5, 10, 'five messages')
        listed = rows(app)
        assert any('Not read: not an order or feeder topic, weather/sydney' in r for r in listed), listed
        assert any(r.startswith(tuple('0123456789')) and 'Refused: The message is not JSON' in r
                   and 'this is not json' in r for r in listed), listed
        assert 'Order event, orders/events' in listed[0], listed
        tap.ok('the Messages page lists a foreign topic and a refused order, each with its reason, newest first')

        select_row(app, 'odd/<b>topic</b>')
        fbui.wait_until(lambda: payload_text(app) == BINARY_SHOWN, 10, 'the payload shown escaped')
        topic = app.find(role='label', pred=lambda n: n.description == 'Topic', node=messages_page(app))
        assert topic.name == 'odd/<b>topic</b>', topic.name
        assert app.find_all(role='label', name='Text; control characters and bytes that are not UTF-8 shown as \\xNN')
        tap.ok('markup, control characters and bytes that are not UTF-8 are shown as text, escaped')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'messages-page.png'))

        exact = clipboard_after(app, ('ctrl', 'shift', 'c'), 'application/octet-stream', BINARY)
        assert exact == BINARY, exact
        select_row(app, 'odd/markup')
        fbui.wait_until(lambda: payload_text(app).startswith('<span foreground="red">hot</span>'), 10,
                        'the markup payload')
        text = clipboard_after(app, ('ctrl', 'shift', 'c'), expect=MARKUP)
        assert text == MARKUP, text
        tap.ok('Ctrl+Shift+C puts the exact payload on the clipboard (as text when it is UTF-8, as bytes always)')

        topic_entry = app.find(name='Filter by topic', timeout=5)
        topic_entry.queryEditableText().setTextContents('weather')
        fbui.wait_until(lambda: rows(app) and all('weather/sydney' in r for r in rows(app)), 10, 'the filter')
        count = app.find(role='label', pred=lambda n: (n.name or '').endswith('; 1 match'), timeout=5).name
        topic_entry.queryEditableText().setTextContents('')
        fbui.wait_until(lambda: len(rows(app)) >= 5, 10, 'every message again')
        tap.ok(f'filtering by topic keeps the matching messages ("{count}")')

        # A toggle button: GTK 4.8 says 'push button', GTK 4.18 'toggle button'.
        pause = app.find(name='Pause messages', pred=pressable, timeout=5)
        pause.queryAction().doAction(0)
        app.find(name='Resume messages', pred=pressable, timeout=5)
        n_before = len(rows(app))
        broker.publish(['{"while": "paused"}'], topic='weather/paused')
        # Once the app took it in (it is in the ledger), the paused list must still not show it.
        fbui.wait_until(lambda: fbui.recorded_events(app.ledgers, topic='weather/paused') > 0, 15,
                        'weather/paused in the ledger')
        assert len(rows(app)) == n_before and not any('weather/paused' in r for r in rows(app)), rows(app)
        app.find(name='Resume messages', pred=pressable).queryAction().doAction(0)
        fbui.wait_until(lambda: any('weather/paused' in r for r in rows(app)), 10, 'the message that came meanwhile')
        tap.ok('Pause holds the list still; Resume shows what came meanwhile')

        # The order's event: its message in the order history pane, and the copies.
        chord(app, 'alt', '1')
        label = app.find(name=ORDER_ID, role='label', timeout=10)
        row = label
        while row is not None and row.getRoleName() != 'table row':
            row = row.parent
        row.parent.querySelection().selectChild(row.getIndexInParent())
        pane = app.find(name='Order history', timeout=10)
        events = app.find(name='Events of this order', node=pane, timeout=10)
        fbui.wait_until(lambda: events.childCount == 1, 10, 'the order\'s one event')
        events.querySelection().selectChild(0)
        fbui.wait_until(lambda: '"orderId": "%s"' % ORDER_ID in payload_text(app, pane), 10, 'the event\'s message')
        order_id = clipboard_after(app, ('ctrl', 'shift', 'o'), expect=ORDER_ID.encode())
        # Not what was there before (the order id): GTK 4.18 answers a moment later.
        whole = clipboard_after(app, ('ctrl', 'shift', 'm'), expect=lambda d: d.startswith(b'Topic: '))
        assert whole.startswith(b'Topic: orders/events\nQoS: 1\nRetained: no\nReceived: '), whole
        assert b'Backend time: 2024-03-19T20:03:10.366Z\n\n' + ORDER.encode() in whole, whole
        tap.ok(f'the selected event shows its message; Ctrl+Shift+O copies {order_id.decode()}, Ctrl+Shift+M the message')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'order-message.png'))

        # The context menu of the payload has the same copies (its extra menu).
        assert app.find_all(name='Copy', role='push button', node=pane)
        tap.ok('the message view has a Copy menu (Copy Payload, Copy Message, Copy Order ID)')

        # Time travel: the page reads the history, each message with its reason.
        chord(app, 'ctrl', 'h')
        chord(app, 'alt', '4')
        fbui.wait_until(lambda: app.find_all(role='label', pred=lambda n: 'read from the history' in (n.name or '')),
                        20, 'the messages read from the history')
        listed = rows(app)
        assert any('Not read: not an order or feeder topic, weather/sydney' in r for r in listed), listed
        assert any('Refused: The message is not JSON' in r for r in listed), listed
        select_row(app, 'odd/<b>topic</b>')
        fbui.wait_until(lambda: payload_text(app) == BINARY_SHOWN, 10, 'the recorded payload shown escaped')
        tap.ok('in time travel the Messages page reads the history, reasons and payloads as they were')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'messages-past.png'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
