# SPDX-License-Identifier: GPL-3.0-or-later
"""fbtest.py: what every Python test shares: TAP output, waits on conditions with a deadline,
output lines to wait on, a private Xvfb and D-Bus bus, feedboard-sim. The UI tests reach it
through tests/gui/fbui.py, which re-exports Tap and wait_until."""
import json
import os
import subprocess
import threading
import time


class Tap:
    """TAP output, each result printed as it is known. Tap(n) plans n tests up front (a test that
    dies half-way then fails the plan); Tap() prints the plan in finish (). finish () returns the
    exit status: 1 when a check failed or there were none."""

    def __init__(self, planned=None):
        self.n = 0
        self.failed = 0
        self.planned = planned
        if planned is not None:
            print(f'1..{planned}', flush=True)

    def check(self, what, passed, detail=None):
        """One result; on failure detail follows as diagnostics (a str as its lines, anything
        else repr'd). Returns passed."""
        self.n += 1
        print(f'{"ok" if passed else "not ok"} {self.n} - {what}', flush=True)
        if not passed:
            self.failed += 1
            if detail is not None:
                self.diag('got: ' + (detail if isinstance(detail, str) else repr(detail)))
        return passed

    def ok(self, what):
        """A step whose assertions (raising on failure) came just before."""
        return self.check(what, True)

    def diag(self, text):
        for line in str(text).splitlines() or ['']:
            print(f'# {line}', flush=True)

    def finish(self):
        if self.planned is None:
            print(f'1..{self.n}', flush=True)
        return 0 if self.n > 0 and self.failed == 0 and self.n == (self.planned or self.n) else 1


