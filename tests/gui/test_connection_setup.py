#!/usr/bin/python3
"""test_connection_setup.py: first run shows the welcome page; through the accessibility tree a
person creates an AWS IoT connection to feedboard-sim's SigV4 gateway with access keys, tests it
(a wrong secret first: the words say why), saves it and sees orders arrive; the secret went to a
real gnome-keyring-daemon and nowhere else; the next start reconnects without asking; deleting
the connection from the main menu's Preferences deletes its secret."""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402

fbui.reexec_in_dbus()

STATUS_WORDS = {'Submitted', 'Accepted by store', 'In kitchen', 'Ready for pickup',
                'Picked up by driver', 'Out for delivery', 'Delivered', 'Cancelled', 'Completed'}
KEY_CONTROL, KEY_A = 37, 38
SHOTS = os.environ.get('FBUI_SCREENSHOTS')   # a directory to keep the screenshots in


def private_home():
    """Keyrings, settings (keyfile backend) and the app's files in a temporary home."""
    home = tempfile.mkdtemp(prefix='fbui-home-')
    dirs = {'HOME': home, 'XDG_CONFIG_HOME': f'{home}/config', 'XDG_DATA_HOME': f'{home}/data',
            'XDG_STATE_HOME': f'{home}/state', 'XDG_CACHE_HOME': f'{home}/cache'}
    for d in dirs.values():
        os.makedirs(d, exist_ok=True)
    os.environ.update(dirs)
    # An empty line is the empty password; the daemon lives on this test's private bus.
    subprocess.run(['gnome-keyring-daemon', '--unlock', '--components=secrets'], input='\n',
                   text=True, stdout=subprocess.DEVNULL, check=True, timeout=30)
    return home


def start_sim():
    sim_exe = os.environ['FEEDBOARD_SIM']
    proc = fbui.spawn([sim_exe, '--speed', '10', '--parent-pid', str(os.getpid())],
                      stdout=subprocess.PIPE, text=True)
    values = {}
    deadline = time.monotonic() + 30
    for line in proc.stdout:
        line = line.strip()
        if line == 'READY':
            return values
        key, _, value = line.partition('=')
        values[key] = value
        if time.monotonic() > deadline:
            break
    raise RuntimeError('feedboard-sim did not get ready')


def showing(node):
    """GTK 4.8 reports VISIBLE (the widget's own flag) but never SHOWING."""
    import pyatspi
    try:
        return node.getState().contains(pyatspi.STATE_VISIBLE)
    except Exception:
        return False


def click_at(app, node):
    """A real mouse click in the middle of node (GTK 4.8 has no EditableText, no GrabFocus)."""
    pyatspi = app.pyatspi
    x, y, w, h = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(x + w // 2, y + h // 2, pyatspi.MOUSE_B1C)
    time.sleep(0.3)


def row(app, title):
    """The entry row whose name starts with its title (GTK 4.8 appends the row's labels)."""
    return app.find(role='text', pred=lambda n: n.name.split(' ')[0:len(title.split(' '))] == title.split(' ')
                    and showing(n), timeout=10)


def fill(app, title, text):
    click_at(app, row(app, title))
    app.keys(KEY_CONTROL, KEY_A)
    app.type_text(text)
    time.sleep(0.3)


def has_action(node):
    try:
        return node.queryAction().nActions > 0
    except NotImplementedError:
        return False


def press(app, name, role='push button'):
    """Clicks it through its Action (a GtkMenuButton's outer node has none; its inner one has)."""
    button = app.find(name=name, role=role, pred=lambda n: showing(n) and has_action(n), timeout=10)
    button.queryAction().doAction(0)
    time.sleep(0.3)


def test_result(app):
    return fbui.wait_until(
        lambda: next((n.name for n in app.find_all(role='label', pred=showing)
                      if n.name.startswith(('Connected to', 'Could not connect', 'No answer'))), None),
        30, 'the result of Test connection')


def screenshot(app, name):
    directory = SHOTS or tempfile.gettempdir()
    path = app.screenshot(os.path.join(directory, name))
    return path


def files_containing(root, needle, skip):
    hits = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) != skip]
        for f in filenames:
            path = os.path.join(dirpath, f)
            try:
                with open(path, 'rb') as fh:
                    if needle.encode() in fh.read():
                        hits.append(path)
            except OSError:
                pass
    return hits


