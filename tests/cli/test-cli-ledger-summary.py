#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-ledger-summary.py: `feedboard-cli ledger summary` against figures worked out by hand
# from a ledger written here through the ledger's own write path (tests/cli/ledger-write.c):
# window edges, nearest-rank percentiles, late and duplicate events, an unknown status, an event
# received after the instant; bad arguments and missing or damaged ledgers get words and 2 or 1.
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbtest import Tap  # noqa: E402

cli, writer = sys.argv[1], sys.argv[2]
tap = Tap()

T = datetime.datetime(2026, 11, 24, 12, 0, 0, tzinfo=datetime.timezone.utc)


def at(minutes=0, seconds=0.0):
    return T + datetime.timedelta(minutes=minutes, seconds=seconds)


def fmt(dt):
    return dt.strftime('%Y-%m-%dT%H:%M:%S.') + f'{dt.microsecond // 1000:03d}Z'


def us(dt):
    return int(dt.timestamp()) * 1000000 + dt.microsecond


# (order, updatedAt, status, event[, received]): received is updatedAt + 250 ms unless given.
EVENTS = [
    ('A', at(-50), 'SUBMITTED', 'CREATED'), ('A', at(-49), 'ACCEPTED_BY_STORE', 'UPDATED'),
    ('A', at(-20), 'COMPLETED', 'UPDATED'),                                    # 1800 s
    ('B', at(-70), 'SUBMITTED', 'CREATED'), ('B', at(-10), 'COMPLETED', 'UPDATED'),  # 3600 s
    ('C', at(-30), 'SUBMITTED', 'CREATED'), ('C', at(-25), 'CANCELLED', 'UPDATED'),
    ('D', at(-40), 'SUBMITTED', 'CREATED'), ('D', at(-15), 'IN_KITCHEN', 'UPDATED'),
    ('E', at(-5), 'SUBMITTED', 'CREATED'),
    ('E', at(-1), 'COMPLETED', 'UPDATED', at(1)),                              # received after T
    ('F', at(-60), 'SUBMITTED', 'CREATED'),                                    # on the window's edge
    ('F', at(-10), 'READY_FOR_PICKUP', 'UPDATED'),                             # exactly 10 min
    ('G', at(-60, 0.001), 'SUBMITTED', 'CREATED'), ('G', at(-30), 'DELIVERED', 'UPDATED'),
    ('H', at(-90), 'SUBMITTED', 'CREATED'), ('H', at(-61), 'COMPLETED', 'UPDATED'),
    ('I', at(-35), 'SUBMITTED', 'CREATED'), ('I', at(-20), 'IN_KITCHEN', 'UPDATED'),
    ('I', at(-34), 'ACCEPTED_BY_STORE', 'UPDATED', at(-20, 1)),                # late: changes nothing
    ('I', at(-20), 'IN_KITCHEN', 'UPDATED', at(-20, 2)),                       # duplicate
    ('K1', at(-12), 'SUBMITTED', 'CREATED'), ('K1', at(-11), 'COMPLETED', 'UPDATED'),  # 60 s
    ('K2', at(-8), 'SUBMITTED', 'CREATED'), ('K2', at(-6), 'COMPLETED', 'UPDATED'),    # 120 s
    ('K3', at(-45), 'SUBMITTED', 'CREATED'), ('K3', at(-40), 'COMPLETED', 'UPDATED'),  # 300 s
    ('K4', at(-30), 'SUBMITTED', 'CREATED'), ('K4', at(-20), 'COMPLETED', 'UPDATED'),  # 600 s
    ('K5', at(-15), 'SUBMITTED', 'CREATED'), ('K5', at(-15, 61.5), 'COMPLETED', 'UPDATED'),  # 61.5 s
    ('L', at(-62), 'SUBMITTED', 'CREATED'), ('L', at(-61), 'CANCELLED', 'UPDATED'),
    ('M', at(-3), 'SUBMITTED', 'UPDATED'), ('M', at(-1), 'CANCELLED', 'UPDATED'),      # no CREATED
    ('N', at(-2), 'SUBMITTED', 'CREATED'), ('N', at(-1), 'ON_HOLD', 'UPDATED'),        # unknown status
    ('P', at(-25), 'SUBMITTED', 'CREATED'),
]

ZERO = {s: 0 for s in ('SUBMITTED', 'ACCEPTED_BY_STORE', 'IN_KITCHEN', 'READY_FOR_PICKUP', 'PICKED_UP_BY_DRIVER',
                       'OUT_FOR_DELIVERY', 'DELIVERED', 'COMPLETED', 'CANCELLED')}


