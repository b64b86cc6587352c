#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""live-view.py: what the live orders view costs a person, stream by stream, in alternating rounds.

Each run starts a private Mosquitto on a free loopback port, Xvfb and the real app with
`--broker`, FB_BENCH_EXPECT=N and FB_FRAME_STATS_FILE, publishes a stream with `mosquitto_pub -l`
and measures with public tools only: CPU-seconds of the app from /proc/PID/stat (all threads),
PSS from /proc/PID/smaps_rollup sampled every 100 ms, the frame gaps the app writes (see
src/gui/fb-frame-stats.c) and the time from the first publish until the frame that draws the last
event was painted (the app prints FB_BENCH_DRAWN with a CLOCK_MONOTONIC time; an app without that
line is timed by FB_BENCH_DONE, when its store applied the last event).

Streams (DESIGN.md "Running it from scripts, and measuring it" and issue 14):
  paced   3 000 events over 1 250 orders at 100 events/s (30 s); CPU without the frame-gap probe
  burst  10 000 events over 1 250 orders, as fast as the broker takes them
  load  100 000 distinct orders, as fast as the broker takes them; PSS 3 s after they are drawn
  lone  one event into an idle app: how long a person waits to see it

Usage: live-view.py [--stream paced|burst|load] [--rounds N] APP [APP...]
  APP is PATH or LABEL=PATH[,KEY=VALUE...]: the KEY=VALUEs go into the app's environment, so
  `gl=_build/src/gui/feedboard,GSK_RENDERER=gl cairo=_build/src/gui/feedboard,GSK_RENDERER=cairo`
  compares renderers, and an empty value takes a variable away: `FB_FRAME_STATS_FILE=` runs the app
  without the frame-gap probe, which wakes its main loop 60 times a second (CPU-seconds as a
  person's app spends them; no frame gaps then). The apps take turns (A B, then B A) in every
  round; min/median/max per app.
"""
import argparse
import importlib.util
import json
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location('app_ingest', os.path.join(HERE, 'app-ingest.py'))
app_ingest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(app_ingest)

# The paced stream's figure is CPU, as a person's app spends it: it runs without the frame-gap
# probe, whose 60 wake-ups a second cost about 0.3 CPU-s over its 30 s (no frame gaps then).
STREAMS = {
    'paced': dict(events=3000, orders=1250, rate=100, probe=False),
    'burst': dict(events=10000, orders=1250, rate=0),
    'load': dict(events=100000, orders=100000, rate=0),
    'lone': dict(events=1, orders=1, rate=0),
}


def parse_app(spec):
    label, _, rest = spec.partition('=') if '=' in spec.split(',')[0] else ('', '', spec)
    parts = rest.split(',')
    path = parts[0]
    env = dict(p.split('=', 1) for p in parts[1:])
    return {'label': label or path, 'path': path, 'env': env}


def run_once(app, stream, lines):
    env = app['env'] if stream.get('probe', True) else dict({'FB_FRAME_STATS_FILE': ''}, **app['env'])
    return app_ingest.run_app(app['path'], lines, stream['rate'], env,
                              pss_after_s=3 if stream['events'] >= 100000 else 0)


METRICS = ['on_screen_s', 'cpu_s', 'peak_pss_mib', 'pss_after_mib', 'gap_p99_ms', 'gap_max_ms',
           'gap_p50_ms', 'busy_p99_ms', 'busy_max_ms', 'frames_painted']


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('apps', nargs='+')
    ap.add_argument('--stream', choices=sorted(STREAMS), default='burst')
    ap.add_argument('--rounds', type=int, default=3)
    ap.add_argument('--json', help='also write every run to this file')
    args = ap.parse_args()

    apps = [parse_app(a) for a in args.apps]
    stream = STREAMS[args.stream]
    lines = app_ingest.make_stream(stream['events'], stream['orders'])
    runs = {a['label']: [] for a in apps}
    for r in range(args.rounds):
        for app in (apps if r % 2 == 0 else list(reversed(apps))):
            result = run_once(app, stream, lines)
            runs[app['label']].append(result)
            print('round %d %-12s %s' % (r + 1, app['label'], json.dumps(result)), flush=True)

    print('\n%s: %d events over %d orders%s; %d rounds, min/median/max'
          % (args.stream, stream['events'], stream['orders'],
             ' at %d/s' % stream['rate'] if stream['rate'] else ', as fast as the broker takes them',
             args.rounds))
    for label, results in runs.items():
        print(label)
        for m in METRICS:
            values = [r[m] for r in results if r[m] == r[m]]   # an older app writes no busy_*
            if not values or all(v == 0 for v in values):
                continue
            print('  %-15s %8.2f %8.2f %8.2f' % (m, min(values), statistics.median(values), max(values)))
        print('  %-15s %s' % ('timed by', ','.join(sorted({r['timed_by'] for r in results}))))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(runs, f, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
