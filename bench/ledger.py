#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""ledger.py: what the event ledger costs and how fast it answers.

1. Recording on vs off while ingesting DESIGN.md's burst (10 000 events over 1 250 orders):
   `feedboard-cli watch` with and without `--ledger DIR`, and the app with and without its history
   (FB_BENCH_NO_HISTORY=1), alternating, --rounds times each; medians of wall time and, for the
   app, of its frame gaps (the main thread's frame times).
2. A ledger of --big events (default 1 000 000) recorded by `feedboard-cli watch --ledger`, then
   `feedboard-cli ledger state --at T` for --instants random instants, each under /usr/bin/time -v.
3. Bytes on disk per event in that ledger.

Usage: bench/ledger.py [BUILD_DIR] [--rounds N] [--big N] [--instants N] [--no-app] [--skip-big]
"""
import argparse
import datetime
import importlib.util
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def load(name, file):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, file))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ingest = load('ingest', 'ingest.py')
app_ingest = ingest.app_ingest


def watch_round(cli, stream, events, ledger):
    argv = [cli, 'watch', '--broker', 'mqtt://127.0.0.1:PORT', '--count', str(events), '--timeout', '300']
    if ledger:
        argv += ['--ledger', ledger]
    return ingest.run_subscriber('watch', argv, 'connected', stream, events)


def app_round(feedboard, events, orders, record):
    env = dict(os.environ)
    if not record:
        env['FB_BENCH_NO_HISTORY'] = '1'
    out = subprocess.run([sys.executable, os.path.join(HERE, 'app-ingest.py'), feedboard, '--events', str(events),
                          '--orders', str(orders), '--json'], capture_output=True, text=True, timeout=600, env=env)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def big_ledger(build, n, orders):
    """n events through FbLedger's own write path (bench/ledger-fill: one duplicate every tenth
    event, so it is given n / 1.1); returns the ledger's directory, the time taken, the count."""
    ledger = tempfile.mkdtemp(prefix='fb-bench-ledger-')
    started = time.monotonic()
    out = subprocess.run([os.path.join(build, 'bench', 'ledger-fill'), ledger, str(round(n / 1.1)), str(orders)],
                         capture_output=True, text=True, timeout=900, check=True)
    return ledger, time.monotonic() - started, int(out.stdout.strip())


def timed(argv):
    with tempfile.NamedTemporaryFile('r', suffix='.txt') as tf:
        start = time.monotonic()
        out = subprocess.run(['/usr/bin/time', '-v', '-o', tf.name] + argv, capture_output=True, text=True, timeout=120)
        wall = time.monotonic() - start
        text = tf.read()
    rss = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', text).group(1)) / 1024
    return out, wall, rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('build', nargs='?', default=os.path.join(os.path.dirname(HERE), '_build'))
    ap.add_argument('--events', type=int, default=10000)
    ap.add_argument('--orders', type=int, default=1250)
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--big', type=int, default=1000000)
    ap.add_argument('--instants', type=int, default=5)
    ap.add_argument('--no-app', action='store_true')
    ap.add_argument('--skip-big', action='store_true')
    args = ap.parse_args()
    cli = os.path.join(args.build, 'src', 'cli', 'feedboard-cli')
    feedboard = os.path.join(args.build, 'src', 'gui', 'feedboard')
    stream = app_ingest.make_stream(args.events, args.orders)

    print(f'1. Recording on vs off, {args.events} events over {args.orders} orders, {args.rounds} rounds, medians')
    # Ingest time = first publish until the client has printed every event; its exit (which
    # with a ledger includes the last commit, made durable) is reported beside it.
    received = {False: [], True: []}
    walls = {False: [], True: []}
    for _ in range(args.rounds):
        for record in (False, True):
            ledger = tempfile.mkdtemp(prefix='fb-bench-rec-') if record else None
            try:
                result = watch_round(cli, stream, args.events, ledger)
                received[record].append(result['received_s'])
                walls[record].append(result['wall_s'])
            finally:
                if ledger:
                    shutil.rmtree(ledger)
    off, on = statistics.median(received[False]), statistics.median(received[True])
    print('   feedboard-cli watch, ingest   off %.3f s   on %.3f s   %+.1f %%   (rounds off %s, on %s)'
          % (off, on, 100 * (on - off) / off, received[False], received[True]))
    off, on = statistics.median(walls[False]), statistics.median(walls[True])
    print('   feedboard-cli watch, to exit  off %.3f s   on %.3f s   %+.1f %%   (the last commit and close included)'
          % (off, on, 100 * (on - off) / off))

    if not args.no_app:
        rows = {False: [], True: []}
        for _ in range(args.rounds):
            for record in (False, True):
                rows[record].append(app_round(feedboard, args.events, args.orders, record))
        for record in (False, True):
            r = rows[record]
            print('   app, history %-3s     wall %.3f s   frame gaps p50/p99/max %.0f/%.0f/%.0f ms   CPU %.2f s'
                  % ('on' if record else 'off', statistics.median(x['wall_s'] for x in r),
                     statistics.median(x['frame_gap_p50_ms'] for x in r), statistics.median(x['frame_gap_p99_ms'] for x in r),
                     statistics.median(x['frame_gap_max_ms'] for x in r), statistics.median(x['cpu_s'] for x in r)))
        off, on = (statistics.median(x['wall_s'] for x in rows[k]) for k in (False, True))
        print('   app wall time with history: %+.1f %%' % (100 * (on - off) / off))

    if args.skip_big:
        return 0

    print(f'2. A ledger of about {args.big} events over 20 000 orders (bench/ledger-fill, the ledger\'s write path)')
    ledger, took, count = big_ledger(args.build, args.big, 20000)
    try:
        export_head = subprocess.run([cli, 'ledger', 'state', '--ledger', ledger], capture_output=True, text=True,
                                     timeout=120)
        first_line = subprocess.run(f'{cli} ledger export --ledger {ledger} | head -1', shell=True,
                                    capture_output=True, text=True, timeout=120).stdout
        t0 = datetime.datetime.fromisoformat(json.loads(first_line)['receivedAt'].replace('Z', '+00:00'))
        t1 = datetime.datetime.fromisoformat(json.loads(export_head.stdout)['asOf'].replace('Z', '+00:00'))
        print(f'   {count} events written in {took:.1f} s ({count / took:.0f} events/s); '
              f'received times from {t0.isoformat()} to {t1.isoformat()}')
        random.seed(9)
        worst = 0
        for _ in range(args.instants):
            at = t0 + (t1 - t0) * random.random()
            at_text = at.strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3] + 'Z'
            out, wall, rss = timed([cli, 'ledger', 'state', '--ledger', ledger, '--at', at_text])
            state = json.loads(out.stdout)
            worst = max(worst, wall)
            print(f'   state --at {at_text}: {wall:.3f} s, {rss:.0f} MiB peak, {len(state["orders"])} orders, seq {state["seq"]}')
        print(f'   slowest: {worst:.3f} s (target < 1 s)')

        sizes = sum(os.path.getsize(os.path.join(ledger, f)) for f in os.listdir(ledger))
        print(f'3. {sizes / 1e6:.1f} MB on disk for {count} events: {sizes / count:.0f} bytes per event '
              f'(the raw payloads are about 130 bytes each)')
    finally:
        shutil.rmtree(ledger)
    return 0


if __name__ == '__main__':
    sys.exit(main())
