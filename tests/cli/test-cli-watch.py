#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-watch.py: `feedboard-cli watch` against a real Mosquitto on a free loopback port:
# the exact payloads of PROTOCOLS.md §3 and tolerant variants come out as JSON lines with the
# right "stale" flags, bad messages are reported on stderr and skipped, and after the broker is
# SIGKILLed and restarted the watch notices, reconnects, re-subscribes and goes on. Prints TAP.
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

cli = sys.argv[1]
results = []


def check(name, ok, detail=""):
    results.append((name, bool(ok), detail))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Broker:
    def __init__(self, websocket=False):
        self.dir = tempfile.mkdtemp(prefix="fb-watch-test-")
        self.port = free_port()
        self.tcp_port = free_port() if websocket else self.port
        self.conf = os.path.join(self.dir, "mosquitto.conf")
        with open(self.conf, "w") as f:
            f.write("persistence false\nallow_anonymous true\nlog_dest none\n")
            f.write(f"listener {self.port} 127.0.0.1\n")
            if websocket:
                f.write(f"protocol websockets\nlistener {self.tcp_port} 127.0.0.1\n")
            if os.getuid() == 0:
                f.write("user root\n")
        self.start()

    def start(self):
        for _ in range(100):
            self.proc = subprocess.Popen(["mosquitto", "-c", self.conf], stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                    return
                except OSError:
                    if self.proc.poll() is not None:
                        break
                    time.sleep(0.02)
            time.sleep(0.1)
        raise RuntimeError("mosquitto did not start")

    def kill(self):
        self.proc.kill()
        self.proc.wait()

    def publish(self, payload, topic="orders/events"):
        subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(self.tcp_port), "-t", topic, "-s"],
                       input=payload if isinstance(payload, bytes) else payload.encode(), check=True,
                       timeout=10)


