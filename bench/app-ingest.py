#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""app-ingest.py: the app's run of the ingest bench (DESIGN.md "Running it from scripts").

Starts a private Mosquitto on a free loopback port and the real app under Xvfb with --broker,
FB_BENCH_EXPECT=N and FB_FRAME_STATS_FILE, publishes the stream as fast as the broker takes it,
and reports what a user feels: wall time from the first publish until the frame that draws the
last event was painted (the app prints FB_BENCH_DRAWN with a CLOCK_MONOTONIC time; an older app
only FB_BENCH_DONE, when its store applied it), events/s, CPU-seconds of the app, peak RSS
(VmHWM) and peak PSS (smaps_rollup, sampled every 100 ms), and the frame gaps p50/p99/max.
run_app () is also bench/live-view.py's run.

Usage: app-ingest.py FEEDBOARD_BINARY [--events N] [--orders M] [--rate EVENTS_PER_S] [--json]
Streams: the default is the burst of DESIGN.md: 10 000 events over 1 250 orders (CREATED + 7 UPDATED);
`--events 10000 --rate 1000` and `--events 3000 --rate 100` are its paced streams.

One run (2 cores, Xvfb, llvmpipe GL), 2026-11-24, store of branch mqtt e73b82e:
  burst 10 000 / 1 250 orders: 0.77 s, 13 000 ev/s, 0.65 CPU-s, PSS 151 MiB, 3 store batches;
    the main loop is busy for most of the burst (one frame gap of ~0.47 s);
    mosquitto_sub takes the same burst in ~0.40 s on this machine.
  1 000/s for 10 s: 9.6 CPU-s, PSS 176 MiB, frame gaps p50/p99/max 50/117/233 ms.
  Before the store put changed orders in its items-changed (sorting then lagged), the same
  stream cost 5.3 CPU-s with gaps 16.7/117/350 ms; with GSK_RENDERER=cairo 3.8 CPU-s. Most CPU
  is software GL (llvmpipe) repainting under Xvfb, then re-sorting on every batch.
