#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-flatpak-manifest.py: the Flatpak manifest parses and builds what the Meson build expects.

It cannot be built here (no runtime downloads), so this checks what would break it: the app id
and command the Meson build installs, the runtime, Paho pinned by checksum with SSL, the app
module built by Meson from this tree, and a sandbox without needless holes.

Usage: check-flatpak-manifest.py MANIFEST APP_ID COMMAND
"""
import json
import re
import sys

from fbtest import Tap

FORBIDDEN_ARGS = {
    '--filesystem=home', '--filesystem=host', '--filesystem=host-os', '--filesystem=~/.aws',
    '--talk-name=org.freedesktop.secrets', '--socket=session-bus', '--socket=system-bus',
    '--device=all', '--share=network:ro',
}

# Keys flatpak-builder accepts (flatpak-manifest(5)) among those this project may use: a typo in
# a key is silently ignored by flatpak-builder, so catch it here.
TOP_KEYS = {'id', 'app-id', 'branch', 'runtime', 'runtime-version', 'sdk', 'sdk-extensions',
            'command', 'finish-args', 'build-options', 'cleanup', 'cleanup-commands', 'modules',
            'rename-desktop-file', 'rename-appdata-file', 'rename-icon', 'copy-icon',
            'desktop-file-name-suffix', 'add-extensions', 'tags', 'separate-locales'}
MODULE_KEYS = {'name', 'buildsystem', 'builddir', 'subdir', 'config-opts', 'make-args',
               'make-install-args', 'build-options', 'build-commands', 'post-install',
               'cleanup', 'sources', 'modules', 'run-tests', 'test-rule', 'test-commands',
               'disabled', 'no-autogen', 'install-rule', 'ensure-writable', 'only-arches',
               'skip-arches', 'x-checker-data'}
SOURCE_KEYS = {'type', 'url', 'sha256', 'sha512', 'path', 'skip', 'dest', 'dest-filename',
               'strip-components', 'commit', 'tag', 'branch', 'only-arches', 'x-checker-data',
               'mirror-urls', 'archive-type', 'git-init'}
BUILD_OPTION_KEYS = {'cflags', 'cflags-override', 'cppflags', 'cppflags-override', 'cxxflags',
                     'cxxflags-override', 'ldflags', 'ldflags-override', 'prefix', 'libdir',
                     'append-path', 'prepend-path', 'append-ld-library-path',
                     'prepend-ld-library-path', 'append-pkg-config-path',
                     'prepend-pkg-config-path', 'env', 'build-args', 'test-args', 'config-opts',
                     'make-args', 'make-install-args', 'strip', 'no-debuginfo', 'arch'}
BUILDSYSTEMS = {'autotools', 'cmake', 'cmake-ninja', 'meson', 'simple', 'qmake'}


def unknown_keys(m):
    bad = [f'top: {k}' for k in m if k not in TOP_KEYS]
    bad += [f'build-options: {k}' for k in m.get('build-options', {}) if k not in BUILD_OPTION_KEYS]
    for mod in m.get('modules', []):
        if not isinstance(mod, dict):
            continue
        name = mod.get('name', '?')
        bad += [f'{name}: {k}' for k in mod if k not in MODULE_KEYS]
        bad += [f'{name} build-options: {k}' for k in mod.get('build-options', {})
                if k not in BUILD_OPTION_KEYS]
        if mod.get('buildsystem', 'autotools') not in BUILDSYSTEMS:
            bad.append(f'{name}: buildsystem {mod.get("buildsystem")}')
        for src in mod.get('sources', []):
            if isinstance(src, dict):
                bad += [f'{name} source: {k}' for k in src if k not in SOURCE_KEYS]
    return bad


def main():
    manifest_path, app_id, command = sys.argv[1:4]
    tap = Tap()
    check = tap.check

    try:
        with open(manifest_path, encoding='utf-8') as f:
            m = json.load(f)
        check('the manifest is valid JSON', True)
    except (OSError, ValueError) as e:
        check('the manifest is valid JSON', False, str(e))
        m = {}

    bad_keys = unknown_keys(m)
    check('every key is one flatpak-builder knows', not bad_keys, bad_keys)
    check(f'the app id is {app_id}', m.get('id', m.get('app-id')) == app_id,
          m.get('id', m.get('app-id')))
    check(f'the command is the installed binary {command}', m.get('command') == command,
          m.get('command'))
    check('the runtime is org.gnome.Platform with org.gnome.Sdk',
          m.get('runtime') == 'org.gnome.Platform' and m.get('sdk') == 'org.gnome.Sdk')
    rv = str(m.get('runtime-version', ''))
    check('the runtime version is a GNOME release >= 47',
          re.fullmatch(r'\d+', rv) is not None and int(rv) >= 47, rv)

    args = m.get('finish-args', [])
    for needed in ('--share=network', '--socket=wayland', '--socket=fallback-x11', '--device=dri'):
        check(f'finish-args has {needed}', needed in args)
    bad = [a for a in args if a in FORBIDDEN_ARGS or a.startswith('--filesystem=')]
    check('finish-args open no files, host or secrets service', not bad, bad)

    modules = m.get('modules', [])
    modules = [mod for mod in modules if isinstance(mod, dict)]
    app = modules[-1] if modules else {}
    check('the last module is the app, built with meson',
          app.get('name') == 'feedboard' and app.get('buildsystem') == 'meson', app.get('name'))
    srcs = app.get('sources', [])
    check('the app is built from this source tree',
          any(s.get('type') == 'dir' and s.get('path') == '..' for s in srcs), srcs)

    paho = [mod for mod in modules if 'paho' in mod.get('name', '')]
    check('Paho MQTT C is a module', len(paho) == 1)
    if paho:
        p = paho[0]
        archives = [s for s in p.get('sources', []) if s.get('type') == 'archive']
        check('Paho comes from a pinned release archive with a sha256',
              len(archives) == 1
              and re.search(r'/paho\.mqtt\.c/archive/refs/tags/v\d+\.\d+\.\d+\.tar\.gz$',
                            archives[0].get('url', ''))
              and re.fullmatch(r'[0-9a-f]{64}', archives[0].get('sha256', '')),
              archives)
        opts = p.get('config-opts', [])
        check('Paho is built with SSL (the app needs libpaho-mqtt3as)',
              '-DPAHO_WITH_SSL=ON' in opts or '-DPAHO_WITH_SSL=TRUE' in opts, opts)
        check('Paho is built with cmake', p.get('buildsystem') in ('cmake', 'cmake-ninja'))
        check('Paho comes before the app', modules.index(p) < len(modules) - 1)

    unpinned = [s.get('url') for mod in modules for s in mod.get('sources', [])
                if isinstance(s, dict) and s.get('type') in ('archive', 'file')
                and not re.fullmatch(r'[0-9a-f]{64}', s.get('sha256', ''))]
    check('every downloaded source is pinned by sha256', not unpinned, unpinned)
    mosquitto = [mod for mod in modules if mod.get('name') == 'mosquitto']
    check('Mosquitto (for --demo) is built without WebSockets, into bin/ on PATH',
          len(mosquitto) == 1
          and '-DWITH_WEBSOCKETS=OFF' in mosquitto[0].get('config-opts', [])
          and '-DCMAKE_INSTALL_SBINDIR=bin' in mosquitto[0].get('config-opts', []))

    return tap.finish()

if __name__ == '__main__':
    sys.exit(main())
