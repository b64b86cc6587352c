#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test_demo_ui.py: `feedboard --demo` end to end: the app starts feedboard-sim, connects through
its SigV4 gateway in AWS IoT mode, shows live orders, and stops the sim when it quits. Quitting
while another page is in front and orders still stream gives no GLib or GTK warning."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fbui  # noqa: E402

fbui.reexec_in_dbus()

STATUS_WORDS = {'Submitted', 'Accepted by store', 'In kitchen', 'Ready for pickup',
                'Picked up by driver', 'Out for delivery', 'Delivered', 'Cancelled', 'Completed'}


def sims_of(pid):
    """feedboard-sim processes whose parent is pid."""
    found = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat') as f:
                fields = f.read().rsplit(')', 1)[1].split()
            with open(f'/proc/{entry}/cmdline', 'rb') as f:
                cmd = f.read().split(b'\0')[0]
        except OSError:
            continue
        if int(fields[1]) == pid and cmd.endswith(b'feedboard-sim'):
            found.append(int(entry))
    return found


def opengl_loaded(pid):
    """Mesa's OpenGL libraries mapped into pid, where the app told GTK 4.8-4.13 to draw with cairo
    (no GPU under Xvfb): they would cost ~30 MiB for nothing (src/gui/fb-renderer.c)."""
    with open(f'/proc/{pid}/maps') as f:
        paths = {line.split()[-1] for line in f if '/' in line}
    gtk = [p for p in paths if re.search(r'/libgtk-4\.so\.1\.\d+', p)]
    minor = int(re.search(r'libgtk-4\.so\.1\.(\d+)', gtk[0]).group(1)) // 100 if gtk else 99
    if minor >= 14 or os.environ.get('GSK_RENDERER'):
        return []
    return sorted(os.path.basename(p) for p in paths
                  if re.search(r'swrast_dri|libLLVM|libEGL_mesa|libGLX_mesa', p))


def main():
    tap = fbui.Tap(4)
    app = fbui.App(['--demo']).start()
    try:
        node = lambda: app.find(name='Connection status', role='panel', timeout=5)  # noqa: E731
        fbui.wait_until(lambda: node().description == 'Connected', 30,
                        'the indicator to read Connected')
        sims = sims_of(app.proc.pid)
        assert sims, 'the app has no feedboard-sim child'
        tap.ok(f'--demo connects through the sim\'s gateway (sim pids {sims})')

        table = app.find(name='Orders', role='list', timeout=10)
        fbui.wait_until(lambda: STATUS_WORDS & {n.name for n in app.find_all(role='label', node=table)},
                        30, 'an order row')
        tap.ok('live orders appear')
        opengl = opengl_loaded(app.proc.pid)
        assert not opengl, f'GTK older than 4.14 draws with cairo here, yet OpenGL is loaded: {opengl}'

        # Orders keep changing behind the Feeders page until the app quits (a row flash started
        # there once outlived the window's frame clock: a GLib warning at every quit).
        app.keys(64, 11)   # Alt+2
        app.find(name='Kitchen', pred=lambda n: n.getRoleName() in ('grouping', 'panel'), timeout=30)
        behind = fbui.recorded_events(app.ledgers)
        fbui.wait_until(lambda: fbui.recorded_events(app.ledgers) >= behind + 60, 30,
                        'sixty more events behind the Feeders page')
    except Exception:
        tap.diag(app.output()[-3000:])
        raise
    finally:
        app.proc.terminate()
        app.proc.wait(timeout=15)
    fbui.wait_until(lambda: all(not os.path.exists(f'/proc/{s}') for s in sims) or None, 10,
                           'the sim to stop')
    tap.ok('quitting the app stops feedboard-sim')
    warnings = [line for line in app.output().splitlines() if 'WARNING **' in line or 'CRITICAL **' in line]
    assert not warnings, '\n'.join(warnings)
    tap.ok('no warning from the app, quitting while the Feeders page was in front')
    app.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main())
