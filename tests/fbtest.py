# SPDX-License-Identifier: GPL-3.0-or-later
"""fbtest.py: what the Python test scripts share: TAP output, a private Xvfb and D-Bus bus."""
import os
import subprocess
import time


class Tap:
    """Collects checks, then prints them as TAP; finish () returns the exit status."""

    def __init__(self):
        self.results = []

    def check(self, what, passed, detail=None):
        self.results.append((what, bool(passed), detail))
        return passed

    def finish(self):
        print(f'1..{len(self.results)}')
        ok = bool(self.results)
        for i, (what, passed, detail) in enumerate(self.results, 1):
            print(f'{"ok" if passed else "not ok"} {i} - {what}')
            if not passed:
                ok = False
                if detail is not None:
                    print('# got: ' + repr(detail).replace('\n', '\n# '))
        return 0 if ok else 1


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
