#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_feeders_ui.py: the Feeders page on `feedboard --demo`, driven like a person would through
the accessibility tree: open the page, read the kitchen feeder's food level, press "Feed left
bowl", see the outcome (toast and feed log) and the food level drop by one bowl. Then History: the
past card shows the feed log, the last feed and "last heard" as they were at the instant shown
(and no feed at an instant typed before it); GTK has no warning about the past's cards."""
import os
import re
import sys
import time

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
    tap = fbui.Tap(8)
    app = fbui.App(['--demo']).start()
    shots = os.environ.get('FBUI_SCREENSHOT_DIR')
    with fbui.diagnosed(app, tap):
        app.find(name='Feeders', role='page tab', timeout=20)
        app.keys(64, 11)   # Alt+2, the shortcut for the Feeders page
        card = app.find(name='Kitchen', pred=lambda n: n.getRoleName() in ('grouping', 'panel'), timeout=30)
        tap.ok('the Feeders page lists the demo\'s kitchen feeder')

        fbui.wait_until(lambda: level_percent(app) > 0, 30, 'a known food level')
        known_at = time.time()   # the feeder's first state was recorded before this
        before = level_percent(app)
        tap.ok(f'the food level is shown ({before} %)')
        if shots:
            app.screenshot(os.path.join(shots, 'feeders-before.png'))

        button = app.find(name='Feed left bowl', role='push button', node=card, timeout=5)
        before_feed = time.time()
        button.queryAction().doAction(0)

        # The toast is shown for a few seconds only, and may come before the log's row: both are
        # looked for in the same wait (looking for the toast after the row missed it under load).
        accepted = re.compile(r'Left bowl: accepted by EventBridge \(EventId [0-9a-f-]{36}\)')
        seen = set()
        log = app.find(name='Feed log', node=card, timeout=5)

        def outcome_shown():
            if 'Left bowl: feed sent through EventBridge' in app.toast_texts():
                seen.add('toast')
            if any(accepted.search(n.name or '') for n in app.find_all(role='label', node=log)):
                seen.add('log')
            return seen == {'toast', 'log'}
        try:
            fbui.wait_until(outcome_shown, 30, 'the feed log\'s row and the toast')
        except TimeoutError:
            raise AssertionError(f'seen only: {sorted(seen)}')
        tap.ok('the feed log shows the EventId EventBridge returned, a toast the outcome')
        fbui.wait_until(lambda: level_percent(app) == before - 5, 20,
                        f'the food level to drop from {before} to {before - 5}')
        tap.ok(f'the food level dropped by one bowl ({before} → {before - 5} %)')

        fbui.wait_until(lambda: app.find_all(role='label', pred=lambda n: (n.name or '').startswith('Last feed: Left bowl')),
                        10, 'the last feed seen on the bus')
        tap.ok('the card shows the feed the backend passed on to the feeders')
        if shots:
            app.screenshot(os.path.join(shots, 'feeders-after.png'))

        # The past, at the latest instant: the same feed log and last feed, read-only.
        app.find(name='History', role='push button', timeout=5).queryAction().doAction(0)
        fbui.wait_until(lambda: app.find_all(role='label', name='Viewing'), 10, 'the past view')
        fbui.wait_until(lambda: not app.find_all(name='Feed left bowl', role='push button'), 10,
                        'the past card (no feed buttons)')
        expander = app.find(role='push button', pred=lambda n: (n.name or '').startswith('Feed Log ('), timeout=10)
        expander.queryAction().doAction(0)
        fbui.wait_until(lambda: any(accepted.search(r) for r in log_rows(app)), 10,
                        'the past card\'s feed log to show the accepted feed')
        fbui.wait_until(lambda: app.find_all(role='label', pred=lambda n: (n.name or '').startswith('Last feed: Left bowl')),
                        10, 'the past card\'s last feed')
        heard = fbui.wait_until(lambda: next((n.name for n in app.find_all(role='label')
                                              if (n.name or '').startswith('Last heard')), None), 10, 'last heard')
        tap.ok(f'the past card shows the feed log and the last feed as they were ("{heard}")')
        if shots:
            app.screenshot(os.path.join(shots, 'feeders-past.png'))

        # An instant typed before the feed, to the millisecond: no feed yet, then. It must come
        # after the feeder's first state too (else there is no card at all, "No Feeders Yet"):
        # the test may press the button within a second of that state.
        from test_history_ui import local_text, type_instant
        instant = known_at + (before_feed - known_at) / 2
        type_instant(app, instant)
        try:
            fbui.wait_until(lambda: app.find_all(role='label', name='No feed recorded before this time'), 15,
                            f'the card at {local_text(instant)}, before the feed')
        except TimeoutError:
            page = [n.name for n in app.find_all(role='label', node=app.find(name='Feeders', role='filler'))]
            raise AssertionError(f'the Feeders page at {local_text(instant)} (feed pressed at '
                                 f'{local_text(before_feed)}) shows: {page}')
        assert not app.find_all(role='push button', pred=lambda n: (n.name or '').startswith('Feed Log (')), \
            'a feed log before the feed'
        # Before the app heard of any feeder: the past's own words, not "shows up here as soon as".
        type_instant(app, known_at - 120)
        fbui.wait_until(lambda: app.find_all(role='label', name='No Feeders at This Time'), 15,
                        'the past\'s empty page')
        tap.ok('at an instant typed before the feed, the card has no feed and an empty log; before the feeder, '
               '"No Feeders at This Time"')

        app.find(name='Back to Live', role='push button', timeout=5).queryAction().doAction(0)
        fbui.wait_until(lambda: app.find_all(name='Feed left bowl', role='push button'), 10, 'the live card')
        output = app.output()
        assert 'still has children' not in output, output[-2000:]
        tap.ok('back to live, with no GTK warning about the past\'s cards')
    return 0


if __name__ == '__main__':
    sys.exit(main())
