#!/usr/bin/python3
"""live-view.py: what the live orders view costs a person, stream by stream, in alternating rounds.

Each run starts a private Mosquitto on a free loopback port, Xvfb and the real app with
`--broker`, FB_BENCH_EXPECT=N and FB_FRAME_STATS_FILE, publishes a stream with `mosquitto_pub -l`
and measures with public tools only: CPU-seconds of the app from /proc/PID/stat (all threads),
PSS from /proc/PID/smaps_rollup sampled every 100 ms, the frame gaps the app writes (see
src/gui/fb-frame-stats.c) and the time from the first publish until the frame that draws the last
event was painted (the app prints FB_BENCH_DRAWN with a CLOCK_MONOTONIC time; an app without that
line is timed by FB_BENCH_DONE, when its store applied the last event).

Streams (DESIGN.md "Running it from scripts, and measuring it" and issue 14):
  paced   3 000 events over 1 250 orders at 100 events/s (30 s)
  burst  10 000 events over 1 250 orders, as fast as the broker takes them
  load  100 000 distinct orders, as fast as the broker takes them; PSS 3 s after they are drawn
  lone  one event into an idle app: how long a person waits to see it

Usage: live-view.py [--stream paced|burst|load] [--rounds N] APP [APP...]
  APP is PATH or LABEL=PATH[,KEY=VALUE...]: the KEY=VALUEs go into the app's environment, so
  `gl=_build/src/gui/feedboard,GSK_RENDERER=gl cairo=_build/src/gui/feedboard,GSK_RENDERER=cairo`
  compares renderers. The apps take turns (A B, then B A) in every round; min/median/max per app.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'tests'))
from fbtest import start_xvfb  # noqa: E402  (tests/fbtest.py)

import importlib.util  # noqa: E402
_spec = importlib.util.spec_from_file_location('app_ingest', os.path.join(HERE, 'app-ingest.py'))
app_ingest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(app_ingest)
cpu_seconds, pss_kib, free_port, wait_port = (app_ingest.cpu_seconds, app_ingest.pss_kib,
                                              app_ingest.free_port, app_ingest.wait_port)

STREAMS = {
    'paced': dict(events=3000, orders=1250, rate=100),
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


def run_once(app, stream, lines, timeout=180):
    procs = []
    tmp = tempfile.TemporaryDirectory(prefix='fb-bench-live-')
    try:
        port = free_port()
        conf = os.path.join(tmp.name, 'mosquitto.conf')
        with open(conf, 'w') as f:
            f.write(f'listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n'
                    'max_queued_messages 0\nmax_inflight_messages 0\n')
        procs.append(subprocess.Popen(['mosquitto', '-c', conf], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
        wait_port(port)
        xvfb, display = start_xvfb('1280x800x24')
        procs.append(xvfb)

        stats_file = os.path.join(tmp.name, 'frames.txt')
        env = dict(os.environ, DISPLAY=display, GDK_BACKEND='x11', GSETTINGS_BACKEND='memory',
                   NO_AT_BRIDGE='1', FB_BENCH_EXPECT=str(len(lines)),
                   FB_FRAME_STATS_FILE=stats_file, XDG_DATA_HOME=os.path.join(tmp.name, 'data'),
                   XDG_CACHE_HOME=os.path.join(tmp.name, 'cache'))
        env.pop('GSK_RENDERER', None)
        env.update(app['env'])
        proc = subprocess.Popen([app['path'], '--broker', f'mqtt://127.0.0.1:{port}',
                                 '--client-id', 'feedboard-bench'],
                                env=env, stderr=subprocess.PIPE, text=True)
        procs.append(proc)

        seen = {}
        cond = threading.Condition()

        def reader():
            for line in proc.stderr:
                key = line.split(' ', 1)[0]
                if key.startswith('FB_BENCH_'):
                    fields = dict(kv.split('=', 1) for kv in line.split()[1:] if '=' in kv)
                    with cond:
                        seen[key] = fields
                        cond.notify_all()
                else:
                    sys.stderr.write(line)
        threading.Thread(target=reader, daemon=True).start()
        with cond:
            if not cond.wait_for(lambda: 'FB_BENCH_CONNECTED' in seen, timeout=30):
                raise RuntimeError('the app did not connect')
        time.sleep(1.0)   # the SUBSCRIBE, the first frames, the window settled

        perf = None
        if os.environ.get('LIVE_VIEW_PERF'):   # a profile of the app during the stream
            perf = subprocess.Popen(['perf', 'record'] + os.environ.get('LIVE_VIEW_PERF_ARGS', '-g').split()
                                    + ['-o', os.environ['LIVE_VIEW_PERF'],
                                     '-p', str(proc.pid)], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            procs.append(perf)
            time.sleep(0.5)
        cpu_before = cpu_seconds(proc.pid)
        peak_pss = pss_kib(proc.pid)
        start = time.monotonic()
        pub = subprocess.Popen(['mosquitto_pub', '-h', '127.0.0.1', '-p', str(port),
                                '-t', 'orders/events', '-q', '0', '-l'],
                               stdin=subprocess.PIPE, text=True)
        next_sample = start
        if stream['rate'] > 0:
            step = max(1, int(stream['rate'] / 100))   # a slice every 10 ms, on a fixed schedule
            for i in range(0, len(lines), step):
                pub.stdin.write('\n'.join(lines[i:i + step]) + '\n')
                pub.stdin.flush()
                now = time.monotonic()
                if now >= next_sample:
                    peak_pss = max(peak_pss, pss_kib(proc.pid))
                    next_sample = now + 0.1
                delay = start + (i + step) / stream['rate'] - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
        else:
            def feed():
                pub.stdin.write('\n'.join(lines) + '\n')
                pub.stdin.close()
            threading.Thread(target=feed, daemon=True).start()
        deadline = start + timeout
        key = None
        done_at = cpu_at_done = None
        while time.monotonic() < deadline:
            now = time.monotonic()
            if now >= next_sample:
                peak_pss = max(peak_pss, pss_kib(proc.pid))
                next_sample = now + 0.1
            with cond:
                if 'FB_BENCH_DRAWN' in seen:
                    key = 'FB_BENCH_DRAWN'
                    break
                if 'FB_BENCH_DONE' in seen and done_at is None:
                    done_at = now
                    cpu_at_done = cpu_seconds(proc.pid)
                # An app that does not report drawn frames (older builds) is timed by DONE.
                if done_at is not None and now - done_at > 2.0:
                    key = 'FB_BENCH_DONE'
                    break
                cond.wait(0.02)
        if key is None:
            raise RuntimeError('the app did not get every event before the timeout: %r' % seen)
        if stream['rate'] > 0:
            pub.stdin.close()
        done_s = int(seen[key]['monotonic_us']) / 1e6
        cpu = (cpu_seconds(proc.pid) if key == 'FB_BENCH_DRAWN' else cpu_at_done) - cpu_before
        if perf is not None:
            perf.send_signal(2)
            perf.wait(timeout=60)
        pss_after = 0
        if stream['events'] >= 100000:
            time.sleep(3)
            pss_after = pss_kib(proc.pid)
        pub.wait(timeout=60)
        proc.terminate()
        proc.wait(timeout=30)
        frames = {}
        if os.path.exists(stats_file):
            with open(stats_file) as f:
                frames = dict(line.strip().split('=', 1) for line in f if '=' in line)
        return {
            'on_screen_s': round(done_s - start, 3), 'timed_by': key[9:].lower(),
            'cpu_s': round(cpu, 2), 'peak_pss_mib': round(peak_pss / 1024, 1),
            'pss_after_mib': round(pss_after / 1024, 1),
            'gap_p50_ms': float(frames.get('p50_ms', 'nan')),
            'gap_p99_ms': float(frames.get('p99_ms', 'nan')),
            'gap_max_ms': float(frames.get('max_ms', 'nan')),
            'frames_painted': int(frames.get('painted', frames.get('count', '0'))),
            'events_applied': int(seen.get('FB_BENCH_DONE', {}).get('events', '0')),
        }
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        tmp.cleanup()


METRICS = ['on_screen_s', 'cpu_s', 'peak_pss_mib', 'pss_after_mib', 'gap_p99_ms', 'gap_max_ms',
           'gap_p50_ms', 'frames_painted']


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
            values = [r[m] for r in results]
            if all(v == 0 for v in values):
                continue
            print('  %-15s %8.2f %8.2f %8.2f' % (m, min(values), statistics.median(values), max(values)))
        print('  %-15s %s' % ('timed by', ','.join(sorted({r['timed_by'] for r in results}))))
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(runs, f, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
