// Runs a wasm32-wasi command under Node's node:wasi with the same command line as
// `stratus run`, so e2e tests can compare the two:
//   node --no-warnings node_wasi_run.mjs [--dir HOST[::GUEST]]... [--env NAME=VALUE]... prog.wasm [args...]
// Exit status: the program's exit code; 134 with "Error: <message>" on stderr for a trap.
import { readFile } from 'node:fs/promises';
import { argv, env as hostEnv, exit, stderr } from 'node:process';
import { WASI } from 'node:wasi';

function usage(message) {
  stderr.write(`node_wasi_run: error: ${message}\n`);
  exit(2);
}

const preopens = {};
const guestEnv = {};
let i = 2;
for (; i < argv.length; ++i) {
  const word = argv[i];
  if (word === '--') { ++i; break; }
  if (!word.startsWith('--')) break;
  const eq = word.indexOf('=');
  const [flag, inline] = eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, undefined];
  const value = inline ?? argv[++i];
  if (value === undefined) usage(`${flag} needs a value`);
  if (flag === '--dir') {
    const sep = value.indexOf('::');
    const host = sep < 0 ? value : value.slice(0, sep);
    const guest = sep < 0 ? value : value.slice(sep + 2);
    preopens[guest] = host;
  } else if (flag === '--env') {
    const eq = value.indexOf('=');
    if (eq > 0) guestEnv[value.slice(0, eq)] = value.slice(eq + 1);
    else if (value in hostEnv) guestEnv[value] = hostEnv[value];
    else usage(`--env '${value}' is not NAME=VALUE or a set host variable`);
  } else {
    usage(`unknown option ${flag}`);
  }
}
if (i >= argv.length) usage('missing prog.wasm');
const modulePath = argv[i];
const args = [modulePath, ...argv.slice(i + 1)];

let module;
try {
  module = await WebAssembly.compile(await readFile(modulePath));
} catch (e) {
  usage(`cannot load '${modulePath}': ${e.message}`);
}
const wasi = new WASI({ version: 'preview1', args, env: guestEnv, preopens, returnOnExit: true });
try {
  const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport });
  exit(wasi.start(instance));
} catch (e) {
  stderr.write(`Error: ${e.message}\n`);
  exit(134);
}
