#!/usr/bin/python3
"""test_feeders_ui.py: the Feeders page on `feedboard --demo`, driven like a person would through
the accessibility tree: open the page, read the kitchen feeder's food level, press "Feed left
bowl", see the outcome (toast and feed log) and the food level drop by one bowl."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402

fbui.reexec_in_dbus()


def level_percent(app):
    """The food level the card shows, from the level bar's accessible value text."""
    bar = app.find(name='Food level', timeout=5)
    text = bar.queryValue().currentValue
    return int(round(text))


def log_rows(app):
    log = app.find(name='Feed log', timeout=5)
    return [n.name for n in app.find_all(role='label', node=log) if n.name]


def main():
    tap = fbui.Tap(5)
    app = fbui.App(['--demo']).start()
    shots = os.environ.get('FBUI_SCREENSHOT_DIR')
    with fbui.diagnosed(app, tap):
        app.find(name='Feeders', role='page tab', timeout=20)
        app.keys(64, 11)   # Alt+2, the shortcut for the Feeders page
        card = app.find(name='Kitchen', pred=lambda n: n.getRoleName() in ('grouping', 'panel'), timeout=30)
        tap.ok('the Feeders page lists the demo\'s kitchen feeder')

        fbui.wait_until(lambda: level_percent(app) > 0, 30, 'a known food level')
        before = level_percent(app)
        tap.ok(f'the food level is shown ({before} %)')
        if shots:
            app.screenshot(os.path.join(shots, 'feeders-before.png'))

        button = app.find(name='Feed left bowl', role='push button', node=card, timeout=5)
        button.queryAction().doAction(0)

        accepted = re.compile(r'Left bowl: accepted by EventBridge \(EventId [0-9a-f-]{36}\)')
        fbui.wait_until(lambda: any(accepted.search(r) for r in log_rows(app)), 20,
                        'the feed log to show the accepted feed')
        tap.ok('the feed log shows the EventId EventBridge returned, a toast the outcome')

        fbui.wait_until(lambda: app.find_all(role='label', name='Left bowl: feed sent through EventBridge'),
                        10, 'the toast')
        fbui.wait_until(lambda: level_percent(app) == before - 5, 20,
                        f'the food level to drop from {before} to {before - 5}')
        tap.ok(f'the food level dropped by one bowl ({before} → {before - 5} %)')

        fbui.wait_until(lambda: app.find_all(role='label', pred=lambda n: (n.name or '').startswith('Last feed: Left bowl')),
                        10, 'the last feed seen on the bus')
        tap.ok('the card shows the feed the backend passed on to the feeders')
        if shots:
            app.screenshot(os.path.join(shots, 'feeders-after.png'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
