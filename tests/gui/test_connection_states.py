#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_connection_states.py: the states a person sees, honestly. The demo starts "Connecting…"
(never a red "Disconnected" before anything failed), says it is the demo (a tag, the window's
title, Preferences) and its connection popover names the connection, the server, the region, the
client id, the topics, since when and the messages received. A broker nobody listens on: "Can't
Connect" with the reason in words instead of an empty orders page, no "last known state" banner
when nothing is known (not even on the next start, with connection attempts in the history), and
Reconnect Now connects at once when the broker is back."""
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402

fbui.reexec_in_dbus()

SHOTS = os.environ.get('FBUI_SCREENSHOT_DIR')


def indicator(app):
    return app.find(name='Connection status', role='panel', timeout=5).description


def shown_labels(app, node=None):
    labels = set()
    for n in app.find_all(role='label', node=node):
        try:
            if n.name and n.getState().contains(app.pyatspi.STATE_VISIBLE):
                labels.add(n.name)
        except Exception:
            pass
    return labels


def press(app, name):
    # A menu button's inner button has the action: a toggle button on GTK 4.18.
    fbui.wait_until(lambda: [n for n in app.find_all(pred=lambda n: n.name == name and (
                                 fbui.role_is(n, 'push button') or n.getRoleName() == 'toggle button'))
                             if n.queryAction().nActions > 0], 10, f'the button {name!r}')[-1].queryAction().doAction(0)


def shot(app, name):
    if SHOTS:
        app.screenshot(os.path.join(SHOTS, name))


def main():
    tap = fbui.Tap(7)
    home = tempfile.mkdtemp(prefix='fbui-states-home-')
    env = {var: os.path.join(home, sub) for var, sub in (('XDG_DATA_HOME', 'data'), ('XDG_STATE_HOME', 'state'))}

    app = fbui.App(['--demo', '--client-id', 'feedboard-states-test']).start()
    with fbui.diagnosed(app, tap, restart=True):
        seen = []

        def connected():
            text = indicator(app)
            if not seen or seen[-1] != text:
                seen.append(text)
            return text == 'Connected'
        fbui.wait_until(connected, 30, 'Connected', interval=0.02)
        assert set(seen) <= {'Connecting…', 'Connected'}, seen
        tap.ok(f'the demo starts as {" → ".join(seen)}, with no red "Disconnected"')

        app.find(name='Demo', role='label', timeout=5)
        assert app.root.getChildAtIndex(0).name == 'Feedboard (Demo)', app.root.getChildAtIndex(0).name
        tap.ok('the demo says it is one: a "Demo" tag, the window "Feedboard (Demo)"')

        press(app, 'Connection status')
        popover = app.find(name='Connection status', role='panel', timeout=5)
        labels = fbui.wait_until(lambda: (lambda l: l if 'Demo backend' in l and any(re.fullmatch(r'[1-9]\d* received', x) for x in l) else None)(shown_labels(app, popover)),
                                 20, 'the popover with the demo\'s details')
        for key in ('Connection', 'Server', 'Region', 'Client ID', 'Topics', 'Since', 'Messages'):
            assert key in labels, (key, sorted(labels))
        assert 'us-east-1' in labels and 'feedboard-states-test' in labels, sorted(labels)
        assert 'orders/events/#, cat-feeder/#' in labels, sorted(labels)
        assert any('ws://127.0.0.1:' in x for x in labels), sorted(labels)
        tap.ok('the popover names the connection, server, region, client id, topics, since when, '
               + next(x for x in labels if x.endswith(' received')))
        shot(app, 'states-popover.png')
        app.keys(9)   # Escape

        fbui.open_menu_button(app, 'Main menu')
        app.find(role='menu item', pred=lambda n: 'Preferences' in fbui.label_of(n), timeout=10).queryAction().doAction(0)
        # A window of its own on libadwaita 1.2, a dialog inside the main window on 1.5+.
        prefs = fbui.wait_until(lambda: next((w for w in app.root if w is not None and w.name == 'Preferences'), None)
                                or next(iter(app.find_all(name='Preferences', role='dialog')), None),
                                10, 'the Preferences window')
        app.find(name='In Use', role='label', timeout=10, node=prefs)
        app.find(role='list item', pred=lambda n: n.name.startswith('Demo backend'), timeout=5, node=prefs)
        tap.ok('Preferences shows the demo backend in use')
        shot(app, 'states-prefs-demo.png')

    # A broker nobody listens on, twice with the same home: the second start has connection
    # attempts in its history, and still no "last known state".
    broker = fbui.Mosquitto()
    for attempt in (1, 2):
        app = fbui.App(['--broker', broker.url, '--client-id', 'feedboard-states-test'], env=env).start()
        with fbui.diagnosed(app, tap, restart=attempt == 1):
            app.find(name='Can’t Connect', role='label', timeout=30)
            reason = fbui.wait_until(lambda: next((x for x in shown_labels(app) if 'refused' in x.lower()
                                                   or 'nothing' in x.lower()), None), 20, 'the reason')
            labels = shown_labels(app)
            assert 'No Orders Yet' not in labels, sorted(labels)
            assert not any(x.startswith('Showing the last known state') for x in labels), sorted(labels)
            assert 'Reconnect Now' in {n.name for n in app.find_all(role='push button')}
            if attempt == 1:
                tap.ok(f'a broker nobody listens on: "Can’t Connect", "{reason}", Reconnect Now')
                shot(app, 'states-cant-connect.png')
                continue
            tap.ok('the next start, with only connection attempts recorded: no "last known state" banner')

            # Wait for a long enough back-off, bring the broker up, press Reconnect Now: connected
            # well before the next attempt was due.
            def countdown():
                match = re.fullmatch(r'Reconnecting in (\d+) s', indicator(app))
                return match and int(match[1]) >= 4 and int(match[1])
            left = fbui.wait_until(countdown, 60, 'a back-off of 4 s or more')
            broker.start()
            pressed = time.monotonic()
            press(app, 'Reconnect Now')
            fbui.wait_until(lambda: indicator(app) == 'Connected', left, f'Connected within {left} s')
            took = time.monotonic() - pressed
            fbui.wait_until(lambda: 'Can’t Connect' not in shown_labels(app), 5, 'the page to go')
            tap.ok(f'Reconnect Now connects at once ({took:.1f} s; the next attempt was {left} s away)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
