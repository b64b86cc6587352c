#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""notification_server.py: a desktop notification server of the test's own, on the session bus it
is started on. Outside a sandbox and without gnome-shell (nobody owns org.gtk.Notifications),
GLib's GNotification uses its "freedesktop" backend: org.freedesktop.Notifications.Notify, and
ActionInvoked / NotificationClosed back. This serves that interface and writes each notification
as one JSON line on standard output ({"id", "appName", "summary", "body", "actions", "hints"});
"READY" first, once it owns the name. A test calls io.github.feedboard.TestNotifications.Invoke
(id, action) to have it emit ActionInvoked, as a click on the notification would.
"""
import json
import sys

import gi
gi.require_version('Gio', '2.0')
from gi.repository import Gio, GLib  # noqa: E402

XML = '''
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" direction="in"/><arg type="u" direction="in"/><arg type="s" direction="in"/>
      <arg type="s" direction="in"/><arg type="s" direction="in"/><arg type="as" direction="in"/>
      <arg type="a{sv}" direction="in"/><arg type="i" direction="in"/><arg type="u" direction="out"/>
    </method>
    <method name="CloseNotification"><arg type="u" direction="in"/></method>
    <method name="GetCapabilities"><arg type="as" direction="out"/></method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
    </method>
    <signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
    <signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
  </interface>
  <interface name="io.github.feedboard.TestNotifications">
    <method name="Invoke"><arg type="u" direction="in"/><arg type="s" direction="in"/></method>
  </interface>
</node>'''

PATH = '/org/freedesktop/Notifications'
next_id = [0]


def on_call(connection, sender, path, interface, method, params, invocation):
    if method == 'Notify':
        app_name, replaces, _icon, summary, body, actions, hints, _timeout = params.unpack()
        if replaces == 0:
            next_id[0] += 1
        nid = replaces or next_id[0]
        print(json.dumps({'id': nid, 'appName': app_name, 'summary': summary, 'body': body,
                          'actions': actions, 'hints': {k: str(v) for k, v in hints.items()}}), flush=True)
        invocation.return_value(GLib.Variant('(u)', (nid,)))
    elif method == 'CloseNotification':
        connection.emit_signal(None, PATH, 'org.freedesktop.Notifications', 'NotificationClosed',
                               GLib.Variant('(uu)', (params.unpack()[0], 3)))
        invocation.return_value(None)
    elif method == 'GetCapabilities':
        invocation.return_value(GLib.Variant('(as)', (['body', 'actions'],)))
    elif method == 'GetServerInformation':
        invocation.return_value(GLib.Variant('(ssss)', ('fb-test', 'feedboard', '1', '1.2')))
    elif method == 'Invoke':
        nid, action = params.unpack()
        connection.emit_signal(None, PATH, 'org.freedesktop.Notifications', 'ActionInvoked',
                               GLib.Variant('(us)', (nid, action)))
        invocation.return_value(None)


def main():
    loop = GLib.MainLoop()
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    node = Gio.DBusNodeInfo.new_for_xml(XML)
    for iface in node.interfaces:
        bus.register_object(PATH, iface, on_call, None, None)

    def acquired(*_):
        print('READY', flush=True)

    Gio.bus_own_name_on_connection(bus, 'org.freedesktop.Notifications', Gio.BusNameOwnerFlags.NONE,
                                   acquired, lambda *_: loop.quit())
    loop.run()


if __name__ == '__main__':
    sys.exit(main())
