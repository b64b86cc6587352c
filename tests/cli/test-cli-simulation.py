#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-simulation.py: `feedboard-cli start-simulation` and `watch --polling-endpoint` against
# feedboard-sim: a start prints the first order's id, a second one while the chain runs exits 1
# with the backend's 502 in words, failures say why and never print the secret; once the chain
# is done (no more live events), watch prints the orders the polling API lists. Prints TAP.
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbtest import Sim, Tap, Watch  # noqa: E402

cli = sys.argv[1]
tap = Tap()


def run(sim, *args, **env):
    return subprocess.run([cli] + list(args), env=sim.env(**env), capture_output=True, text=True, timeout=30)


def main():
    with Sim('--feeders=0') as sim, Watch(cli, '--broker', sim.vars['MQTT_URL'], env=sim.env()) as live:
        shared = sim.vars['SHARED_ENDPOINT']
        secret = sim.vars['AWS_SECRET_ACCESS_KEY']
        # The chain's events, seen live: the list below must come after its last one.
        tap.check('a live watch on the sim\'s broker is subscribed', live.subscribed(), live.stderr.text())

        first = run(sim, 'start-simulation', '--shared-endpoint', shared)
        match = re.fullmatch(r'started order ([0-9A-Za-z]{27})', first.stdout.strip())
        tap.check('start-simulation exits 0 and prints the first order\'s id', first.returncode == 0 and match,
                  (first.returncode, first.stdout, first.stderr))
        order_id = match.group(1) if match else None

        busy = run(sim, 'start-simulation', '--shared-endpoint', shared + '/')
        tap.check('a second start while the chain runs: exit 1, the 502 in words',
                  busy.returncode == 1
                  and busy.stderr.strip() == 'failed: A simulation is already running; try again when its orders are done',
                  (busy.returncode, busy.stderr))

        failures = {
            'a wrong secret key': (run(sim, 'start-simulation', '--shared-endpoint', shared,
                                       AWS_SECRET_ACCESS_KEY='wrong-secret'), 'signature'),
            'an unreachable endpoint': (run(sim, 'start-simulation', '--shared-endpoint', 'http://127.0.0.1:1/Prod'),
                                        'Could not reach http://127.0.0.1:1/Prod/order'),
        }
        for what, (result, words) in failures.items():
            tap.check(f'{what}: exit 1 and the reason in words', result.returncode == 1 and words in result.stderr,
                      (result.returncode, result.stderr))
            tap.check(f'{what}: the secret key is not printed',
                      secret not in result.stdout + result.stderr and 'wrong-secret' not in result.stderr)

        usage = run(sim, 'start-simulation', '--shared-endpoint', 'http://example.com/Prod')
        tap.check('plain http to another computer is a usage error (exit 2)',
                  usage.returncode == 2 and 'unencrypted' in usage.stderr, usage.stderr)
        missing = run(sim, 'start-simulation')
        tap.check('no --shared-endpoint is a usage error (exit 2)', missing.returncode == 2, missing.stderr)

        # Once the six orders are done nothing more is published, so whatever the next watch
        # prints comes from the polling API.
        finished = live.finished_orders(6, timeout=60)
        tap.check('the chain made six orders and finished them', finished and len(finished) == 6
                  and order_id in finished, live.stdout.text())
        watch = subprocess.run([cli, 'watch', '--endpoint', sim.vars['IOT_ENDPOINT'],
                                '--polling-endpoint', sim.vars['POLLING_ENDPOINT'], '--count', '6', '--timeout', '20'],
                               env=sim.env(), capture_output=True, text=True, timeout=40)
        rows = [json.loads(line) for line in watch.stdout.splitlines() if line.strip()]
        tap.check('watch --polling-endpoint prints the six orders the sim made, as POLLED rows',
                  watch.returncode == 0 and len(rows) == 6 and all(r['event'] == 'POLLED' for r in rows)
                  and len({r['orderId'] for r in rows}) == 6 and order_id in {r['orderId'] for r in rows},
                  (watch.returncode, watch.stdout, watch.stderr))
        tap.check('they are finished orders, none stale',
                  all(r['status'] in ('COMPLETED', 'CANCELLED') and not r['stale'] for r in rows), rows)
        tap.check('watch says where the list came from', '6 orders from ' + sim.vars['POLLING_ENDPOINT'] + '/orders'
                  in watch.stderr, watch.stderr)

        wrong = subprocess.run([cli, 'watch', '--endpoint', sim.vars['IOT_ENDPOINT'],
                                '--polling-endpoint', sim.vars['POLLING_ENDPOINT'] + '/nope', '--timeout', '3'],
                               env=sim.env(), capture_output=True, text=True, timeout=30)
        tap.check('a polling endpoint that answers 404: watch says so and goes on',
                  wrong.returncode == 0 and 'could not load the list of orders' in wrong.stderr
                  and 'HTTP 404' in wrong.stderr, (wrong.returncode, wrong.stderr))
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
