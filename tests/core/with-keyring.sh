#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# with-keyring.sh CMD...: runs CMD in a private D-Bus session with its own gnome-keyring-daemon,
# unlocked with an empty password, keyrings and settings in a temporary home that is removed after.
set -e
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fb-keyring-XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export HOME="$tmp" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
       XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
unset DBUS_SESSION_BUS_ADDRESS
# The daemon is on the private bus, so it goes away with dbus-run-session.
dbus-run-session -- sh -c '
  # An empty line is the empty password; with no line at all no login keyring is created.
  printf "\n" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec "$@"' sh "$@"
