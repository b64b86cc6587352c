#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_polling_ui.py: the list of orders at connect, from the polling API. feedboard-sim makes a
chain of six orders (feedboard-cli start-simulation) and finishes them before the app starts, so
no event about them will ever arrive live; the app, started with --endpoint and --polling-endpoint,
shows all six anyway, with their final status. Without --shared-endpoint there is no Start
Simulation button."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402
from fbtest import Sim, Watch  # noqa: E402  (tests/, put on the path by fbui)

fbui.reexec_in_dbus()

FINAL_WORDS = {'Completed', 'Cancelled'}


def indicator_text(app):
    return app.find(name='Connection status', role='panel', timeout=5).description


def row_texts(app, order_id):
    node = app.find(name=order_id, role='label', timeout=1)
    while node is not None and node.getRoleName() != 'table row':
        node = node.parent
    return {n.name for n in app.find_all(role='label', node=node)} if node is not None else set()


def aws_env(sim):
    """Only the sim's identity: the app's own environment (display, buses, home) stays fbui's."""
    env = sim.env()
    return {key: env[key] for key in ('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION',
                                      'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE')}


def main():
    tap = fbui.Tap(4)
    cli = os.environ.get('FEEDBOARD_CLI') or os.path.join(
        os.path.dirname(os.environ['FEEDBOARD']), '..', 'cli', 'feedboard-cli')
    with Sim('--feeders=0') as sim:
        # A live watch on the sim's broker sees the chain's events: the app starts after the last.
        with Watch(cli, '--broker', sim.vars['MQTT_URL'], env=sim.env()) as live:
            assert live.subscribed(), live.stderr.text()
            started = subprocess.run([cli, 'start-simulation', '--shared-endpoint', sim.vars['SHARED_ENDPOINT']],
                                     env=sim.env(), capture_output=True, text=True, timeout=30)
            match = re.fullmatch(r'started order ([0-9A-Za-z]{27})', started.stdout.strip())
            assert match, (started.stdout, started.stderr)
            order_id = match.group(1)
            finished = live.finished_orders(6, timeout=60)
        tap.check(f'the sim made six orders and finished them before the app started ({order_id} first)',
                  finished and len(finished) == 6 and order_id in finished, live.stdout.text())

        app = fbui.App(['--endpoint', sim.vars['IOT_ENDPOINT'], '--region', sim.vars['AWS_REGION'],
                        '--polling-endpoint', sim.vars['POLLING_ENDPOINT']], env=aws_env(sim)).start()
        shots = os.environ.get('FBUI_SCREENSHOT_DIR')
        with fbui.diagnosed(app, tap):
            fbui.wait_until(lambda: indicator_text(app) == 'Connected', 30, 'the indicator to read Connected')
            tap.ok('the app connects through the sim\'s SigV4 gateway')

            fbui.wait_until(lambda: app.find_all(role='label', name='6 orders'), 20, 'the count "6 orders"')
            texts = fbui.wait_until(lambda: FINAL_WORDS & row_texts(app, order_id) and row_texts(app, order_id),
                                    10, f'{order_id} with its final status')
            tap.ok(f'the six orders are listed, {order_id} with its final status ({sorted(FINAL_WORDS & texts)[0]})')
            if shots:
                app.screenshot(os.path.join(shots, 'polled-orders.png'))

            assert not app.find_all(name='Start Simulation', role='push button'), 'Start Simulation without a shared endpoint'
            tap.ok('no Start Simulation button without a shared endpoint')
    return 0


if __name__ == '__main__':
    sys.exit(main())
