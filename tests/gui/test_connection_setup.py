#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_connection_setup.py: first run shows the welcome page; through the accessibility tree a
person creates an AWS IoT connection to feedboard-sim's SigV4 gateway with access keys, tests it
(a wrong secret first: the words say why), saves it and sees orders arrive; the secret went to a
real gnome-keyring-daemon and nowhere else; the next start reconnects without asking; editing it
tests with the keyring's secret; deleting the connection from the main menu's Preferences deletes
its secret."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402
from fbsetup import (click_at, connected, files_containing, fill, orders_shown, press,  # noqa: E402
                     private_home, row, screenshot, showing, start_sim, test_result)

fbui.reexec_in_dbus()

def main():
    tap = fbui.Tap(10)
    home, app_env = private_home()   # settings in a keyfile: the next start sees the profile
    sim = start_sim()

    app = fbui.App([], env=app_env).start()
    try:
        app.find(name='Welcome to Feedboard', role='panel', pred=showing, timeout=15)
        app.find(name='Try the Demo', role='push button', pred=showing)
        app.find(name='Connect to an MQTT Broker', role='push button', pred=showing)
        tap.diag('screenshot: ' + screenshot(app, 'welcome.png'))
        tap.ok('first run shows the welcome page')

        press(app, 'Connect to AWS IoT')
        row(app, 'Endpoint')
        fill(app, 'Endpoint', 'not an endpoint')
        fbui.wait_until(lambda: app.find_all(
            role='label',
            pred=lambda n: n.name.startswith('An AWS IoT endpoint looks like') and showing(n)), 10,
            'the words about the endpoint')
        tap.diag('screenshot: ' + screenshot(app, 'invalid.png'))
        fill(app, 'Endpoint', sim['IOT_ENDPOINT'])
        fill(app, 'Region', sim['AWS_REGION'])
        # GTK 4.8 gives check buttons no Action interface: click it. GTK 4.18 calls a check button
        # of a group a radio button.
        click_at(app, app.find(pred=lambda n: n.getRoleName() in ('check box', 'radio button')
                               and n.name.startswith('Access keys') and showing(n)))
        fill(app, 'Access key id', sim['AWS_ACCESS_KEY_ID'])
        fill(app, 'Secret access key', 'wrong' + sim['AWS_SECRET_ACCESS_KEY'][5:])
        tap.ok('the form checks the endpoint as it is typed and takes the sim\'s identity')

        press(app, 'Test Connection')
        result = test_result(app)
        tap.diag(result)
        tap.diag('screenshot: ' + screenshot(app, 'refused.png'))
        assert result.startswith('Could not connect'), result
        assert 'secret access key does not match' in result, result
        tap.ok('Test connection with a wrong secret says the secret does not match the key')

        fill(app, 'Secret access key', sim['AWS_SECRET_ACCESS_KEY'])
        fill(app, 'Region', 'eu-west-1')
        press(app, 'Test Connection')
        fbui.wait_until(lambda: 'region than eu-west-1' in test_result(app), 30, 'the words about the region')
        tap.diag(test_result(app))
        fill(app, 'Region', sim['AWS_REGION'])
        press(app, 'Test Connection')
        fbui.wait_until(lambda: test_result(app).startswith('Connected to'), 30, 'a successful test')
        tap.diag('screenshot: ' + screenshot(app, 'dialog.png'))
        tap.ok('Test connection with the wrong region names the region; with the right one it connects: '
               + test_result(app))

        press(app, 'Save')
        # Back on the list of saved connections: the new one, in use.
        app.find(name='In use', role='image', pred=showing, timeout=10)
        app.find(name='Edit AWS IoT', role='push button', pred=showing)
        tap.diag('screenshot: ' + screenshot(app, 'preferences.png'))
        fbui.wait_until(lambda: connected(app), 30, 'the indicator to read Connected')
        fbui.wait_until(lambda: orders_shown(app), 30, 'an order row')
        tap.ok('after saving, the app connects and orders arrive')
    except Exception:
        tap.diag(app.output()[-3000:])
        tap.diag(app.dump()[-6000:])
        tap.diag('screenshot: ' + screenshot(app, 'failure.png'))
        raise
    finally:
        app.proc.terminate()
        app.proc.wait(timeout=15)

    secret = sim['AWS_SECRET_ACCESS_KEY']
    assert secret not in app.output(), 'the secret is in the app\'s output'
    stored = subprocess.run(['secret-tool', 'search', 'kind', 'aws-secret-access-key'],
                            capture_output=True, text=True, timeout=30)
    assert secret in stored.stdout, 'the secret is not in the keyring'
    hits = files_containing(home, secret, skip=os.path.join(home, 'data', 'keyrings'))
    assert not hits, f'the secret was written to {hits}'
    assert files_containing(home, sim['AWS_ACCESS_KEY_ID'], skip=None), 'no settings file found'
    tap.ok('the secret is in the keyring and in no file under the app\'s home (settings included)')

    app2 = fbui.App([], env=app_env).start()
    with fbui.diagnosed(app2, tap):
        fbui.wait_until(lambda: connected(app2), 30, 'the indicator to read Connected')
        assert not app2.find_all(name='Welcome to Feedboard', role='panel', pred=showing)
        fbui.wait_until(lambda: orders_shown(app2), 30, 'an order row')
        tap.ok('the next start reconnects the saved connection')

        # The connection popover names the saved connection, and its Edit Connection opens the
        # form (the main menu's Preferences item is tested in test_history_prefs.py). Editing it:
        # the secret row stays empty (kept in the keyring) and the test uses the keyring's secret.
        fbui.open_menu_button(app2, 'Connection status')
        app2.find(name='AWS IoT', role='label', pred=showing, timeout=10)
        press(app2, 'Edit Connection')
        row(app2, 'Secret access key (empty: keep the saved one)')
        tap.ok('the connection popover names the saved connection; Edit Connection opens its form')
        press(app2, 'Test Connection')
        fbui.wait_until(lambda: test_result(app2).startswith('Connected to'), 30,
                        'a successful test with the keyring\'s secret')
        tap.ok('editing the saved connection tests it with the secret from the keyring')
        press(app2, 'Cancel')

        press(app2, 'Delete AWS IoT')
        app2.find(name='No saved connection yet.', role='label', pred=showing, timeout=10)
        fbui.wait_until(lambda: secret not in subprocess.run(
            ['secret-tool', 'search', 'kind', 'aws-secret-access-key'], capture_output=True,
            text=True, timeout=30).stdout, 10, 'the secret to leave the keyring')
        tap.ok('deleting the connection in Preferences deletes its secret from the keyring')
    return 0


if __name__ == '__main__':
    sys.exit(main())
