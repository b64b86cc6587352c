#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-ledger-crash.py (slow suite): a recorder (`feedboard-cli watch --ledger DIR`) taking a steady
# stream of events is SIGKILLed at random moments, 50 times. After every kill the ledger reopens,
# every event it reported as committed is there (sequence 1..N without gaps, N >= the last
# reported), and the next recorder goes on from there.
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbtest import Sim, Tap  # noqa: E402

cli = sys.argv[1]
KILLS = int(os.environ.get('FB_CRASH_KILLS', '50'))
tap = Tap()


class Publisher(threading.Thread):
    """mosquitto_pub fed ~800 order events a second until stopped."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.proc = subprocess.Popen(['mosquitto_pub', '-h', '127.0.0.1', '-p', str(port), '-t', 'orders/events',
                                      '-q', '1', '-l'], stdin=subprocess.PIPE, text=True)
        self.running = True
        self.sent = 0

    def run(self):
        while self.running:
            for _ in range(8):
                self.sent += 1
                n = self.sent
                self.proc.stdin.write('{"orderId":"crash-%06d","status":"SUBMITTED","updatedAt":"2026-11-24T07:00:00.%03dZ",'
                                      '"event":"CREATED"}\n' % (n, n % 1000))
            self.proc.stdin.flush()
            time.sleep(0.01)

    def stop(self):
        self.running = False
        self.join(timeout=5)
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def committed_lines(stream, out):
    for line in stream:
        if line.startswith('feedboard-cli watch: committed '):
            out.append(int(line.rsplit(' ', 1)[1]))


def main():
    ledger = tempfile.mkdtemp(prefix='fb-ledger-crash-')
    random.seed(int(os.environ.get('FB_CRASH_SEED', '1124')))
    failures = []
    reopen_failures = []
    high_water = 0
    grew = 0
    try:
        with Sim('--feeders=0') as sim:
            port = int(sim.vars['MQTT_URL'].rsplit(':', 1)[1])
            publisher = Publisher(port)
            publisher.start()
            try:
                for i in range(KILLS):
                    reported = []
                    rec = subprocess.Popen([cli, 'watch', '--broker', sim.vars['MQTT_URL'], '--ledger', ledger,
                                            '--report-committed', '--client-id', f'crash-recorder-{i}'],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                    reader = threading.Thread(target=committed_lines, args=(rec.stderr, reported), daemon=True)
                    reader.start()
                    time.sleep(random.uniform(0.05, 1.2))
                    rec.send_signal(signal.SIGKILL)
                    rec.wait(timeout=10)
                    reader.join(timeout=5)
                    last_reported = max(reported, default=0)

                    export = subprocess.run([cli, 'ledger', 'export', '--ledger', ledger], capture_output=True,
                                            text=True, timeout=60)
                    if export.returncode != 0:
                        reopen_failures.append((i, export.stderr))
                        continue
                    seqs = [int(line.split(',', 1)[0].split(':', 1)[1]) for line in export.stdout.splitlines()]
                    if seqs != list(range(1, len(seqs) + 1)):
                        failures.append((i, 'gap in the sequence'))
                    if len(seqs) < last_reported:
                        failures.append((i, f'{last_reported} reported committed, {len(seqs)} found'))
                    if len(seqs) > high_water:
                        grew += 1
                    high_water = max(high_water, len(seqs))
            finally:
                publisher.stop()
    finally:
        shutil.rmtree(ledger, ignore_errors=True)

    tap.check(f'the ledger reopened after each of {KILLS} SIGKILLs', not reopen_failures, reopen_failures[:3])
    tap.check('no event reported as committed was missing, and no sequence gaps', not failures, failures[:5])
    tap.check(f'recording resumed after the kills (the ledger grew in {grew} of {KILLS} rounds, '
              f'{high_water} events in the end)', grew >= KILLS // 2 and high_water > 1000, (grew, high_water))
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
