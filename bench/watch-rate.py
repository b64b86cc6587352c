#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""watch-rate.py: `feedboard-cli watch` against `mosquitto_sub` on the same stream, in rounds.

Each client gets its own private Mosquitto on a free loopback port; once it is subscribed, a
burst (default 100 000 events over 2 000 orders) is published with `mosquitto_pub -l` as fast as
the broker takes it. Measured with public tools: the rate is events over the time from the first
publish until the client printed its last line; CPU-seconds of the whole client process come
from /usr/bin/time -v. Rounds alternate the order of the clients; the ratios (watch against
mosquitto_sub in the same round) are reported min/median/max.

Usage: watch-rate.py [--events N] [--orders M] [--rounds R] CLI [CLI...]
  CLI is PATH or LABEL=PATH to a feedboard-cli binary.
"""
import argparse
import importlib.util
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('ingest', os.path.join(HERE, 'ingest.py'))
ingest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ingest)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('clis', nargs='+')
    ap.add_argument('--events', type=int, default=100000)
    ap.add_argument('--orders', type=int, default=2000)
    ap.add_argument('--rounds', type=int, default=3)
    args = ap.parse_args()

    stream = ingest.app_ingest.make_stream(args.events, args.orders)
    clients = [('mosquitto_sub', ['mosquitto_sub', '-h', '127.0.0.1', '-p', 'PORT', '-t', 'orders/events/#',
                                  '-C', str(args.events)], None)]
    for spec in args.clis:
        label, _, path = spec.partition('=') if '=' in spec else (spec, '', spec)
        clients.append((label, [path, 'watch', '--broker', 'mqtt://127.0.0.1:PORT', '--count', str(args.events),
                                '--timeout', '300'], 'connected'))

    results = {c[0]: [] for c in clients}
    for r in range(args.rounds):
        for name, argv, ready in (clients if r % 2 == 0 else list(reversed(clients))):
            row = ingest.run_subscriber(name, argv, ready, stream, args.events)
            rate = args.events / row['received_s'] if row.get('received_s') else 0
            row['rate'] = rate
            row['cpu_us_per_event'] = row['cpu_s'] / args.events * 1e6
            results[name].append(row)
            print('round %d %-22s %8.0f events/s  %5.2f CPU-s  %5.1f µs CPU/event  %6.1f MiB'
                  % (r + 1, name, rate, row['cpu_s'], row['cpu_us_per_event'], row['peak_rss_mib']), flush=True)

    floor = results['mosquitto_sub']
    print(f'\n{args.events} events over {args.orders} orders, {args.rounds} rounds, min/median/max')
    for name, rows in results.items():
        rates = [r['rate'] for r in rows]
        cpus = [r['cpu_us_per_event'] for r in rows]
        print('%-22s rate %s  CPU/event µs %s' % (name, fmt(rates, '%.0f'), fmt(cpus, '%.2f')))
        if name != 'mosquitto_sub':
            ratio = [a['rate'] / b['rate'] for a, b in zip(rows, floor)]
            cpu_ratio = [a['cpu_us_per_event'] / b['cpu_us_per_event'] for a, b in zip(rows, floor)]
            print('%-22s rate vs mosquitto_sub %s  CPU per event vs mosquitto_sub %s'
                  % ('', fmt(ratio, '%.2fx'), fmt(cpu_ratio, '%.1fx')))
    return 0


def fmt(values, f):
    return '/'.join(f % v for v in (min(values), statistics.median(values), max(values)))


if __name__ == '__main__':
    sys.exit(main())
