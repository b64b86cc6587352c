#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-includes.py: one include direction. Fails when a file in src/core includes a header of
src/gui, src/cli or sim, or a toolkit header (GTK, GDK, GSK, libadwaita); when src/cli or sim
includes a header of src/gui; when the project's headers include each other in a cycle; or when
two modules outside src/gui depend on each other (fb-a.c includes fb-b.h while fb-b.c includes
fb-a.h, as fb-json and fb-order-event once did). A module is a fb-<thing>.c/.h pair, with the
files that share its fb-<thing>-private.h. In src/gui the window and the application (and the
window's helpers that toast on it) know each other, as in any GTK app, so modules there are not
checked.

Usage: check-includes.py SOURCE_ROOT
"""
import os
import re
import sys

from fbtest import Tap

LAYERS = {'src/core': 'core', 'src/gui': 'gui', 'src/cli': 'cli', 'sim': 'sim'}
# Which layers each layer must not reach.
FORBIDDEN = {'core': {'gui', 'cli', 'sim'}, 'cli': {'gui'}, 'sim': {'gui'}}
TOOLKIT = re.compile(r'^(?:gtk/|gdk/|gsk/|adwaita\.h$)')
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.MULTILINE)


def scan(root):
    """Every .c/.h under the layers: path -> (layer, [(quoted, name)])."""
    files = {}
    for rel, layer in LAYERS.items():
        top = os.path.join(root, rel)
        for dirpath, _dirs, names in os.walk(top):
            for name in sorted(names):
                if not name.endswith(('.c', '.h')):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding='utf-8', errors='replace') as f:
                    text = f.read()
                text = re.sub(r'/\*.*?\*/', '', text, flags=re.DOTALL)
                files[os.path.relpath(path, root)] = (
                    layer, [(q == '"', inc) for q, inc in INCLUDE.findall(text)])
    return files


def resolve(files):
    """A header's base name -> its path (the project includes local headers by base name)."""
    headers = {}
    for path in files:
        if path.endswith('.h'):
            headers.setdefault(os.path.basename(path), path)
    return headers


def module_of(path, includes):
    """fb-ledger-writer.c belongs to fb-ledger when it includes fb-ledger-private.h."""
    stem = os.path.basename(path)[:-2]
    if stem.endswith('-private'):
        return stem[:-len('-private')]
    for quoted, inc in includes:
        base = os.path.basename(inc)
        if quoted and base.endswith('-private.h') and stem.startswith(base[:-len('-private.h')]):
            return base[:-len('-private.h')]
    return stem


def find_cycle(graph):
    """One cycle in graph (node -> set of nodes) as a list, or None."""
    state = {}
    stack = []

    def visit(node):
        state[node] = 'open'
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 'open':
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 'done'
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def main():
    root = sys.argv[1]
    files = scan(root)
    headers = resolve(files)
    tap = Tap()

    upward = []
    header_graph = {}
    module_graph = {}
    for path, (layer, includes) in sorted(files.items()):
        module = module_of(path, includes)
        for quoted, inc in includes:
            if not quoted:
                if layer in ('core', 'cli', 'sim') and TOOLKIT.match(inc):
                    upward.append(f'{path} includes <{inc}>')
                continue
            target = headers.get(os.path.basename(inc))
            if target is None:
                continue   # generated (config.h, resources) or from a dependency
            target_layer = files[target][0]
            if target_layer in FORBIDDEN.get(layer, ()):
                upward.append(f'{path} ({layer}) includes {inc} ({target_layer})')
            if path.endswith('.h') and target != path:
                header_graph.setdefault(path, set()).add(target)
            target_module = module_of(target, files[target][1])
            if target_module != module and layer != 'gui' and target_layer != 'gui':
                module_graph.setdefault(module, set()).add(target_module)

    tap.check('src/core includes nothing of src/gui, src/cli, sim or a toolkit; src/cli and sim '
              'nothing of src/gui', not upward, upward or None)
    cycle = find_cycle(header_graph)
    tap.check('the headers include each other in no cycle', cycle is None,
              ' -> '.join(cycle) if cycle else None)
    cycle = find_cycle(module_graph)
    tap.check('no two modules outside src/gui include each other\'s headers (directly or around a cycle)',
              cycle is None,
              ' -> '.join(cycle) if cycle else None)
    tap.check('the check saw the sources', len(files) > 50 and 'fb-ledger.h' in headers, len(files))
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
