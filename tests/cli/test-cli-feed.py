#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-feed.py: `feedboard-cli feed` against feedboard-sim: EventBridge and MQTT feeds are
# accepted with their receipt (EventId / PUBACK), archived once and seen by the simulated feeder,
# whose level drops; failures exit non-zero with a reason and never leak the secret key;
# `watch --topic cat-feeder/#` prints feeder states as JSON lines. Prints TAP.
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from fbtest import Sim, Tap, Watch  # noqa: E402

cli = sys.argv[1]
tap = Tap()


def feed(sim, *args, **env):
    return subprocess.run([cli, 'feed'] + list(args), env=sim.env(**env), capture_output=True,
                          text=True, timeout=30)


def archived(path):
    try:
        with open(path) as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def kitchen_levels(lines):
    """The kitchen feeder's food levels in watch's lines, in order."""
    states = [json.loads(line) for line in lines if '"cat-feeder/states"' in line]
    return [s.get('foodCapacity') for s in states if s.get('feederId') == 'kitchen']


def main():
    archive = f'/tmp/fb-cli-feed-{os.getpid()}.jsonl'
    with Sim('--feeders=1', f'--archive={archive}') as sim:
        secret = sim.vars['AWS_SECRET_ACCESS_KEY']
        watch = Watch(cli, '--broker', sim.vars['MQTT_URL'], '--topic', 'cat-feeder/#', env=sim.env())
        try:
            tap.check('a watch on the feeder topics subscribes', watch.subscribed(), watch.stderr.text())
            # The level before any feed, to measure the drop against.
            watch.stdout.wait_for(lambda lines: kitchen_levels(line for _, line in lines), 30)
            ok = feed(sim, 'left')
            tap.check('feed left via EventBridge exits 0', ok.returncode == 0, ok.stderr)
            tap.check('it prints the EventId',
                      re.match(r'accepted: left bowl \(SINGLE\) via EventBridge, EventId [0-9a-f-]{36}$', ok.stdout.strip()),
                      ok.stdout)
            events = archived(archive)
            tap.check('the stand-in archived exactly one event: that EventId, a SINGLE click',
                      len(events) == 1 and json.loads(events[0]['detail']).get('click-type') == 'SINGLE'
                      and ok.stdout.strip().endswith(events[0]['id']), events)

            mqtt = feed(sim, 'both', '--via', 'mqtt', '--broker', sim.vars['MQTT_URL'])
            tap.check('feed both via MQTT exits 0 with PUBACK',
                      mqtt.returncode == 0 and mqtt.stdout.strip() == 'accepted: both bowl (LONG) via MQTT, PUBACK',
                      (mqtt.stdout, mqtt.stderr))

            failures = {
                'a wrong secret key': (feed(sim, 'right', AWS_SECRET_ACCESS_KEY='wrong-secret'), 'signature'),
                'an unknown bus (FailedEntryCount 1)': (feed(sim, 'right', '--event-bus', 'nope'), 'Event bus does not exist'),
                'an unreachable endpoint': (feed(sim, 'right', AWS_ENDPOINT_URL_EVENTBRIDGE='http://127.0.0.1:1'),
                                            'Nothing was sent'),
                'a broker that is not there': (feed(sim, 'right', '--via', 'mqtt', '--broker', 'mqtt://127.0.0.1:1',
                                                    '--deadline', '2'), 'Nothing was sent'),
            }
            for what, (result, words) in failures.items():
                tap.check(f'{what}: exit 1 and the reason in words',
                          result.returncode == 1 and words in result.stderr, (result.returncode, result.stderr))
                tap.check(f'{what}: the secret key is not printed',
                          secret not in result.stdout + result.stderr and 'wrong-secret' not in result.stderr)

            usage = feed(sim, 'sideways')
            tap.check('an unknown bowl is a usage error (exit 2)', usage.returncode == 2 and 'left, right or both' in usage.stderr,
                      usage.stderr)
            bad_via = feed(sim, 'left', '--via', 'pigeon')
            tap.check('an unknown route is a usage error (exit 2)', bad_via.returncode == 2, bad_via.stderr)

            # Every failure above was answered (or never sent) before its command exited.
            tap.check('no failure reached the archive', len(archived(archive)) == 1, archived(archive))
            # The feeder's answer to the second feed: its level 15 below where it started.
            watch.stdout.wait_for(lambda lines: (lambda v: v and v[0] - v[-1] >= 15)(kitchen_levels(
                line for _, line in lines)), 30)
        finally:
            watch.stop()
        out = watch.stdout.text()

        levels = kitchen_levels(out.splitlines())
        tap.check('watch prints feeder states as JSON lines with feederId and foodCapacity', levels, out[-2000:])
        # One SINGLE (5) and one LONG (2 × 5) feed: the level ends 15 below where it started.
        tap.check('the simulated feeder fed: its level dropped by 15', levels and levels[0] - levels[-1] == 15, levels)
        actions = [json.loads(line)['payload'].get('event') for line in out.splitlines() if '"cat-feeder/action"' in line]
        tap.check('exactly two feeds reached cat-feeder/action (SINGLE, LONG)', sorted(actions) == ['LONG', 'SINGLE'], actions)
    if os.path.exists(archive):
        os.remove(archive)
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
