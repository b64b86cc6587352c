#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_welcome.py: the welcome page's other two ways in. "Connect to an MQTT Broker" opens the
form on a broker profile: the URL is checked as it is typed and Test connection reaches the
sim's Mosquitto; Cancel saves nothing and the welcome page stays. "Try the Demo" starts the
demo backend like --demo and orders arrive."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402
from fbsetup import (SHOTS, connected, fill, orders_shown, press, private_home, row,  # noqa: E402
                     screenshot, showing, start_sim, test_result)

fbui.reexec_in_dbus()


def main():
    tap = fbui.Tap(4)
    home, app_env = private_home()
    sim = start_sim()

    app = fbui.App([], env=app_env).start()
    with fbui.diagnosed(app, tap, screenshot=os.path.join(SHOTS or tempfile.gettempdir(), 'welcome-failure.png')):
        app.find(name='Welcome to Feedboard', role='panel', pred=showing, timeout=15)
        press(app, 'Connect to an MQTT Broker')
        row(app, 'Broker URL')
        fill(app, 'Broker URL', 'http://127.0.0.1:1')
        app.find(role='label', pred=lambda n: n.name.startswith('The URL must start with mqtt://')
                 and showing(n), timeout=10)
        tap.ok('the broker URL is checked as it is typed')

        fill(app, 'Broker URL', sim['MQTT_URL'])
        press(app, 'Test Connection')
        # The first answer is the one: no second try (the spinner once starved the CONNACK).
        result = test_result(app)
        assert result.startswith('Connected to'), result
        tap.diag('screenshot: ' + screenshot(app, 'broker.png'))
        tap.ok('Test connection reaches the broker: ' + test_result(app))

        press(app, 'Cancel')
        app.find(name='No saved connection yet.', role='label', pred=showing, timeout=10)
        tap.ok('Cancel saves nothing')

        app.keys(9)   # Escape closes the preferences window
        app.find(name='Welcome to Feedboard', role='panel', pred=showing, timeout=10)
        press(app, 'Try the Demo')
        fbui.wait_until(lambda: connected(app), 60, 'the indicator to read Connected')
        fbui.wait_until(lambda: orders_shown(app), 30, 'an order row')
        assert not app.find_all(name='Welcome to Feedboard', role='panel', pred=showing)
        tap.ok('"Try the Demo" starts the demo backend and orders arrive')
    return 0


if __name__ == '__main__':
    sys.exit(main())
