#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-inbound.py: hostile messages (issue 15) to `feedboard-cli watch --topic '#' --ledger`
# on a real Mosquitto, then `ledger export` and `ledger state` on what it recorded. JSON nested
# 100 000 deep on orders/events, cat-feeder/states and a foreign topic, a NUL in an order id, an
# updatedAt in the year 9999, 1e999, 1e17, empty payloads, a markup topic and a flood of bad
# messages: watch lives on, refuses in words (a burst, then counted), every line it prints and
# every exported line is strict JSON, and the state is not hijacked or pinned. Prints TAP.
import os
import signal
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbtest import Mosquitto, Tap, loads_strictly  # noqa: E402

cli = sys.argv[1]
tap = Tap()
DEEP = '[' * 100000 + ']' * 100000
DEEP_SMALL = '[' * 2000 + ']' * 2000   # within every route's size: only the depth check refuses it


def order(order_id, status, updated):
    return f'{{"orderId":"{order_id}","status":"{status}","updatedAt":"{updated}","event":"UPDATED"}}'


class Watch:
    """watch's stdout and stderr as lists of lines (bytes: what it prints must be strict UTF-8
    JSON, checked as it is), read by threads of their own; wait () sleeps until one comes."""

    def __init__(self, args):
        self.proc = subprocess.Popen([cli, 'watch', *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.out, self.err = [], []
        self.cond = threading.Condition()
        for stream, into in ((self.proc.stdout, self.out), (self.proc.stderr, self.err)):
            threading.Thread(target=self._read, args=(stream, into), daemon=True).start()

    def _read(self, stream, into):
        for line in stream:
            with self.cond:
                into.append(line.rstrip(b'\n'))
                self.cond.notify_all()

    def wait(self, predicate, timeout=20):
        with self.cond:
            return self.cond.wait_for(lambda: predicate(list(self.out), [e.decode('utf-8', 'replace')
                                                                         for e in self.err]), timeout)


def parse_all(lines, what):
    bad, parsed = [], []
    for raw in lines:
        try:
            value = loads_strictly(raw.decode('utf-8'))
            if not isinstance(value, dict):
                raise ValueError('not an object')
            parsed.append(value)
        except (UnicodeDecodeError, ValueError) as e:
            bad.append(f'{e}: {raw[:120]!r}')
    tap.check(f'{what}: every line is strict JSON ({len(lines)} lines)', not bad and lines, bad[:5])
    return parsed


def main():
    ledger = tempfile.mkdtemp(prefix='fb-cli-inbound-')
    with Mosquitto() as broker:
        watch = Watch(['--broker', broker.url, '--topic', '#', '--ledger', ledger, '--timeout', '90'])
        tap.check('watch connects', watch.wait(lambda o, e: any('connected' in l for l in e)))
        # From then on nothing published is missed.
        tap.check('watch subscribes', watch.wait(lambda o, e: any(l.endswith(': subscribed') for l in e)))

        broker.publish(order('A', 'SUBMITTED', '2024-03-19T20:00:00.000Z'))
        broker.publish(order('A\\u0000B', 'HIJACKED', '2024-03-19T20:30:00.000Z'))
        broker.publish(order('B', 'PINNED', '9999-12-31T23:59:59.999Z'))
        broker.publish(order('B', 'IN_KITCHEN', '2024-03-19T20:10:00.000Z'))
        broker.publish('{"food_capacity": 1e999}', topic='cat-feeder/states')
        broker.publish('{"n": 1e999}', topic='weather/today')
        broker.publish('{"n": 1e17, "m": [1.5e300]}', topic='weather/today')
        broker.publish(None)
        broker.publish(None, topic='cat-feeder/states')
        broker.publish('{bad', topic="cat-feeder/states/<span size='60000'>x</span>")
        # Last: on main the first of these ended watch (SIGSEGV).
        for topic in ('orders/events', 'cat-feeder/states', 'weather/today'):
            broker.publish(DEEP, topic=topic)
            broker.publish(DEEP_SMALL, topic=topic)
        broker.publish(order('LAST', 'SUBMITTED', '2024-03-19T20:20:00.000Z'))
        tap.check('watch lives on after the hostile messages',
                  watch.wait(lambda o, e: any(b'"LAST"' in l for l in o)) and watch.proc.poll() is None,
                  [l[:200] for l in watch.err])

        # A flood: 40 bad messages at once get a burst of lines, then a count.
        subprocess.run(['mosquitto_pub', '-h', '127.0.0.1', '-p', str(broker.port), '-t', 'orders/events',
                        '-q', '1', '-l'], input='{flood\n' * 40, text=True, check=True, timeout=20)
        broker.publish(order('LAST2', 'SUBMITTED', '2024-03-19T20:21:00.000Z'))
        watch.wait(lambda o, e: any(b'"LAST2"' in l for l in o))
        watch.proc.send_signal(signal.SIGINT)
        watch.proc.wait(timeout=30)
        tap.check('watch exits 0 on Ctrl+C', watch.proc.returncode == 0, watch.proc.returncode)

    events = parse_all(watch.out, 'watch')
    err = [l.decode('utf-8') for l in watch.err]
    orders = [e for e in events if 'orderId' in e]
    tap.check('the NUL id did not become order A', not any(e['status'] == 'HIJACKED' for e in orders),
              orders)
    tap.check('the year-9999 event was not printed; the real update is fresh',
              [(e['status'], e['stale']) for e in orders if e['orderId'] == 'B'] == [('IN_KITCHEN', False)], orders)
    weather = [e for e in events if e.get('topic') == 'weather/today']
    tap.check('deep JSON on a foreign topic printed as text',
              any((e.get('payloadText') or '').startswith('[[[[') for e in weather), [str(e)[:100] for e in weather])
    tap.check('1e999 on a foreign topic printed as text, 1e17 as sent',
              any(e.get('payloadText') == '{"n": 1e999}' for e in weather)
              and any(b'"payload":{"n":1e17,"m":[1.5e300]}' in l for l in watch.out), [str(e)[:100] for e in weather])
    states = [e for e in events if e.get('topic', '').startswith('cat-feeder/states')]
    tap.check('refused feeder messages still shown as they came, the markup topic as text',
              any((e.get('payloadText') or '').startswith('[[[[') for e in states)
              and any(e['topic'] == "cat-feeder/states/<span size='60000'>x</span>" for e in states), states[:3])

    def said(*words):
        return any(all(w in l for w in words) for l in err)
    tap.check('refused in words: size and nesting, per route',
              said('orders/events: ', 'bytes; order events are at most') and said('orders/events: ', 'deeper than')
              and said('cat-feeder/states: ', 'bytes; feeder states are at most')
              and said('cat-feeder/states: ', 'deeper than'), err[:20])
    tap.check('refused in words: NUL, year 9999, 1e999, empty',
              said('NUL character') and said('24 hours ahead') and said('out of range', '1e999')
              and said('orders/events: ', 'empty') and said('cat-feeder/states: ', 'empty'), err[:20])
    tap.check('no GLib warning or critical', not any('CRITICAL' in l or 'WARNING' in l for l in err), err)
    flood = [l for l in err if 'at byte 1' in l and 'orders/events' in l]
    tap.check('a flood of 40 refusals: a burst of lines, the rest counted',
              len(flood) <= 12 and (said('more refused since the last one shown') or said('more messages refused')),
              flood)

    export = subprocess.run([cli, 'ledger', 'export', '--ledger', ledger], capture_output=True, timeout=60)
    tap.check('ledger export survives the recorded messages', export.returncode == 0,
              (export.returncode, export.stderr[-500:]))
    exported = parse_all(export.stdout.splitlines(), 'ledger export')
    deep = [e for e in exported if e.get('raw') in (DEEP, DEEP_SMALL)]
    tap.check('the deep payloads exported as strings, with the reason',
              sorted(e['topic'] for e in deep) == sorted(['cat-feeder/states', 'orders/events', 'weather/today'] * 2)
              and all('deeper than' in e['payloadRefused'] for e in deep), [str(e)[:200] for e in deep])
    tap.check('1e17 exported as sent', b'"payload":{"n":1e17,"m":[1.5e300]}' in export.stdout)

    state = subprocess.run([cli, 'ledger', 'state', '--ledger', ledger], capture_output=True, timeout=60)
    tap.check('ledger state survives the recorded messages', state.returncode == 0,
              (state.returncode, state.stderr[-500:]))
    if state.returncode == 0:
        folded = {o['orderId']: o['status'] for o in loads_strictly(state.stdout.decode())['orders']}
        tap.check('the state: A not hijacked, B not pinned',
                  folded.get('A') == 'SUBMITTED' and folded.get('B') == 'IN_KITCHEN', folded)
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
