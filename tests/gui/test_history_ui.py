#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_history_ui.py: the event ledger in the app, driven through the accessibility tree. Events
published to a real Mosquitto are recorded; "History" shows the latest instant, "Previous event"
steps back until an order shows its older status, events keep arriving meanwhile, "Back to Live"
returns. Then the app is started again with the broker gone: it opens with the last known state,
marked as such; Export History… writes the range to a file chosen in the file chooser, and Clear
History…, confirmed, empties the ledger on disk."""
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402
from test_orders import event, indicator_text, wait_row_status  # noqa: E402

fbui.reexec_in_dbus()

SHOTS = os.environ.get('FBUI_SCREENSHOT_DIR')


def label_text(app, pred):
    """The text of a label on screen (showing) that pred accepts, or None."""
    for n in app.find_all(role='label'):
        try:
            if n.name and pred(n.name) and n.getState().contains(app.pyatspi.STATE_VISIBLE):
                return n.name
        except Exception:
            pass
    return None


def viewing(app):
    """The instant shown (seconds since the epoch, from the timeline) while the past is shown."""
    if not label_text(app, lambda t: t == 'Viewing'):
        return None
    return app.find(name='Timeline', role='slider', timeout=5).queryValue().currentValue


def local_text(seconds):
    """What a person types into the date-and-time entry for that instant."""
    when = datetime.datetime.fromtimestamp(seconds)
    return when.strftime('%Y-%m-%d %H:%M:%S.') + f'{when.microsecond // 1000:03d}'


def type_instant(app, seconds, field='Instant shown', enter=True, xenv=None):
    """Types the instant (or text) into the date-and-time entry and presses Enter, as a person would.
    With xenv, through xdotool: the at-spi registry synthesizes input on the display of the first
    app started in this session only."""
    from fbsetup import KEY_A, KEY_CONTROL, click_at, on_screen
    entry = app.find(name=field, role='text', timeout=5)
    text = local_text(seconds) if isinstance(seconds, float) else seconds
    if xenv is None and not on_screen(app, entry):
        # GTK 4.18 gives no place on the screen, and the registry's click may land on another
        # app's display: xdotool at the entry's place in the window.
        xenv = dict(os.environ, DISPLAY=app.display)
    if xenv is not None:
        x, y, w, h = fbui.screen_extents(entry)
        subprocess.run(['xdotool', 'mousemove', '--sync', str(x + w // 2), str(y + h // 2), 'click', '1'],
                       env=xenv, check=True, timeout=30)
        # GTK 4.18 places what is inside a dialog shown in the window (libadwaita 1.5+) without
        # the margins of the boxes around it (the From field 26 px left of and 34 px above where
        # it is drawn): when the click missed, Tab to the field, as a person on the keyboard would.
        focused = lambda: entry.getState().contains(app.pyatspi.STATE_FOCUSED)  # noqa: E731
        for _ in range(12):
            time.sleep(0.3)
            if focused():
                break
            subprocess.run(['xdotool', 'key', 'Tab'], env=xenv, check=True, timeout=10)
        assert focused(), f'the focus never reached {field!r}'
        subprocess.run(['xdotool', 'key', 'ctrl+a', 'type', '--delay', '5', text], env=xenv, check=True, timeout=30)
        if enter:
            subprocess.run(['xdotool', 'key', 'Return'], env=xenv, check=True, timeout=10)
        return
    click_at(app, entry)
    app.keys(KEY_CONTROL, KEY_A)
    app.type_text(text)
    # No pause before Return: the keys reach the display in the order they were synthesized. (The
    # entry's accessible text reads empty in GTK 4.8: nothing to wait on there.)
    if enter:
        app.keys(36)   # Return


def open_main_menu(app):
    fbui.open_menu_button(app, 'Main menu')


def press(app, name):
    app.find(name=name, role='push button', timeout=10).queryAction().doAction(0)


def export_history(app, path, screenshot=None, since=None, tap=None):
    """Export History… to path typed into the file chooser; waits for the file. The whole range, or
    from since (seconds since the epoch) typed into the range dialog's From: then, first, text that
    is no time must turn Export off (a check, reported to tap)."""
    open_main_menu(app)
    app.find(role='menu item', pred=lambda n: fbui.label_of(n).startswith('Export History'), timeout=10).queryAction().doAction(0)
    export = app.find(role='push button', pred=lambda n: n.name.split(' ')[-1] == 'Export…', timeout=10)
    # Without a window manager nothing keeps a dialog above its parent, and GTK raises the main
    # window as the range dialog closes (the chooser would end up under it). Step the main window
    # aside while the dialogs are used, and give them the focus, as a window manager would.
    xenv = dict(os.environ, DISPLAY=app.display)

    def visible(name):
        return subprocess.run(['xdotool', 'search', '--onlyvisible', '--name', name], capture_output=True,
                              text=True, env=xenv, timeout=10).stdout.split()
    main_window = fbui.wait_until(lambda: visible('^Feedboard$'), 10, 'the main window')
    # libadwaita 1.5+ shows the range dialog inside the main window (AdwAlertDialog): no window of
    # its own to step aside for, and the main window takes the typing.
    deadline = time.monotonic() + 3
    while not visible('^Export History$') and time.monotonic() < deadline:
        time.sleep(0.2)
    if visible('^Export History$'):
        for window in main_window:
            subprocess.run(['xdotool', 'windowunmap', '--sync', window], env=xenv, check=True, timeout=10)
        dialog = visible('^Export History$')[-1]
    else:
        dialog = main_window[-1]
    if since is not None:
        subprocess.run(['xdotool', 'windowfocus', '--sync', dialog], env=xenv, check=True, timeout=10)
        sensitive = lambda: export.getState().contains(app.pyatspi.STATE_SENSITIVE)  # noqa: E731
        type_instant(app, 'yesterday-ish', field='From', enter=False, xenv=xenv)
        fbui.wait_until(lambda: not sensitive(), 10, 'Export to turn off on "yesterday-ish"')
        type_instant(app, since, field='From', xenv=xenv)
        fbui.wait_until(sensitive, 10, 'Export to turn on again')
        if tap is not None:
            tap.ok('the export range takes typed dates and times, and Export is off while one is not a time')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'history-export-range.png'))
    export.queryAction().doAction(0)

    def focus_chooser():
        # The range dialog, also "Export History", may still be closing: take the window that stays.
        for chooser in reversed([w for w in visible('^Export History$') if w != dialog]):
            if subprocess.run(['xdotool', 'windowfocus', '--sync', chooser], env=xenv, capture_output=True,
                              timeout=10).returncode == 0:
                return True
        return False
    fbui.wait_until(focus_chooser, 10, 'the file chooser to take the focus')
    # The one fixed pause left: the chooser is in no accessibility tree (GTK 4.8) and, without a
    # window manager, says nothing when its first frame is laid out; a click before that misses
    # its name field.
    time.sleep(0.5)
    # The chooser is not in the app's accessibility tree (GTK 4.8): type into its name field.
    subprocess.run(['xdotool', 'mousemove', '--sync', '400', '17', 'click', '1', 'key', 'ctrl+a',
                    'type', '--delay', '5', path], env=xenv, check=True, timeout=30)
    if screenshot:
        app.screenshot(screenshot)
    subprocess.run(['xdotool', 'key', 'Return'], env=xenv, check=True, timeout=10)
    fbui.wait_until(lambda: os.path.exists(path) and os.path.getsize(path) > 0, 15, 'the exported file')
    for window in main_window:
        subprocess.run(['xdotool', 'windowmap', '--sync', window], env=xenv, check=True, timeout=10)


def main():
    tap = fbui.Tap(10)
    home = tempfile.mkdtemp(prefix='fbui-history-home-')
    env = {var: os.path.join(home, sub) for var, sub in (('XDG_DATA_HOME', 'data'), ('XDG_STATE_HOME', 'state'))}
    broker = fbui.Mosquitto()
    broker.start()
    app = fbui.App(['--broker', broker.url, '--client-id', 'feedboard-history-test'], env=env).start()
    ledgers = os.path.join(env['XDG_DATA_HOME'], 'feedboard', 'ledgers')
    x, y = 'HistoryOrderXXXXXXXXXXXXXXX', 'HistoryOrderYYYYYYYYYYYYYYY'
    try:
        fbui.wait_until(lambda: indicator_text(app) == 'Connected', 20, 'Connected')
        broker.publish([event(x, 'SUBMITTED', 0, 'CREATED')])
        wait_row_status(app, x, 'Submitted')
        submitted_seen = time.time()
        # Not a wait for something: time that passes between x's two events, so that an instant
        # typed to the millisecond falls between them whatever the clock's resolution and load.
        time.sleep(1.2)
        kitchen_sent = time.time()
        broker.publish([event(x, 'IN_KITCHEN', 10)])
        wait_row_status(app, x, 'In kitchen')

        # History flushes what is still on its way to the disk, and opens at the last event.
        press(app, 'History')
        latest = fbui.wait_until(lambda: viewing(app), 10, 'the "Viewing" bar')
        wait_row_status(app, x, 'In kitchen')
        tap.ok('History opens at the latest instant: ' + local_text(latest))

        # Nothing was recorded between x's two events: one step back is the first.
        press(app, 'Previous event')
        past = fbui.wait_until(lambda: viewing(app) not in (None, latest) and viewing(app), 10,
                               'the timeline to show an earlier instant')
        wait_row_status(app, x, 'Submitted')
        tap.ok(f'stepping back shows the older status "Submitted" ({local_text(past)})')

        # A typed date and time: between the two events, then after the second.
        type_instant(app, kitchen_sent + 0.6)
        wait_row_status(app, x, 'In kitchen')
        # (After the last event: the entry and the timeline stop at it.)
        fbui.wait_until(lambda: viewing(app) >= kitchen_sent, 10, 'the timeline at the last event')
        type_instant(app, (submitted_seen + kitchen_sent) / 2)
        wait_row_status(app, x, 'Submitted')
        tap.ok(f'a typed date and time shows that instant ({local_text((submitted_seen + kitchen_sent) / 2)})')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'history-past.png'))

        # Live events are recorded meanwhile, but the past view does not change: once y is on
        # disk (the app took it in), it is still not shown, and the instant shown is the same.
        shown_before = viewing(app)
        y_sent = time.time()
        broker.publish([event(y, 'SUBMITTED', 20, 'CREATED')])
        fbui.wait_until(lambda: fbui.recorded_events(ledgers, y) > 0, 15, f'{y} in the ledger')
        shown = {n.name for n in app.find_all(role='label')}
        assert y not in shown, 'the past view changed'
        assert viewing(app) == shown_before, (viewing(app), shown_before)
        tap.ok('an event arriving meanwhile does not change the past view')

        press(app, 'Back to Live')
        wait_row_status(app, x, 'In kitchen')
        wait_row_status(app, y, 'Submitted')
        fbui.wait_until(lambda: not viewing(app), 10, 'the bar to go')
        tap.ok('Back to Live shows the live state again, with what came meanwhile')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'history-live.png'))
    except Exception:
        tap.diag(app.dump()[-5000:])
        tap.diag(app.output()[-3000:])
        app.stop()
        raise
    # Quit (SIGTERM, as a session logout would): the ledger commits what it has.
    app.proc.terminate()
    app.proc.wait(timeout=15)

    # Again, with the broker gone: the last known state, marked as such.
    broker.kill()
    app = fbui.App(['--broker', broker.url, '--client-id', 'feedboard-history-test'], env=env).start()
    with fbui.diagnosed(app, tap):
        wait_row_status(app, x, 'In kitchen', timeout=20)
        wait_row_status(app, y, 'Submitted')
        tap.ok('restarted without a broker, the window opens with the last known orders')
        as_of = fbui.wait_until(lambda: label_text(app, lambda t: t.startswith('Showing the last known state')),
                                10, 'the "last known state" bar')
        tap.ok(f'marked as such: "{as_of}"')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'history-as-of.png'))

        # Export History…: a range typed into the same date-and-time entries (text that is no time
        # turns Export off; a From between the two orders' events leaves the first order out), to a
        # file typed into the file chooser: JSON Lines with the second order's events only.
        exported = os.path.join(home, 'export.jsonl')
        export_history(app, exported, SHOTS and os.path.join(SHOTS, 'history-export.png'),
                       since=(kitchen_sent + 0.5 + y_sent) / 2, tap=tap)
        with open(exported) as f:
            lines = [json.loads(line) for line in f if line.strip()]
        assert {line.get('orderId') for line in lines if line.get('orderId')} == {y}, lines[:5]
        tap.ok(f'Export History writes the {len(lines)} events of the range as JSON Lines to the chosen file')

        # Clear History, from the main menu, after a confirmation: the ledger on disk is empty.
        assert fbui.recorded_events(ledgers) > 0, 'nothing was recorded'
        open_main_menu(app)
        app.find(role='menu item', pred=lambda n: fbui.label_of(n).startswith('Clear History'), timeout=10).queryAction().doAction(0)
        app.find(name='Clear History?', role='label', timeout=10)
        # libadwaita 1.2 names a response button by its mnemonic label and its label.
        app.find(role='push button', pred=lambda n: n.name.split(' ')[-1] == 'Clear').queryAction().doAction(0)
        fbui.wait_until(lambda: fbui.recorded_events(ledgers) == 0, 15, 'the ledger to be empty')
        tap.ok('Clear History (confirmed) empties the ledger on disk')
    return 0


if __name__ == '__main__':
    sys.exit(main())