class Watch:
    def __init__(self, url, count, extra=()):
        self.proc = subprocess.Popen([cli, "watch", "--broker", url, "--count", str(count), "--timeout", "60",
                                      *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.stdout, self.stderr = [], []
        self.lock = threading.Lock()
        threading.Thread(target=self._read, args=(self.proc.stdout, self.stdout), daemon=True).start()
        threading.Thread(target=self._read, args=(self.proc.stderr, self.stderr), daemon=True).start()

    def _read(self, stream, into):
        for line in stream:
            with self.lock:
                into.append((time.monotonic(), line.rstrip("\n")))

    def wait_stderr(self, text, timeout=15, after=0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for t, line in self.stderr:
                    if t >= after and text in line:
                        return t
            time.sleep(0.01)
        return None

    def wait_stdout(self, n, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.stdout) >= n:
                    return True
            time.sleep(0.01)
        return False

    def events(self):
        with self.lock:
            return [json.loads(line) for _, line in self.stdout]


EXACT = '{"orderId":"2dh3kOyQLCo9s2mG8yMu5KcZSM5","status":"IN_KITCHEN","updatedAt":"2024-03-19T20:03:28.366Z","event":"UPDATED"}'
broker = Broker()
try:
    w = Watch(f"mqtt://127.0.0.1:{broker.port}", 6)
    check("connects", w.wait_stderr("connected") is not None, "\n".join(l for _, l in w.stderr))
    time.sleep(0.3)  # the subscription follows the CONNACK
    broker.publish(EXACT)
    broker.publish(EXACT)  # duplicate
    broker.publish('{ "event": "UPDATED", "updatedAt": "2024-03-19T20:03:20.000Z", "status": "ACCEPTED_BY_STORE", '
                   '"orderId": "2dh3kOyQLCo9s2mG8yMu5KcZSM5", "extra": [1, 2] }')  # older, Python spacing
    broker.publish('{"orderId":"2dh3kOyQLCo9s2mG8yMu5KcZSM5","status":"READY_FOR_PICKUP",'
                   '"updatedAt":"2024-03-19T20:04:00.000Z","event":"UPDATED"}')
    broker.publish("{not json")
    broker.publish('{"orderId":"x","status":"S","event":"UPDATED"}')  # missing updatedAt
    broker.publish(b'\xff\xfe\xfd')
    broker.publish('{"orderId":"' + "y" * 20000 + '"}')  # oversized
    broker.publish('{"orderId":"NEW","status":"SOMETHING_ELSE","updatedAt":"2024-03-19T20:05:00.000Z","event":"CREATED"}',
                   topic="orders/events/NEW")
    check("prints the decodable events", w.wait_stdout(5), repr(w.stdout))
    ev = w.events()
    check("exact payload, fields kept", len(ev) >= 1 and ev[0]["orderId"] == "2dh3kOyQLCo9s2mG8yMu5KcZSM5"
          and ev[0]["status"] == "IN_KITCHEN" and ev[0]["updatedAt"] == "2024-03-19T20:03:28.366Z"
          and ev[0]["event"] == "UPDATED" and ev[0]["topic"] == "orders/events" and ev[0]["stale"] is False
          and ev[0]["receivedAt"].endswith("Z"), repr(ev[:1]))
    check("duplicate is stale", len(ev) >= 2 and ev[1]["stale"] is True, repr(ev[1:2]))
    check("older event is stale", len(ev) >= 3 and ev[2]["status"] == "ACCEPTED_BY_STORE" and ev[2]["stale"] is True,
          repr(ev[2:3]))
    check("newer event is fresh", len(ev) >= 4 and ev[3]["status"] == "READY_FOR_PICKUP" and ev[3]["stale"] is False,
          repr(ev[3:4]))
    check("unknown status and per-order topic kept", len(ev) >= 5 and ev[4]["status"] == "SOMETHING_ELSE"
          and ev[4]["topic"] == "orders/events/NEW", repr(ev[4:5]))
    # stderr is read by a thread of its own: on a loaded machine it can lag behind stdout.
    deadline = time.monotonic() + 5
    while True:
        with w.lock:
            reasons = [l for _, l in w.stderr if l.startswith("feedboard-cli watch: orders/events:")]
        if len(reasons) >= 4 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    check("one reason per bad message", len(reasons) == 4, "\n".join(reasons))

    # The drop: SIGKILL the broker; the watch must say so within a second or two.
    killed = time.monotonic()
    broker.kill()
    noticed = w.wait_stderr("reconnecting", timeout=5, after=killed)
    check("drop noticed within 2 s", noticed is not None and noticed - killed < 2.0,
          f"noticed={noticed and noticed - killed}")
    broker.start()
    back = w.wait_stderr("connected", timeout=20, after=killed)
    check("reconnects", back is not None)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and len(w.events()) < 6:
        broker.publish('{"orderId":"AFTER","status":"SUBMITTED","updatedAt":"2024-03-19T21:00:00.000Z","event":"CREATED"}')
        time.sleep(0.3)
    check("re-subscribed: events after the restart arrive", any(e.get("orderId") == "AFTER" for e in w.events()))
    w.proc.wait(timeout=10)
    check("exits 0 after --count", w.proc.returncode == 0, f"rc={w.proc.returncode}")
finally:
    broker.kill()

# WebSocket, to Mosquitto's own websocket listener (briefly, loopback).
wsb = Broker(websocket=True)
try:
    w = Watch(f"ws://127.0.0.1:{wsb.port}/", 1, ("--topic", "cat-feeder/#"))
    check("ws:// connects", w.wait_stderr("connected") is not None, "\n".join(l for _, l in w.stderr))
    time.sleep(0.3)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not w.stdout:
        wsb.publish('{"food_capacity": 80, "device_location": "kitchen"}', topic="cat-feeder/states")
        time.sleep(0.3)
    ev = w.events()
    check("feeder state printed as JSON", len(ev) == 1 and ev[0]["topic"] == "cat-feeder/states"
          and ev[0]["payload"]["food_capacity"] == 80, repr(ev))
    w.proc.wait(timeout=10)
finally:
    wsb.kill()

# Bad options: exit 2 with a message.
p = subprocess.run([cli, "watch"], capture_output=True, text=True, timeout=10)
check("no connection option: exit 2", p.returncode == 2 and "--broker" in p.stderr, p.stderr)

print(f"1..{len(results)}")
for i, (name, ok, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} {name}")
    if not ok:
        for line in str(detail).splitlines()[:20]:
            print(f"# {line}")
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
