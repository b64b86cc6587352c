#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-reconnect.py: reconnecting to a flapping link (issue 15), with `feedboard-cli watch` and
# a real Mosquitto. A broker restarted every few seconds: every wait watch announces stays within
# 30 s, and the first wait after a connection that was made and subscribed is the shortest (1 s):
# the back-off starts again (it used to wait for 30 s of stable connection, which a flapping link
# never has, and waits of 110 s were logged). Then a broker gone long enough for the waits to grow
# comes back, and SIGUSR1 makes watch connect at once instead of waiting. Prints TAP.
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbtest import Lines, Mosquitto, Tap  # noqa: E402

cli = sys.argv[1]
tap = Tap()
WAIT = re.compile(r'reconnecting in (\d+) s')


class Watch:
    def __init__(self, url):
        self.proc = subprocess.Popen([cli, 'watch', '--broker', url, '--timeout', '100'],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.stderr = Lines(self.proc.stderr)

    def since(self, t):
        return self.stderr.since(t)

    def wait_for(self, text, after, timeout):
        return self.stderr.wait(text, timeout, after=after)


def main():
    with Mosquitto() as broker:
        watch = Watch(broker.url)
        start = time.monotonic()
        tap.check('watch connects', watch.wait_for('connected', start, 15))

        # Flapping: down 2 s, up 3 s, eight times.
        for _ in range(8):
            broker.stop()
            time.sleep(2.0)
            broker.start()
            time.sleep(3.0)
        flapping = watch.since(start)
        waits = [int(m.group(1)) for _, line in flapping for m in [WAIT.search(line)] if m]
        tap.check(f'the link flapped and watch waited to reconnect ({len(waits)} waits)', len(waits) >= 8, flapping)
        tap.check(f'every wait within 30 s (longest {max(waits or [0])} s)', waits and max(waits) <= 30, waits)
        # The first wait after each connection: the back-off started again.
        firsts, after_connect = [], False
        for _, line in flapping:
            if line.endswith(': connected') or line.endswith('watch: connected'):
                after_connect = True
            elif WAIT.search(line) and after_connect:
                firsts.append(int(WAIT.search(line).group(1)))
                after_connect = False
        tap.check(f'after each connection the back-off starts again: first waits {firsts}',
                  len(firsts) >= 6 and all(w <= 1 for w in firsts), flapping)
        tap.check('watch reconnected after the last restart', watch.wait_for('connected', time.monotonic() - 3.5, 10),
                  watch.since(start)[-5:])

        # Gone long enough for the waits to grow, then back: SIGUSR1 instead of waiting.
        broker.stop()
        gone = time.monotonic()
        def waits_long(line):
            m = WAIT.search(line)
            return m is not None and int(m.group(1)) >= 4
        at = watch.stderr.wait(waits_long, 40, after=gone)
        long_wait = at and next((t, int(WAIT.search(line).group(1))) for t, line in watch.since(at) if waits_long(line))
        tap.check('the broker stays away: the waits grow', long_wait is not None, watch.since(gone))
        broker.start()
        usr1 = time.monotonic()
        watch.proc.send_signal(signal.SIGUSR1)
        back = watch.wait_for('connected', usr1, 3)
        tap.check(f'SIGUSR1 reconnects at once ({(back or usr1) - usr1:.1f} s, the wait announced was '
                  f'{long_wait and long_wait[1]} s)', back is not None and watch.wait_for('reconnecting now', usr1, 1),
                  watch.since(usr1))
        watch.proc.send_signal(signal.SIGUSR1)
        tap.check('SIGUSR1 while connected changes nothing',
                  watch.wait_for('connected or connecting already', time.monotonic() - 0.1, 3), watch.since(usr1))
        watch.proc.send_signal(signal.SIGINT)
        watch.proc.wait(timeout=15)
        tap.check('watch exits 0', watch.proc.returncode == 0, watch.proc.returncode)
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