def stuck(*pairs):
    return [{'orderId': 'order-' + o, 'status': s, 'since': fmt(t)} for o, s, t in pairs]


# Worked out by hand from EVENTS (see the comments there):
# at T, 60 min, 10 min: created in (T-60, T]: A C D E G I K1..K5 N P = 13 (B H L before, F on the
# edge, M has no CREATED); completed in it: A B K1..K5 = 60 61.5 120 300 600 1800 3600 s, n = 7:
# p50 = 4th = 300, p95 = ⌈6.65⌉ = 7th = 3600 (H before; E's COMPLETED came after T); cancelled C M
# (L before); stuck: G P I D (F exactly 10 min, E 5, N 1).
AT_T = {
    'at': fmt(T),
    'counts': dict(ZERO, SUBMITTED=2, IN_KITCHEN=2, READY_FOR_PICKUP=1, DELIVERED=1, COMPLETED=8, CANCELLED=3,
                   ON_HOLD=1),
    'ordersPerMinute': 13 / 60,
    'completed': {'count': 7, 'p50Seconds': 300, 'p95Seconds': 3600},
    'cancelled': 2,
    'stuck': stuck(('G', 'DELIVERED', at(-30)), ('P', 'SUBMITTED', at(-25)), ('I', 'IN_KITCHEN', at(-20)),
                   ('D', 'IN_KITCHEN', at(-15))),
}
# at T, 30 min, 20 min: created in (T-30, T]: E K1 K2 K5 N P = 6 (C and K4 on the edge);
# completed: A B K1 K2 K4 K5 = 60 61.5 120 600 1800 3600, p50 = 3rd = 120, p95 = 6th = 3600;
# cancelled C M; stuck over 20 min: G P (I exactly 20).
AT_T_30_20 = dict(AT_T, ordersPerMinute=6 / 30, completed={'count': 6, 'p50Seconds': 120, 'p95Seconds': 3600},
                  stuck=stuck(('G', 'DELIVERED', at(-30)), ('P', 'SUBMITTED', at(-25))))
# at T+2: E is COMPLETED (240 s); window (T-58, T+2]: created A C D E I K1..K5 N P = 12 (G now out);
# completed A B E K1..K5 = 60 61.5 120 240 300 600 1800 3600, p50 = 4th = 240, p95 = ⌈7.6⌉ = 8th;
# stuck over 10 min before T+2: G P I D F.
AT_T2 = {
    'at': fmt(at(2)),
    'counts': dict(AT_T['counts'], SUBMITTED=1, COMPLETED=9),
    'ordersPerMinute': 12 / 60,
    'completed': {'count': 8, 'p50Seconds': 240, 'p95Seconds': 3600},
    'cancelled': 2,
    'stuck': AT_T['stuck'] + stuck(('F', 'READY_FOR_PICKUP', at(-10))),
}


def same(got, expected):
    """Equal, numbers within a microsecond (the CLI prints six decimals)."""
    if isinstance(expected, dict):
        return isinstance(got, dict) and got.keys() == expected.keys() and all(same(got[k], expected[k]) for k in expected)
    if isinstance(expected, list):
        return isinstance(got, list) and len(got) == len(expected) and all(map(same, got, expected))
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        return isinstance(got, (int, float)) and abs(got - expected) < 1e-6
    return got == expected


def run(*args):
    return subprocess.run([cli, 'ledger'] + list(args), capture_output=True, text=True, timeout=60)


def summary(ledger, *args):
    result = run('summary', '--ledger', ledger, *args)
    try:
        return result, json.loads(result.stdout)
    except ValueError:
        return result, None


