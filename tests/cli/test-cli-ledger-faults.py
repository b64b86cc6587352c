#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-ledger-faults.py: `feedboard-cli watch --ledger` when the place it records to fails.
# On a small tmpfs filled up, watch says on stderr that the ledger paused recording and why; when
# space comes back it says that the ledger records again and which events went into a gap record;
# events after that are recorded, and it exits 1 because some were not (0 when all were). A ledger
# whose folder is read-only, or whose journal belongs to another user, is refused at the start
# with words and exit 1, and left as it is. Mounting needs root (the disk-full part is skipped
# without); as root the permission part runs watch as nobody, otherwise with chmod.
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbtest import Sim, Tap, fill, wait_until  # noqa: E402

cli = sys.argv[1]
tap = Tap()
NOBODY = 65534
ROOT = os.geteuid() == 0


class Watch:
    """feedboard-cli watch in the background, its stderr collected line by line."""

    def __init__(self, argv, env, **popen):
        self.lines = []
        self.eof = False
        self.cond = threading.Condition()
        self.proc = subprocess.Popen([cli, 'watch'] + argv, env=env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True, **popen)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stderr:
            with self.cond:
                self.lines.append(line.rstrip('\n'))
                self.cond.notify_all()
        with self.cond:
            self.eof = True
            self.cond.notify_all()

    def wait_for(self, words, timeout):
        """The first stderr line containing words, waiting up to timeout seconds; None if none."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for line in self.lines:
                    if words in line:
                        return line
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(min(left, 0.5))

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.wait_eof()
        return self.proc.returncode

    def wait_eof(self):
        """Until every line watch wrote before it exited has been read."""
        with self.cond:
            self.cond.wait_for(lambda: self.eof, 10)


def publish(url, lines, topic):
    port = url.rsplit(':', 1)[1]
    subprocess.run(['mosquitto_pub', '-h', '127.0.0.1', '-p', port, '-t', topic, '-q', '1', '-l'],
                   input='\n'.join(lines) + '\n', text=True, check=True, timeout=30)


def order(order_id, second):
    return json.dumps({'orderId': order_id, 'status': 'SUBMITTED', 'event': 'CREATED',
                       'updatedAt': f'2024-03-19T20:03:{second:02d}.366Z'})


def export(ledger):
    out = subprocess.run([cli, 'ledger', 'export', '--ledger', ledger], capture_output=True, text=True, timeout=60)
    return [json.loads(line) for line in out.stdout.splitlines()]


def disk_full(sim):
    ledger = tempfile.mkdtemp(prefix='fb-cli-ledger-full-')
    mounted = subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=40m,mode=0700', 'tmpfs', ledger],
                             capture_output=True, text=True, timeout=30)
    if mounted.returncode != 0:
        tap.check(f'disk full # SKIP mounting a small tmpfs needs root (CAP_SYS_ADMIN): {mounted.stderr.strip()}', True)
        os.rmdir(ledger)
        return
    url = sim.vars['MQTT_URL']
    watch = None
    try:
        watch = Watch(['--broker', url, '--topic', '#', '--ledger', ledger], sim.env())
        tap.check('watch connects', watch.wait_for('connected', 30), watch.lines)
        tap.check('watch subscribes', watch.wait_for(': subscribed', 30), watch.lines)
        publish(url, [order(f'FullBefore{i}', i) for i in range(5)], 'orders/events')
        # The ledger commits every 200 ms; nothing says when: what is on disk is looked at.
        before = []

        def recorded(prefix, n):
            before[:] = export(ledger)
            return sum(e.get('orderId', '').startswith(prefix) for e in before) >= n
        try:
            wait_until(lambda: recorded('FullBefore', 5), 15, 'the first orders on disk', interval=0.2)
        except TimeoutError:
            pass
        tap.check('with room, orders are recorded', sum(e.get('orderId', '').startswith('FullBefore') for e in before) == 5,
                  before)

        filler = os.path.join(ledger, 'filler')
        fill(filler)
        publish(url, ['x' * (100 * 1024)] * 100, 'blobs/big')
        paused = watch.wait_for('the ledger paused recording', 20)
        tap.check(f'disk full: stderr says so, with the reason ({paused})',
                  paused and 'the disk is full' in paused and 'retries by itself' in paused, watch.lines[-5:])

        os.remove(filler)
        again = watch.wait_for('the ledger records again', 45)
        gap = watch.wait_for('were not recorded; the ledger has a gap record', 10)
        tap.check(f'space back: recording resumes by itself, and the gap is named ({gap})', again and gap,
                  watch.lines[-5:])

        publish(url, [order(f'FullAfter{i}', 30 + i) for i in range(5)], 'orders/events')
        try:
            wait_until(lambda: recorded('FullAfter', 5), 15, 'the last orders on disk', interval=0.2)
        except TimeoutError:
            pass
        status = watch.stop()
        tap.check('watch exits 1: some events were not recorded', status == 1, (status, watch.lines[-5:]))

        lines = export(ledger)
        gaps = [e for e in lines if e['kind'] == 'gap']
        held = sum(e['topic'] == 'blobs/big' for e in lines)
        tap.check(f'in the ledger: {held} held, one gap record for the rest',
                  len(gaps) == 1 and 0 < held < 100 and gaps[0]['payload']['events'] == 100 - held
                  and gaps[0]['topic'] == 'feedboard/gap' and 'the disk is full' in gaps[0]['payload']['reason'],
                  (held, gaps))
        tap.check('orders before and after the fault are recorded',
                  sum(e.get('orderId', '').startswith('FullBefore') for e in lines) == 5
                  and sum(e.get('orderId', '').startswith('FullAfter') for e in lines) == 5, lines[-8:])
        tap.check('sequence numbers are 1..N without holes', [e['seq'] for e in lines] == list(range(1, len(lines) + 1)))
    finally:
        if watch is not None and watch.proc.poll() is None:
            watch.stop()
        subprocess.run(['umount', '-l', ledger], timeout=30)
        os.rmdir(ledger)


def as_owner():
    """Run as nobody when root (root reads everything), as ourselves otherwise."""
    if ROOT:
        os.setgroups([])
        os.setresgid(NOBODY, NOBODY, NOBODY)
        os.setresuid(NOBODY, NOBODY, NOBODY)


def snapshot(folder):
    return {name: (st.st_ino, st.st_size, st.st_mtime_ns)
            for name in sorted(os.listdir(folder)) for st in [os.stat(os.path.join(folder, name))]}


def not_permitted(sim, what, spoil, words):
    """A healthy ledger the watch's user owns, spoiled by spoil(folder, path); watch refuses it."""
    top = tempfile.mkdtemp(prefix='fb-cli-ledger-perm-')
    folder = os.path.join(top, 'ledger')
    try:
        os.chmod(top, 0o755)
        recorder = Watch(['--broker', sim.vars['MQTT_URL'], '--ledger', folder, '--timeout', '1'], sim.env())
        recorder.proc.wait(timeout=30)
        path = os.path.join(folder, 'ledger.sqlite3')
        if ROOT:
            for p in (folder, path):
                os.chown(p, NOBODY, NOBODY)
        spoil(folder, path)
        before = snapshot(folder)
        watch = Watch(['--broker', sim.vars['MQTT_URL'], '--ledger', folder, '--timeout', '2'], sim.env(),
                      preexec_fn=as_owner)
        status = watch.proc.wait(timeout=30)
        watch.wait_eof()
        said = '\n'.join(watch.lines)
        tap.check(f'{what}: watch exits 1 with words ({said.strip()})',
                  status == 1 and words in said and 'damaged' not in said, (status, said))
        tap.check(f'{what}: the ledger is left as it was', snapshot(folder) == before, (before, snapshot(folder)))
    finally:
        os.chmod(folder, 0o700)
        shutil.rmtree(top, ignore_errors=True)


def read_only_folder(folder, path):
    os.chmod(folder, 0o500)


def journal_not_ours(folder, path):
    for suffix in ('-wal', '-shm'):
        with open(path + suffix, 'wb'):
            pass
        os.chmod(path + suffix, 0o600 if ROOT else 0)


def main():
    with Sim('--feeders=0') as sim:
        disk_full(sim)
        not_permitted(sim, 'a read-only folder', read_only_folder, 'the folder cannot be written to')
        not_permitted(sim, "another user's -wal and -shm", journal_not_ours, 'cannot be opened (Permission denied)')
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
