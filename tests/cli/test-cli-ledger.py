#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-ledger.py: `feedboard-cli watch --ledger` records what feedboard-sim sends (orders
# with duplicates and reordering, feeder states); `ledger state --at T` equals a fold, done here,
# of `ledger export --until T` for instants across the recording; bad arguments get words.
import datetime
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbtest import Sim, Tap, Watch  # noqa: E402

cli = sys.argv[1]
tap = Tap()


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))


def fmt(dt):
    return dt.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'


def fold(lines):
    """Last writer wins by updatedAt (strictly newer replaces); feeders merge their fields."""
    orders, feeders = {}, {}
    for e in lines:
        if e['kind'] == 'order' and 'orderId' in e:
            current = orders.get(e['orderId'])
            if current is None or parse_time(e['updatedAt']) > parse_time(current['updatedAt']):
                orders[e['orderId']] = {'orderId': e['orderId'], 'status': e['status'], 'updatedAt': e['updatedAt']}
        elif e['kind'] == 'feeder-state' and 'feederId' in e:
            f = feeders.setdefault(e['feederId'], {'feederId': e['feederId'], 'foodCapacity': None})
            if isinstance(e.get('payload'), dict) and e['payload'].get('food_capacity') is not None:
                f['foodCapacity'] = round(e['payload']['food_capacity'])
            f['lastSeen'] = e['receivedAt']
    return ([orders[k] for k in sorted(orders)], [feeders[k] for k in sorted(feeders)])


def run(*args):
    return subprocess.run([cli] + list(args), capture_output=True, text=True, timeout=60)


def main():
    ledger = tempfile.mkdtemp(prefix='fb-cli-ledger-')
    try:
        with Sim('--feeders=2', '--speed=40', '--duplicate-rate=0.2', '--reorder-rate=0.3', orders=True) as sim:
            watch = Watch(cli, '--broker', sim.vars['MQTT_URL'], '--topic', '#', '--ledger', ledger, env=sim.env())
            tap.check('watch --ledger subscribes', watch.subscribed(), watch.stderr.text())
            for n in range(1, 4):
                subprocess.run([cli, 'feed', 'left', '--via', 'mqtt', '--broker', sim.vars['MQTT_URL']],
                               env=sim.env(), capture_output=True, timeout=30)
                fed = watch.stdout.wait('"cat-feeder/action"', 30, count=n)
            # The feeder's state after the last feed, recorded too.
            answered = fed and watch.stdout.wait('"cat-feeder/states"', 30, after=fed)
            tap.check('watch saw the three feeds and the feeder\'s answer', answered, watch.stdout.text()[-2000:])
            watch.stop()
            tap.check('watch --ledger exits cleanly on SIGTERM', watch.proc.returncode == 0, watch.stderr.text()[-2000:])

        export = run('ledger', 'export', '--ledger', ledger)
        lines = [json.loads(line) for line in export.stdout.splitlines()]
        tap.check('export prints JSON lines with seq, receivedAt, topic, kind',
                  export.returncode == 0 and lines and all({'seq', 'receivedAt', 'topic', 'kind'} <= set(e) for e in lines),
                  export.stderr)
        tap.check('sequence numbers are 1..N without gaps', [e['seq'] for e in lines] == list(range(1, len(lines) + 1)))
        kinds = {e['kind'] for e in lines}
        tap.check('feeder states, feed actions and connection changes are recorded',
                  {'feeder-state', 'feed-action', 'connection'} <= kinds, kinds)

        times = sorted({e['receivedAt'] for e in lines})
        random.seed(4)
        instants = [times[0], times[-1]] + random.sample(times, min(6, len(times)))
        instants.append(fmt(parse_time(times[len(times) // 2]) + datetime.timedelta(microseconds=500)))
        for at in instants:
            state = json.loads(run('ledger', 'state', '--ledger', ledger, '--at', at).stdout)
            until = [json.loads(line) for line in run('ledger', 'export', '--ledger', ledger, '--until', at).stdout.splitlines()]
            orders, feeders = fold(until)
            tap.check(f'state --at {at} equals the fold of export --until {at} ({len(orders)} orders)',
                      state['orders'] == orders and state['feeders'] == feeders,
                      (state['orders'][:3], orders[:3], state['feeders'], feeders))

        since = run('ledger', 'export', '--ledger', ledger, '--since', times[len(times) // 2])
        tap.check('export --since keeps the later part',
                  since.returncode == 0 and 0 < len(since.stdout.splitlines()) < len(lines))

        bad = run('ledger', 'state', '--ledger', ledger, '--at', 'yesterday')
        tap.check('a bad TIME is a usage error with words', bad.returncode == 2 and 'RFC 3339' in bad.stderr, bad.stderr)
        missing = run('ledger', 'export', '--ledger', os.path.join(ledger, 'nope'))
        tap.check('a directory without a ledger is an error with words',
                  missing.returncode == 1 and 'no ledger' in missing.stderr, missing.stderr)
    finally:
        shutil.rmtree(ledger, ignore_errors=True)
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