def main():
    ledger = tempfile.mkdtemp(prefix='fb-cli-summary-')
    try:
        lines = []
        for e in EVENTS:
            order, updated, status, event = e[:4]
            received = e[4] if len(e) > 4 else updated + datetime.timedelta(milliseconds=250)
            payload = json.dumps({'orderId': 'order-' + order, 'status': status, 'updatedAt': fmt(updated),
                                  'event': event}, separators=(',', ':'))
            lines.append((us(received), f'{us(received)} orders/events {payload}'))
        # Something else on the bus, which the overview ignores.
        lines.append((us(at(-7)), f'{us(at(-7))} cat-feeder/states {{"food_capacity":40}}'))
        lines.sort()
        wrote = subprocess.run([writer, ledger], input='\n'.join(line for _, line in lines) + '\n',
                               capture_output=True, text=True, timeout=60)
        tap.check('the ledger is written through its own write path', wrote.returncode == 0
                  and wrote.stdout.strip() == str(len(lines)), (wrote.stdout, wrote.stderr))

        result, got = summary(ledger, '--at', fmt(T))
        tap.check('at T, 60 min, 10 min: the figures worked out by hand', result.returncode == 0 and same(got, AT_T),
                  (result.stdout, result.stderr))
        tap.check('one JSON object on one line', result.stdout.count('\n') == 1)

        result, got = summary(ledger, '--at', '2026-11-24T13:00:00+01:00', '--window', '60', '--stuck-after', '10')
        tap.check('the same instant with an offset, the defaults given', same(got, AT_T), result.stdout)

        result, got = summary(ledger, '--at', fmt(T), '--window', '30', '--stuck-after', '20')
        tap.check('--window 30 --stuck-after 20: other edges, other percentiles', same(got, AT_T_30_20),
                  (result.stdout, result.stderr))

        result, got = summary(ledger, '--at', fmt(at(2)))
        tap.check('two minutes later: the event received after T counts, the window moved', same(got, AT_T2),
                  (result.stdout, result.stderr))

        before = datetime.datetime.now(datetime.timezone.utc)
        result, got = summary(ledger)
        now_at = datetime.datetime.fromisoformat(got['at'].replace('Z', '+00:00')) if got else None
        tap.check('no --at: now, with every event; nothing in the window; null percentiles',
                  got is not None and abs((now_at - before).total_seconds()) < 30
                  and got['counts'] == dict(AT_T2['counts'])
                  and got['ordersPerMinute'] == 0 and got['cancelled'] == 0
                  and got['completed'] == {'count': 0, 'p50Seconds': None, 'p95Seconds': None}
                  and got['stuck'] == AT_T2['stuck'] + stuck(('N', 'ON_HOLD', at(-1))), (result.stdout, result.stderr))

        result, got = summary(ledger, '--at', fmt(at(-100)))
        tap.check('before anything: zeros and nothing stuck',
                  same(got, {'at': fmt(at(-100)), 'counts': ZERO, 'ordersPerMinute': 0,
                             'completed': {'count': 0, 'p50Seconds': None, 'p95Seconds': None}, 'cancelled': 0,
                             'stuck': []}), result.stdout)

        for args, what in ((['--window', '0'], '--window 0'), (['--window', 'abc'], '--window abc'),
                           (['--window', '1.5'], '--window 1.5'), (['--stuck-after', '-1'], '--stuck-after -1'),
                           (['--at', 'yesterday'], '--at yesterday'), (['extra'], 'an extra argument')):
            result = run('summary', '--ledger', ledger, *args)
            tap.check(f'{what}: a usage error (exit 2) in words', result.returncode == 2
                      and result.stderr.startswith('feedboard-cli ledger summary: ') and not result.stdout,
                      (result.returncode, result.stderr))
        result = run('summary')
        tap.check('no --ledger: exit 2', result.returncode == 2 and '--ledger' in result.stderr, result.stderr)
        result = run('summary', '--ledger', os.path.join(ledger, 'nowhere'))
        tap.check('a missing ledger: exit 1 in words', result.returncode == 1 and result.stderr.strip()
                  and not result.stdout, (result.returncode, result.stderr))

        damaged = tempfile.mkdtemp(prefix='fb-cli-summary-damaged-')
        try:
            with open(os.path.join(damaged, 'ledger.sqlite3'), 'wb') as f:
                f.write(b'this is not a database' * 100)
            result = run('summary', '--ledger', damaged)
            tap.check('a damaged ledger: exit 1 in words, left as it was',
                      result.returncode == 1 and result.stderr.strip() and not result.stdout
                      and open(os.path.join(damaged, 'ledger.sqlite3'), 'rb').read() == b'this is not a database' * 100,
                      (result.returncode, result.stderr))
        finally:
            shutil.rmtree(damaged, ignore_errors=True)

        result = run('state', '--ledger', ledger, '--at', fmt(T))
        tap.check('ledger state still works beside summary', result.returncode == 0
                  and len(json.loads(result.stdout)['orders']) == 18, result.stderr)
    finally:
        shutil.rmtree(ledger, ignore_errors=True)
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