def orders_shown(app):
    table = app.find(name='GtkColumnListView', role='list', timeout=10)
    return STATUS_WORDS & {n.name for n in app.find_all(role='label', node=table)}


def connected(app):
    node = app.find(name='Connection status', role='panel', timeout=5)
    return node.description == 'Connected'


def main():
    tap = fbui.Tap(8)
    home = private_home()
    sim = start_sim()
    settings_env = {'GSETTINGS_BACKEND': 'keyfile'}   # so the next start sees the saved profile

    app = fbui.App([], env=settings_env).start()
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
        # GTK 4.8 gives check buttons no Action interface: click it.
        click_at(app, app.find(role='check box',
                               pred=lambda n: n.name.startswith('Access keys') and showing(n)))
        fill(app, 'Access key id', sim['AWS_ACCESS_KEY_ID'])
        fill(app, 'Secret access key', 'wrong' + sim['AWS_SECRET_ACCESS_KEY'][5:])
        tap.ok('the form checks the endpoint as it is typed and takes the sim\'s identity')

        press(app, 'Test Connection')
        result = test_result(app)
        tap.diag(result)
        tap.diag('screenshot: ' + screenshot(app, 'refused.png'))
        assert result.startswith('Could not connect'), result
        tap.ok('Test connection with a wrong secret says it could not connect')

        fill(app, 'Secret access key', sim['AWS_SECRET_ACCESS_KEY'])
        press(app, 'Test Connection')
        fbui.wait_until(lambda: test_result(app).startswith('Connected to'), 30, 'a successful test')
        tap.diag('screenshot: ' + screenshot(app, 'dialog.png'))
        tap.ok('Test connection connects: ' + test_result(app))

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
    stored = subprocess.run(['secret-tool', 'search', 'kind', 'aws-secret-access-key'],
                            capture_output=True, text=True, timeout=30)
    assert secret in stored.stdout, 'the secret is not in the keyring'
    hits = files_containing(home, secret, skip=os.path.join(home, 'data', 'keyrings'))
    assert not hits, f'the secret was written to {hits}'
    assert files_containing(home, sim['AWS_ACCESS_KEY_ID'], skip=None), 'no settings file found'
    tap.ok('the secret is in the keyring and in no file under the app\'s home (settings included)')

    app2 = fbui.App([], env=settings_env).start()
    try:
        fbui.wait_until(lambda: connected(app2), 30, 'the indicator to read Connected')
        assert not app2.find_all(name='Welcome to Feedboard', role='panel', pred=showing)
        fbui.wait_until(lambda: orders_shown(app2), 30, 'an order row')
        tap.ok('the next start reconnects the saved connection')

        # The main menu's Preferences item (app.preferences, once disabled).
        press(app2, 'Main menu')
        item = app2.find(role='menu item', pred=lambda n: 'Preferences' in n.name and showing(n))
        item.queryAction().doAction(0)
        press(app2, 'Delete AWS IoT')
        app2.find(name='No saved connection yet.', role='label', pred=showing, timeout=10)
        fbui.wait_until(lambda: secret not in subprocess.run(
            ['secret-tool', 'search', 'kind', 'aws-secret-access-key'], capture_output=True,
            text=True, timeout=30).stdout, 10, 'the secret to leave the keyring')
        tap.ok('deleting the connection in Preferences deletes its secret from the keyring')
    except Exception:
        tap.diag(app2.output()[-3000:])
        raise
    finally:
        app2.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main())
