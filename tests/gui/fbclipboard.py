# SPDX-License-Identifier: GPL-3.0-or-later
"""fbclipboard.py: what the app put on the X clipboard, read by a GTK 4 client of the test's own
(a subprocess on the app's display), as bytes of one MIME type."""
import subprocess
import sys

_READER = r'''
import sys
import gi
gi.require_version('Gdk', '4.0')
gi.require_version('Gtk', '4.0')
from gi.repository import Gdk, Gio, GLib, Gtk
Gtk.init()
loop = GLib.MainLoop()
result = {}
clipboard = Gdk.Display.get_default().get_clipboard()

out = Gio.MemoryOutputStream.new_resizable()

def spliced(source, res):
    try:
        out.splice_finish(res)
        result['data'] = out.steal_as_bytes().get_data()
    except GLib.Error as e:
        result['error'] = e.message
    loop.quit()

def done(source, res):
    # The transfer needs the main loop (X selection events): read asynchronously.
    try:
        stream, mime = clipboard.read_finish(res)
    except GLib.Error as e:
        result['error'] = e.message
        loop.quit()
        return
    out.splice_async(stream, Gio.OutputStreamSpliceFlags.CLOSE_SOURCE | Gio.OutputStreamSpliceFlags.CLOSE_TARGET,
                     GLib.PRIORITY_DEFAULT, None, spliced)

clipboard.read_async([sys.argv[1]], GLib.PRIORITY_DEFAULT, None, done)
GLib.timeout_add_seconds(10, loop.quit)
loop.run()
if 'data' not in result:
    sys.stderr.write(result.get('error', 'timed out'))
    sys.exit(1)
sys.stdout.buffer.write(result['data'])
'''


def read(display, mime='text/plain;charset=utf-8'):
    """The clipboard's content as @mime, as bytes; raises when there is none."""
    proc = subprocess.run([sys.executable, '-c', _READER, mime], capture_output=True, timeout=30,
                          env={'DISPLAY': display, 'GDK_BACKEND': 'x11', 'NO_AT_BRIDGE': '1',
                               'PATH': '/usr/bin:/bin'})
    if proc.returncode != 0:
        raise RuntimeError(f'cannot read the clipboard as {mime}: {proc.stderr.decode(errors="replace")}')
    return proc.stdout
