#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_history_faults_ui.py: the app's history when the disk fails it, read through the
accessibility tree. The history lives on a small tmpfs: filled up while orders arrive, recording
pauses and a banner says so, in words; when space comes back the banner goes by itself, a toast
says which events could not be kept (the ledger records them as a gap), and orders that arrive
afterwards are recorded. Then the ledger's folder is made read-only (a read-only remount, which
binds root too): the app says so in the banner, leaves the files as they are (no "damaged" copy),
and records again by itself once the folder can be written. Mounting needs root: skipped without."""
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402
from fbtest import fill  # noqa: E402
from test_orders import event, indicator_text, wait_row_status  # noqa: E402

fbui.reexec_in_dbus()

SHOTS = os.environ.get('FBUI_SCREENSHOT_DIR')
BANNER = 'History is not being recorded'


def label_starting(app, prefix):
    for n in app.find_all(role='label'):
        try:
            if n.name and n.name.startswith(prefix) and n.getState().contains(app.pyatspi.STATE_VISIBLE):
                return n.name
        except Exception:
            pass
    return None


def mount(*args):
    return subprocess.run(['mount'] + list(args), capture_output=True, text=True, timeout=30)


def rows(ledger, sql):
    db = sqlite3.connect(f'file:{ledger}?mode=ro', uri=True)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def snapshot(folder):
    return {name: (st.st_ino, st.st_size, st.st_mtime_ns)
            for name in sorted(os.listdir(folder)) for st in [os.stat(os.path.join(folder, name))]}


def main():
    home = tempfile.mkdtemp(prefix='fbui-history-faults-')
    ledgers = os.path.join(home, 'data', 'feedboard', 'ledgers')
    os.makedirs(ledgers)
    probe = mount('-t', 'tmpfs', '-o', 'size=40m,mode=0700', 'tmpfs', ledgers)
    if probe.returncode != 0:
        print(f'1..0 # SKIP mounting a small tmpfs needs root (CAP_SYS_ADMIN): {probe.stderr.strip()}', flush=True)
        shutil.rmtree(home, ignore_errors=True)
        return 0
    try:
        return run(home, ledgers)
    finally:
        subprocess.run(['umount', '-l', ledgers], timeout=30)
        shutil.rmtree(home, ignore_errors=True)


def run(home, ledgers):
    tap = fbui.Tap(8)
    env = {'XDG_DATA_HOME': os.path.join(home, 'data'), 'XDG_STATE_HOME': os.path.join(home, 'state')}
    broker = fbui.Mosquitto()
    broker.start()
    folder = os.path.join(ledgers, 'broker-' + hashlib.sha256(broker.url.encode()).hexdigest()[:16])
    ledger = os.path.join(folder, 'ledger.sqlite3')
    filler = os.path.join(ledgers, 'filler')
    app = fbui.App(['--broker', broker.url, '--client-id', 'feedboard-faults-test'], env=env).start()
    with fbui.diagnosed(app, tap, screenshot=SHOTS and os.path.join(SHOTS, 'history-faults-failure.png'),
                        restart=True):
        fbui.wait_until(lambda: indicator_text(app) == 'Connected', 20, 'Connected')
        broker.publish([event('FaultOrderBefore', 'SUBMITTED', 0, 'CREATED')])
        wait_row_status(app, 'FaultOrderBefore', 'Submitted')
        fbui.wait_until(lambda: rows(ledger, "SELECT count(*) FROM events WHERE key = 'FaultOrderBefore'")[0][0] == 1,
                        10, 'the first order in the ledger')
        tap.ok('with room on the disk, an order is recorded')

        # The disk fills up; 100 messages of 100 KB come: more than the ledger holds (8 MiB).
        fill(filler)
        broker.publish(['x' * (100 * 1024)] * 100)
        broker.publish([event('FaultOrderDuring', 'SUBMITTED', 10, 'CREATED')])
        wait_row_status(app, 'FaultOrderDuring', 'Submitted')
        banner = fbui.wait_until(lambda: label_starting(app, BANNER), 20, 'the banner')
        assert 'the disk is full' in banner and 'resumes by itself' in banner, banner
        tap.ok(f'the disk full, a banner says so: "{banner}"')
        if SHOTS:
            app.screenshot(os.path.join(SHOTS, 'history-faults-banner.png'))

        # Space comes back: the banner goes by itself, and a toast says what could not be kept.
        os.remove(filler)
        fbui.wait_until(lambda: not label_starting(app, BANNER), 45, 'the banner to go')
        tap.ok('space back, recording resumes by itself and the banner goes')
        toast = fbui.wait_until(lambda: next((t for t in app.toast_texts() if t.startswith('History is recorded again')), None),
                               10, 'the toast')
        assert 'could not be kept' in toast, toast
        tap.ok(f'a toast says what is missing: "{toast}"')

        broker.publish([event('FaultOrderAfter', 'SUBMITTED', 20, 'CREATED')])
        wait_row_status(app, 'FaultOrderAfter', 'Submitted')
        fbui.wait_until(lambda: rows(ledger, "SELECT count(*) FROM events WHERE key = 'FaultOrderAfter'")[0][0] == 1,
                        10, 'the order after the recovery in the ledger')
        # What was held (a prefix) is there; what came after it, the order "during" too, is the gap.
        gaps = [json.loads(p) for p, in rows(ledger, "SELECT payload FROM events WHERE topic = 'feedboard/gap'")]
        held = rows(ledger, "SELECT count(*) FROM events WHERE length(payload) = 102400")[0][0]
        assert 0 < held < 100, held
        assert len(gaps) == 1 and gaps[0]['events'] == 100 - held + 1, (held, gaps)
        assert rows(ledger, "SELECT count(*) FROM events WHERE key = 'FaultOrderDuring'")[0][0] == 0
        tap.ok(f'in the ledger: the order before, {held} large messages held, the gap for the rest and '
               f'the order during ({gaps[0]}), and the order after')

    # A read-only place: remounted read-only while the app is away, then started again.
    before = snapshot(folder)
    assert mount('-o', 'remount,ro', ledgers).returncode == 0
    app = fbui.App(['--broker', broker.url, '--client-id', 'feedboard-faults-test'], env=env).start()
    with fbui.diagnosed(app, tap, screenshot=SHOTS and os.path.join(SHOTS, 'history-faults-ro-failure.png')):
        banner = fbui.wait_until(lambda: label_starting(app, BANNER), 20, 'the banner')
        assert 'read-only file system' in banner.lower() and 'tries again by itself' in banner, banner
        tap.ok(f'a read-only folder: the banner says so: "{banner}"')
        assert snapshot(folder) == before, (before, snapshot(folder))
        assert not [n for n in os.listdir(folder) if 'damaged' in n]
        tap.ok('the ledger is left as it was: same files, nothing moved aside')

        fbui.wait_until(lambda: indicator_text(app) == 'Connected', 20, 'Connected')
        assert mount('-o', 'remount,rw', ledgers).returncode == 0
        fbui.wait_until(lambda: not label_starting(app, BANNER), 45, 'the banner to go')
        broker.publish([event('FaultOrderWritable', 'SUBMITTED', 30, 'CREATED')])
        wait_row_status(app, 'FaultOrderWritable', 'Submitted')
        fbui.wait_until(lambda: rows(ledger, "SELECT count(*) FROM events WHERE key = 'FaultOrderWritable'")[0][0] == 1,
                        10, 'the order in the ledger')
        tap.ok('writable again, the app opens the ledger by itself and records')
    return 0


if __name__ == '__main__':
    sys.exit(main())
