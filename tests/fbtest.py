"""fbtest.py: what the Python test scripts share: TAP output and a private Xvfb."""
import os
import subprocess


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


def start_xvfb(screen='1100x760x24'):
    """Xvfb on a free display (-displayfd), so several can run at once. Returns (proc, ':N')."""
    r, w = os.pipe()
    xvfb = subprocess.Popen(['Xvfb', '-displayfd', str(w), '-screen', '0', screen,
                             '-nolisten', 'tcp'], pass_fds=[w])
    os.close(w)
    display = b''
    while not display.endswith(b'\n'):
        chunk = os.read(r, 16)
        if not chunk:
            os.close(r)
            xvfb.kill()
            raise RuntimeError('Xvfb did not start')
        display += chunk
    os.close(r)
    return xvfb, ':' + display.decode().strip()


def start_session_bus():
    """A private D-Bus session bus for this process and its children, its services' output kept
    out of the TAP stream (dbus-run-session would pass it through). Returns the daemon."""
    r, w = os.pipe()
    bus = subprocess.Popen(['dbus-daemon', '--session', '--nofork', f'--print-address={w}'],
                           pass_fds=[w], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(w)
    address = b''
    while not address.endswith(b'\n'):
        chunk = os.read(r, 256)
        if not chunk:
            os.close(r)
            bus.kill()
            raise RuntimeError('dbus-daemon did not start')
        address += chunk
    os.close(r)
    os.environ['DBUS_SESSION_BUS_ADDRESS'] = address.decode().strip()
    return bus
