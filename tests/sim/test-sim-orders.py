#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-sim-orders.py: feedboard-sim's troubled orders, for the overview and the alerts to have
# something to show: --cancel-rate, --stuck-rate, and --backfill's past orders in the polling API.
import datetime
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbtest import Sim, Tap  # noqa: E402

SIM = os.path.join(os.environ['FB_BUILD_DIR'], 'sim', 'feedboard-sim')
CLI = os.path.join(os.environ['FB_BUILD_DIR'], 'src', 'cli', 'feedboard-cli')
DONE = ('COMPLETED', 'CANCELLED')


def events(sim, seconds):
    port = sim.vars['MQTT_URL'].rsplit(':', 1)[1]
    out = subprocess.run(['mosquitto_sub', '-h', '127.0.0.1', '-p', port, '-t', 'orders/events/#',
                          '-W', str(seconds)], capture_output=True, text=True, timeout=seconds + 10)
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def last_status(evs):
    """Each order's newest status (by updatedAt, as a client folds them)."""
    last = {}
    for e in evs:
        if e['orderId'] not in last or e['updatedAt'] >= last[e['orderId']]['updatedAt']:
            last[e['orderId']] = e
    return {k: v['status'] for k, v in last.items()}


def main():
    tap = Tap()

    with Sim('--cancel-rate=1', '--duplicate-rate=0', '--reorder-rate=0', orders=True) as sim:
        evs = events(sim, 4)
        statuses = {e['status'] for e in evs}
        tap.check('--cancel-rate=1: orders are cancelled after the store accepts them, none reaches the kitchen',
                  'CANCELLED' in statuses and statuses <= {'SUBMITTED', 'ACCEPTED_BY_STORE', 'CANCELLED'},
                  statuses)

    # Every event held back to go out after the order's next one: a cancelled order has no next
    # one, so its CANCELLED must not be held (it was, and never went out).
    with Sim('--cancel-rate=1', '--duplicate-rate=0', '--reorder-rate=1', orders=True) as sim:
        evs = events(sim, 4)
        accepted = {e['orderId'] for e in evs if e['status'] == 'ACCEPTED_BY_STORE'}
        cancelled = {e['orderId'] for e in evs if e['status'] == 'CANCELLED'}
        tap.check(f'--reorder-rate=1: a cancelled order\'s last event goes out ({len(cancelled)} of '
                  f'{len(accepted)} accepted seen cancelled)', cancelled and cancelled <= accepted,
                  sorted({e['status'] for e in evs}))

    with Sim('--stuck-rate=1', '--cancel-rate=0', orders=True) as sim:
        evs = events(sim, 5)
        created = {e['orderId'] for e in evs if e['event'] == 'CREATED'}
        tap.check('--stuck-rate=1: no order finishes', not any(e['status'] in DONE for e in evs),
                  sorted({e['status'] for e in evs}))
        # --active-orders is 8: stuck orders must not take the places of moving ones for good.
        tap.check('--stuck-rate=1: new orders keep coming while the stuck ones stay', len(created) > 8,
                  len(created))

    with Sim('--stuck-rate=0.01', '--backfill=30') as sim:
        watch = subprocess.run([CLI, 'watch', '--endpoint', sim.vars['IOT_ENDPOINT'],
                                '--polling-endpoint', sim.vars['POLLING_ENDPOINT'], '--count', '59',
                                '--timeout', '20'],
                               env=sim.env(), capture_output=True, text=True, timeout=40)
        rows = [json.loads(line) for line in watch.stdout.splitlines() if line.strip()]
        now = datetime.datetime.now(datetime.timezone.utc)

        def age(row):
            return (now - datetime.datetime.fromisoformat(row['updatedAt'].replace('Z', '+00:00'))).total_seconds()
        tap.check('--backfill=30: the polling API lists an order every 30 s of the last 30 minutes',
                  watch.returncode == 0 and len(rows) == 59 and max(age(r) for r in rows) > 25 * 60,
                  (watch.returncode, len(rows), watch.stderr[-500:]))
        stuck = [r for r in rows if r['status'] not in DONE and age(r) > 10 * 60]
        tap.check('--backfill with a stuck rate: some orders are stuck (not updated for over 10 minutes)',
                  len(stuck) >= 1, [(r['status'], r['updatedAt']) for r in rows])
        tap.check('--backfill: most orders of the past are finished',
                  sum(r['status'] in DONE for r in rows) > len(rows) / 2, [r['status'] for r in rows])

    for bad in (['--stuck-rate=2'], ['--cancel-rate=-0.1'], ['--backfill=-5']):
        run = subprocess.run([SIM] + bad, capture_output=True, text=True, timeout=20)
        tap.check(f'{bad[0]} is refused (exit 2)', run.returncode == 2 and 'feedboard-sim:' in run.stderr,
                  (run.returncode, run.stderr))

    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
