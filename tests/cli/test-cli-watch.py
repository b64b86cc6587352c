#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-watch.py: `feedboard-cli watch` against a real Mosquitto on a free loopback port:
# the exact payloads of PROTOCOLS.md §3 and tolerant variants come out as JSON lines with the
# right "stale" flags, bad messages are reported on stderr and skipped, and after the broker is
# SIGKILLed and restarted the watch notices, reconnects, re-subscribes and goes on. Prints TAP.
import os
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbtest import Tap, Watch, wait_until  # noqa: E402

cli = sys.argv[1]
tap = Tap()
check = tap.check

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
        # Another process may take the port between free_port () and mosquitto's bind: a
        # mosquitto that exits at start is started again.
        for _ in range(20):
            self.proc = subprocess.Popen(["mosquitto", "-c", self.conf], stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
            try:
                wait_until(lambda: self.proc.poll() is not None or self.accepts(), 10,
                           f"mosquitto on port {self.port}", interval=0.02)
            except TimeoutError:
                self.proc.kill()
                self.proc.wait()
                continue
            if self.proc.poll() is None:
                return
        raise RuntimeError("mosquitto did not start")

    def accepts(self):
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
            return True
        except OSError:
            return False

    def kill(self):
        self.proc.kill()
        self.proc.wait()

    def publish(self, payload, topic="orders/events"):
        subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", str(self.tcp_port), "-t", topic, "-s"],
                       input=payload if isinstance(payload, bytes) else payload.encode(), check=True,
                       timeout=10)


def start_watch(url, count, extra=()):
    return Watch(cli, "--broker", url, "--count", str(count), "--timeout", "60", *extra)


def any_line(_line):
    return True


EXACT = '{"orderId":"2dh3kOyQLCo9s2mG8yMu5KcZSM5","status":"IN_KITCHEN","updatedAt":"2024-03-19T20:03:28.366Z","event":"UPDATED"}'
broker = Broker()
try:
    w = start_watch(f"mqtt://127.0.0.1:{broker.port}", 6)
    check("connects", w.stderr.wait("connected", 15) is not None, w.stderr.text())
    # The subscription follows the CONNACK: what is published before the SUBACK is not for us.
    check("says when it is subscribed", w.subscribed(15), w.stderr.text())
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
    check("prints the decodable events", w.stdout.wait(any_line, 15, count=5) is not None, repr(w.stdout))
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
    is_reason = lambda line: line.startswith("feedboard-cli watch: orders/events:")  # noqa: E731
    w.stderr.wait(is_reason, 5, count=4)
    reasons = [line for line in w.stderr() if is_reason(line)]
    check("one reason per bad message", len(reasons) == 4, "\n".join(reasons))

    # The drop: SIGKILL the broker; the watch must say so within a second or two.
    killed = time.monotonic()
    broker.kill()
    noticed = w.stderr.wait("reconnecting", 5, after=killed)
    check("drop noticed within 2 s", noticed is not None and noticed - killed < 2.0,
          f"noticed={noticed and noticed - killed}")
    broker.start()
    back = w.stderr.wait("connected", 20, after=killed)
    check("reconnects", back is not None)
    check("subscribes again", w.subscribed(20, after=killed), w.stderr.text())
    broker.publish('{"orderId":"AFTER","status":"SUBMITTED","updatedAt":"2024-03-19T21:00:00.000Z","event":"CREATED"}')
    w.stdout.wait(any_line, 15, count=6)
    check("re-subscribed: events after the restart arrive", any(e.get("orderId") == "AFTER" for e in w.events()))
    w.proc.wait(timeout=10)
    check("exits 0 after --count", w.proc.returncode == 0, f"rc={w.proc.returncode}")
finally:
    broker.kill()

# WebSocket, to Mosquitto's own websocket listener (briefly, loopback).
wsb = Broker(websocket=True)
try:
    w = start_watch(f"ws://127.0.0.1:{wsb.port}/", 1, ("--topic", "cat-feeder/#"))
    check("ws:// connects and subscribes", w.subscribed(15), w.stderr.text())
    wsb.publish('{"food_capacity": 80, "device_location": "kitchen"}', topic="cat-feeder/states")
    w.stdout.wait(any_line, 15)
    ev = w.events()
    check("feeder state printed as JSON", len(ev) == 1 and ev[0]["topic"] == "cat-feeder/states"
          and ev[0]["payload"]["food_capacity"] == 80, repr(ev))
    w.proc.wait(timeout=10)
finally:
    wsb.kill()

# Bad options: exit 2 with a message.
p = subprocess.run([cli, "watch"], capture_output=True, text=True, timeout=10)
check("no connection option: exit 2", p.returncode == 2 and "--broker" in p.stderr, p.stderr)

sys.exit(tap.finish())