"""
import argparse
import json
import os
import random
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'tests'))
from fbtest import start_xvfb  # noqa: E402  (tests/fbtest.py)

STATUSES = ['SUBMITTED', 'ACCEPTED_BY_STORE', 'IN_KITCHEN', 'READY_FOR_PICKUP',
            'PICKED_UP_BY_DRIVER', 'OUT_FOR_DELIVERY', 'DELIVERED', 'COMPLETED']


def make_stream(n_events, n_orders, seed=1):
    rng = random.Random(seed)
    ids = [''.join(rng.choice(string.ascii_letters + string.digits) for _ in range(27))
           for _ in range(n_orders)]
    per = max(1, -(-n_events // n_orders))   # ceil: exactly n_events, the last step partial
    lines = []
    for step in range(per):
        for i, oid in enumerate(ids):
            if len(lines) >= n_events:
                break
            ms = step * 1000 + i
            t = '2024-03-19T20:%02d:%02d.%03dZ' % ((ms // 60000) % 60, (ms // 1000) % 60, ms % 1000)
            status = STATUSES[min(step, len(STATUSES) - 1)]
            lines.append('{"orderId":"%s","status":"%s","updatedAt":"%s","event":"%s"}'
                         % (oid, status, t, 'CREATED' if step == 0 else 'UPDATED'))
    return lines


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_port(port, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(('127.0.0.1', port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError('mosquitto did not start')


def cpu_seconds(pid):
    with open(f'/proc/{pid}/stat') as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def vm_hwm_kib(pid):
    with open(f'/proc/{pid}/status') as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1])
    return 0


def pss_kib(pid):
    try:
        with open(f'/proc/{pid}/smaps_rollup') as f:
            for line in f:
                if line.startswith('Pss:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_app(path, lines, rate=0, env_extra=None, timeout=180, pss_after_s=0):
    """One run of the app under Xvfb on its own broker: publishes lines (at rate events/s, or as
    fast as the broker takes them with rate 0) and returns what it measured (see main ())."""
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
        env.update(env_extra or {})
        for key in [k for k, v in (env_extra or {}).items() if v == '']:   # KEY= takes KEY away
            env.pop(key)
        proc = subprocess.Popen([path, '--broker', f'mqtt://127.0.0.1:{port}',
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
        if rate > 0:
            step = max(1, int(rate / 100))   # a slice every 10 ms, on a fixed schedule
            for i in range(0, len(lines), step):
                pub.stdin.write('\n'.join(lines[i:i + step]) + '\n')
                pub.stdin.flush()
                now = time.monotonic()
                if now >= next_sample:
                    peak_pss = max(peak_pss, pss_kib(proc.pid))
                    next_sample = now + 0.1
                delay = start + (i + step) / rate - time.monotonic()
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
        if rate > 0:
            pub.stdin.close()
        done_s = int(seen[key]['monotonic_us']) / 1e6
        cpu = (cpu_seconds(proc.pid) if key == 'FB_BENCH_DRAWN' else cpu_at_done) - cpu_before
        if perf is not None:
            perf.send_signal(2)
            perf.wait(timeout=60)
        pss_after = 0
        if pss_after_s > 0:
            time.sleep(pss_after_s)
            pss_after = pss_kib(proc.pid)
        pub.wait(timeout=60)
        hwm = vm_hwm_kib(proc.pid)
        proc.terminate()
        proc.wait(timeout=30)
        frames = {}
        if os.path.exists(stats_file):
            with open(stats_file) as f:
                frames = dict(line.strip().split('=', 1) for line in f if '=' in line)
        return {
            'on_screen_s': round(done_s - start, 3), 'timed_by': key[9:].lower(),
            'cpu_s': round(cpu, 2), 'peak_pss_mib': round(peak_pss / 1024, 1),
            'pss_after_mib': round(pss_after / 1024, 1), 'peak_rss_mib': round(hwm / 1024, 1),
            'gap_p50_ms': float(frames.get('p50_ms', 'nan')),
            'gap_p99_ms': float(frames.get('p99_ms', 'nan')),
            'gap_max_ms': float(frames.get('max_ms', 'nan')),
            'busy_p99_ms': float(frames.get('busy_p99_ms', 'nan')),
            'busy_max_ms': float(frames.get('busy_max_ms', 'nan')),
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



def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('feedboard')
    ap.add_argument('--events', type=int, default=10000)
    ap.add_argument('--orders', type=int, default=1250)
    ap.add_argument('--rate', type=float, default=0,
                    help='events per second (0 = as fast as the broker takes them)')
    ap.add_argument('--timeout', type=float, default=120)
    ap.add_argument('--json', action='store_true')
    args = ap.parse_args()

    r = run_app(args.feedboard, make_stream(args.events, args.orders), args.rate, timeout=args.timeout)
    result = {
        'client': 'feedboard (app, Xvfb)', 'events': args.events, 'orders': args.orders,
        'wall_s': r['on_screen_s'], 'events_per_s': round(args.events / r['on_screen_s']),
        'cpu_s': r['cpu_s'], 'peak_rss_mib': r['peak_rss_mib'], 'peak_pss_mib': r['peak_pss_mib'],
        'frame_gap_p50_ms': r['gap_p50_ms'], 'frame_gap_p99_ms': r['gap_p99_ms'],
        'frame_gap_max_ms': r['gap_max_ms'], 'frames': r['frames_painted'], 'timed_by': r['timed_by'],
    }
    if args.json:
        print(json.dumps(result))
    else:
        print('%-24s %8s %9s %7s %9s %9s  %s' % ('client', 'wall s', 'events/s', 'CPU s',
                                               'RSS MiB', 'PSS MiB', 'frame gaps p50/p99/max ms (frames painted)'))
        print('%-24s %8.3f %9d %7.2f %9.1f %9.1f  %.1f/%.1f/%.1f (%d)' % (
            result['client'], result['wall_s'], result['events_per_s'], result['cpu_s'],
            result['peak_rss_mib'], result['peak_pss_mib'], result['frame_gap_p50_ms'],
            result['frame_gap_p99_ms'], result['frame_gap_max_ms'], result['frames']))
    return 0


if __name__ == '__main__':
    sys.exit(main())