def wait_until(predicate, timeout, what, interval=0.1):
    """predicate ()'s first true value, asked every interval until timeout seconds have passed;
    then TimeoutError naming what. For state only reachable by asking (a file, the a11y tree);
    output lines have Lines.wait, which wakes on the line itself."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            value = predicate()
            if value:
                return value
        except Exception as e:  # the tree changes under us; try again
            last_error = e
        if time.monotonic() >= deadline:
            break
        time.sleep(interval)
    raise TimeoutError(f'timed out after {timeout} s waiting for {what}'
                       + (f' (last error: {last_error})' if last_error else ''))


class Lines:
    """The lines of a text stream (a child's stdout or stderr), read by a thread of their own,
    each with the monotonic time it came; wait () sleeps until a matching one comes."""

    def __init__(self, stream):
        self._lines = []
        self._eof = False
        self._cond = threading.Condition()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            with self._cond:
                self._lines.append((time.monotonic(), line.rstrip('\n')))
                self._cond.notify_all()
        with self._cond:
            self._eof = True
            self._cond.notify_all()

    def __call__(self):
        """The lines so far."""
        with self._cond:
            return [line for _, line in self._lines]

    def text(self):
        return '\n'.join(self())

    def since(self, after):
        """(monotonic time, line) of the lines that came at or after after."""
        with self._cond:
            return [(t, line) for t, line in self._lines if t >= after]

    def wait(self, match, timeout, after=0.0, count=1):
        """The time of the count-th line since after (monotonic) that contains match (a str) or
        satisfies it (a callable), once it came; None when timeout seconds or the stream ended
        first."""
        test = match if callable(match) else (lambda line: match in line)

        def nth_hit(lines):
            hits = [t for t, line in lines if t >= after and test(line)]
            return hits[count - 1] if len(hits) >= count else None
        return self.wait_for(nth_hit, timeout)

    def wait_for(self, condition, timeout):
        """condition ([(time, line), ...])'s first true value, asked as each line comes; None
        when timeout seconds or the stream ended first."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                value = condition(list(self._lines))
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0 or self._eof:
                    return None
                self._cond.wait(left)


class Watch:
    """`feedboard-cli watch ARGS`, its stdout and stderr as Lines, stopped on the way out of a
    with block (SIGTERM: it exits cleanly)."""

    FINAL = ('COMPLETED', 'CANCELLED')

    def __init__(self, cli, *args, env=None):
        self.proc = subprocess.Popen([cli, 'watch'] + list(args), env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.stdout, self.stderr = Lines(self.proc.stdout), Lines(self.proc.stderr)

    def events(self):
        return [json.loads(line) for line in self.stdout()]

    def subscribed(self, timeout=30, after=0.0):
        """Whether watch said it is subscribed (every subscription granted) within timeout."""
        return self.stderr.wait('watch: subscribed', timeout, after=after) is not None

    @staticmethod
    def _orders(lines):
        events = (json.loads(line) for _, line in lines)
        return {e['orderId']: e['status'] for e in events if 'orderId' in e and not e['stale']}

    def orders(self):
        """orderId → the newest status watch printed for it (stale events left out)."""
        return self._orders((0, line) for line in self.stdout())

    def finished_orders(self, n, timeout):
        """orderId → status once n orders, and all of them, reached a final status; None when
        timeout seconds passed first."""
        def finished(lines):
            orders = self._orders(lines)
            return len(orders) >= n and all(s in self.FINAL for s in orders.values()) and orders
        return self.stdout.wait_for(finished, timeout)

    def stop(self):
        end_process(self.proc)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def end_process(proc, timeout=10):
    """SIGTERM, and SIGKILL if proc is still there after timeout seconds; proc reaped."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _spawn_and_read_line(argv_for_fd, **popen_args):
    """Starts argv_for_fd (fd) with a pipe's write end as fd; returns (proc, first line)."""
    r, w = os.pipe()
    proc = subprocess.Popen(argv_for_fd(w), pass_fds=[w], **popen_args)
    os.close(w)
    line = b''
    while not line.endswith(b'\n'):
        chunk = os.read(r, 256)
        if not chunk:
            os.close(r)
            proc.kill()
            proc.wait()
            raise RuntimeError(f'{argv_for_fd(w)[0]} did not start')
        line += chunk
    os.close(r)
    return proc, line.decode().strip()


def start_xvfb(screen='1100x760x24'):
    """Xvfb on a display of its own, so several can run at once. Returns (proc, ':N').

    -displayfd hands every parallel start the lowest free number, and when two start at once, or
    one just ended, a client can end up talking to the wrong server. A random display number
    well away from the usual ones avoids that race; the display is probed before use."""
    import random
    for _ in range(20):
        number = str(random.randint(200, 9999))
        if os.path.exists(f'/tmp/.X{number}-lock') or os.path.exists(f'/tmp/.X11-unix/X{number}'):
            continue
        display = ':' + number
        # -noreset: without it Xvfb resets when its last client (the probe) leaves, and a client
        # connecting during the reset gets "cannot open display".
        xvfb = subprocess.Popen(['Xvfb', display, '-screen', '0', screen, '-nolisten', 'tcp', '-noreset'],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and xvfb.poll() is None:
            probe = subprocess.run(['xwininfo', '-root', '-display', display],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
            if probe.returncode == 0:
                return xvfb, display
            time.sleep(0.05)
        xvfb.kill()
        xvfb.wait()
    raise RuntimeError('Xvfb did not start on a display of its own')


def start_session_bus():
    """A private D-Bus session bus for this process and its children, its services' output kept
    out of the TAP stream (dbus-run-session would pass it through). Returns the daemon."""
    bus, address = _spawn_and_read_line(
        lambda fd: ['dbus-daemon', '--session', '--nofork', f'--print-address={fd}'],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.environ['DBUS_SESSION_BUS_ADDRESS'] = address
    return bus


class Sim:
    """feedboard-sim on free loopback ports, tied to this process (--parent-pid); vars holds
    its KEY=VALUE lines. Use as a context manager: the sim is stopped on the way out."""

    def __init__(self, *args, orders=False):
        exe = os.path.join(os.environ['FB_BUILD_DIR'], 'sim', 'feedboard-sim')
        self.proc = subprocess.Popen([exe, '--speed=20', f'--parent-pid={os.getpid()}']
                                     + ([] if orders else ['--no-orders']) + list(args),
                                     stdout=subprocess.PIPE, text=True)
        self.vars = {}
        for line in self.proc.stdout:
            line = line.strip()
            if line == 'READY':
                break
            key, _, value = line.partition('=')
            self.vars[key] = value
        if 'MQTT_URL' not in self.vars:
            self.stop()
            raise RuntimeError('feedboard-sim did not start')

    def env(self, **overrides):
        """The environment a client of the sim runs with: its endpoints, region and keys."""
        env = dict(os.environ)
        for key in ('AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_EVENTBRIDGE', 'AWS_ENDPOINT_URL_COGNITO_IDENTITY',
                    'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'):
            env[key] = self.vars[key]
        env.pop('AWS_SESSION_TOKEN', None)
        env.pop('AWS_PROFILE', None)
        env['AWS_CONFIG_FILE'] = env['AWS_SHARED_CREDENTIALS_FILE'] = '/dev/null'
        env.update(overrides)
        return env

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def fill(path):
    """Writes zeros to path until its file system is full (for tests of a full disk)."""
    chunk = b'\0' * (64 * 1024)
    with open(path, 'wb', buffering=0) as f:
        try:
            while True:
                f.write(chunk)
        except OSError:
            pass


class Mosquitto:
    """A private Mosquitto on a free loopback port (stop() ends it; start() again keeps the port),
    and mosquitto_pub for raw payloads: bytes as they are, None for an empty message."""

    def __init__(self):
        import socket
        import tempfile
        self.dir = tempfile.TemporaryDirectory(prefix='fb-mosquitto-')
        with socket.socket() as s:
            s.bind(('127.0.0.1', 0))
            self.port = s.getsockname()[1]
        self.conf = os.path.join(self.dir.name, 'mosquitto.conf')
        with open(self.conf, 'w') as f:
            f.write(f'listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence false\nlog_dest none\n')
            if os.getuid() == 0:
                f.write('user root\n')
        self.proc = None
        self.start()

    @property
    def url(self):
        return f'mqtt://127.0.0.1:{self.port}'

    def start(self):
        import socket
        self.proc = subprocess.Popen(['mosquitto', '-c', self.conf], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.proc.poll() is None:
            with socket.socket() as s:
                if s.connect_ex(('127.0.0.1', self.port)) == 0:
                    return
            time.sleep(0.02)
        raise RuntimeError(f'mosquitto did not start on port {self.port}')

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def publish(self, payload, topic='orders/events'):
        base = ['mosquitto_pub', '-h', '127.0.0.1', '-p', str(self.port), '-t', topic, '-q', '1']
        if payload is None:
            subprocess.run(base + ['-n'], check=True, timeout=20)
        else:
            subprocess.run(base + ['-s'], input=payload if isinstance(payload, bytes) else payload.encode(),
                           check=True, timeout=20)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        self.dir.cleanup()


def loads_strictly(line):
    """json.loads that refuses what JSON does not have (NaN, Infinity) instead of reading it."""
    import json

    def refuse(name):
        raise ValueError(f'not JSON: {name}')
    return json.loads(line, parse_constant=refuse)
