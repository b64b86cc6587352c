#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""ingest.py: how fast each client takes a stream of order events, side by side.

For `mosquitto_sub` (the floor), `feedboard-cli watch` and the app (bench/app-ingest.py, under
Xvfb), each against its own private Mosquitto on a free loopback port: start the client, wait
until it is subscribed, publish the stream with `mosquitto_pub -l` as fast as the broker takes
it, and report wall time from the first publish until the client has every event, events/s,
CPU-seconds and peak RSS of the client process (/usr/bin/time -v for the first two).

Usage: bench/ingest.py [BUILD_DIR] [--events N] [--orders M] [--no-app]
The default is DESIGN.md's burst, 10 000 events over 1 250 orders; the issue's larger stream is
`--events 100000 --orders 2000`.
"""
import argparse
import importlib.util
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('app_ingest', os.path.join(HERE, 'app-ingest.py'))
app_ingest = importlib.util.module_from_spec(spec)
spec.loader.exec_module(app_ingest)


def parse_time_v(text):
    user = float(re.search(r'User time \(seconds\): ([\d.]+)', text).group(1))
    system = float(re.search(r'System time \(seconds\): ([\d.]+)', text).group(1))
    rss = int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', text).group(1))
    return user + system, rss / 1024


def run_subscriber(name, argv, ready, stream, events):
    tmp = tempfile.TemporaryDirectory(prefix='fb-bench-')
    port = app_ingest.free_port()
    conf = os.path.join(tmp.name, 'mosquitto.conf')
    with open(conf, 'w') as f:
        f.write(f'listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n'
                'max_queued_messages 0\nmax_inflight_messages 0\n')
    broker = subprocess.Popen(['mosquitto', '-c', conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        app_ingest.wait_port(port)
        time_file = os.path.join(tmp.name, 'time.txt')
        argv = [a.replace('PORT', str(port)) for a in argv]
        client = subprocess.Popen(['/usr/bin/time', '-v', '-o', time_file] + argv,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        subscribed = threading.Event()
        received = {}

        def counter():
            # When the client has shown every event (its last line out), apart from its exit.
            n = 0
            for _ in client.stdout:
                n += 1
                if n == events:
                    received['at'] = time.monotonic()
        counting = threading.Thread(target=counter, daemon=True)
        counting.start()

        def reader():
            for line in client.stderr:
                if ready is None or ready in line:
                    subscribed.set()
        threading.Thread(target=reader, daemon=True).start()
        if ready is None:
            subscribed.set()
        subscribed.wait(30)
        time.sleep(0.5)   # the SUBSCRIBE follows the CONNACK

        start = time.monotonic()
        pub = subprocess.Popen(['mosquitto_pub', '-h', '127.0.0.1', '-p', str(port), '-t', 'orders/events',
                                '-q', '0', '-l'], stdin=subprocess.PIPE, text=True)
        pub.stdin.write('\n'.join(stream) + '\n')
        pub.stdin.close()
        client.wait(timeout=300)
        wall = time.monotonic() - start
        counting.join(10)
        pub.wait(timeout=30)
        cpu, rss = parse_time_v(open(time_file).read())
        return {'client': name, 'events': events, 'wall_s': round(wall, 3),
                'received_s': round(received['at'] - start, 3) if 'at' in received else None,
                'events_per_s': round(events / wall), 'cpu_s': round(cpu, 2), 'peak_rss_mib': round(rss, 1)}
    finally:
        broker.kill()
        broker.wait()
        tmp.cleanup()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('build', nargs='?', default=os.path.join(os.path.dirname(HERE), '_build'))
    ap.add_argument('--events', type=int, default=10000)
    ap.add_argument('--orders', type=int, default=1250)
    ap.add_argument('--no-app', action='store_true')
    args = ap.parse_args()

    stream = app_ingest.make_stream(args.events, args.orders)
    cli = os.path.join(args.build, 'src', 'cli', 'feedboard-cli')
    rows = [
        run_subscriber('mosquitto_sub', ['mosquitto_sub', '-h', '127.0.0.1', '-p', 'PORT', '-t', 'orders/events/#',
                                         '-C', str(args.events)], None, stream, args.events),
        run_subscriber('feedboard-cli watch', [cli, 'watch', '--broker', 'mqtt://127.0.0.1:PORT',
                                               '--count', str(args.events), '--timeout', '300'],
                       'connected', stream, args.events),
    ]
    if not args.no_app:
        out = subprocess.run([sys.executable, os.path.join(HERE, 'app-ingest.py'),
                              os.path.join(args.build, 'src', 'gui', 'feedboard'),
                              '--events', str(args.events), '--orders', str(args.orders), '--json'],
                             capture_output=True, text=True, timeout=600)
        if out.returncode == 0:
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        else:
            sys.stderr.write(out.stderr)

    floor = rows[0]['events_per_s']
    print(f'{args.events} events over {args.orders} orders, published as fast as the broker takes them')
    print('%-24s %8s %10s %8s %7s %9s' % ('client', 'wall s', 'events/s', '% floor', 'CPU s', 'RSS MiB'))
    for r in rows:
        print('%-24s %8.3f %10d %7.0f%% %7.2f %9.1f' % (r['client'], r['wall_s'], r['events_per_s'],
                                                       100.0 * r['events_per_s'] / floor, r['cpu_s'], r['peak_rss_mib']))
    return 0


if __name__ == '__main__':
    sys.exit(main())
