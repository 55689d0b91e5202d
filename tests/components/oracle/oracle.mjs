// The reference side of the component tests: runs a component's export through
// `jco transpile` + Node, as `wasmtime run --invoke` would run it.
//
//   node oracle.mjs [--cache DIR] [--wit FILE] [--json] [--out FILE] COMPONENT.wasm 'name(args)' ...
//
// Each call gets a fresh instance (wasmtime instantiates once per `run`). Arguments are WAVE;
// each call prints one line: the result in WAVE as wasmtime prints it (`()` for no result),
// or `trap: CLASS` with CLASS one of the names in ../README.md (the JavaScript error goes to
// stderr). With --json, each line is instead {"call", "output", "message"} as JSON. With
// --out, these lines go to FILE, and stdout carries only what the guest prints.
// The export's WIT type comes from the component itself (`jco wit`) unless --wit names a
// file. The transpiled component is cached under DIR (default $STRATUS_ORACLE_CACHE or
// $TMPDIR/stratus-oracle) by the hash of the component and of jco's version.
// Exit status: 0 when every call ran (a trap is a result), 2 on a usage or WAVE error, 3
// when jco cannot transpile the component (each call then prints `unsupported: REASON`).

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';

import { WitDocument } from './wit.mjs';
import { camelCase, parseCallArgs, parseCallName, WaveError, writeValue } from './wave.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const jcoDir = path.join(repoRoot, 'node_modules/@bytecodealliance/jco');
const jcoBin = path.join(jcoDir, 'dist/jco.js');
const wasiWitDir = path.join(jcoDir, 'lib/wit/builtin');

function usage(message) {
  process.stderr.write(`oracle: ${message}\nusage: node oracle.mjs [--cache DIR] [--wit FILE] [--json] [--out FILE] COMPONENT.wasm 'name(args)' ...\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { cache: process.env.STRATUS_ORACLE_CACHE || path.join(os.tmpdir(), 'stratus-oracle'), wit: null, json: false, out: null };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--cache') options.cache = argv[++i];
    else if (argv[i] === '--wit') options.wit = argv[++i];
    else if (argv[i] === '--json') options.json = true;
    else if (argv[i] === '--out') options.out = argv[++i];
    else if (argv[i].startsWith('--')) usage(`unknown option ${argv[i]}`);
    else rest.push(argv[i]);
  }
  if (rest.length < 2) usage('need a component and at least one call');
  [options.component, ...options.calls] = rest;
  return options;
}

function jco(...args) {
  return execFileSync(process.execPath, [jcoBin, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// Transpiles once per (component bytes, jco version); concurrent oracles race only to
// rename a finished directory into place.
function transpiled(componentPath, cacheRoot) {
  const jcoVersion = JSON.parse(fs.readFileSync(path.join(jcoDir, 'package.json'), 'utf8')).version;
  const hash = createHash('sha256').update(fs.readFileSync(componentPath)).update(`jco ${jcoVersion}`).digest('hex').slice(0, 24);
  const dir = path.join(cacheRoot, hash);
  if (!fs.existsSync(path.join(dir, 'world.wit'))) {
    fs.mkdirSync(cacheRoot, { recursive: true });
    const scratch = fs.mkdtempSync(path.join(cacheRoot, `.${hash}-`));
    jco('transpile', componentPath, '-o', scratch, '--name', 'component', '-q', '--instantiation', 'async', '--no-typescript');
    fs.writeFileSync(path.join(scratch, 'world.wit'), jco('wit', componentPath));
    try {
      fs.renameSync(scratch, dir);
    } catch (e) {
      if (!fs.existsSync(path.join(dir, 'world.wit'))) throw e;
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  }
  return dir;
}

// The class a trap falls in, from jco's and V8's messages; the README lists the classes.
const TRAP_CLASSES = [
  [/invalid variant discriminant for bool|invalid bool/i, 'invalid-bool'],
  [/not a valid char|invalid char/i, 'invalid-char'],
  [/discriminant|invalid enum|invalid variant|invalid option|invalid result/i, 'bad-discriminant'],
  [/flags.*(bits|extraneous)|extraneous bits/i, 'flags-out-of-range'],
  [/not aligned|misaligned|unaligned/i, 'misaligned'],
  [/out of bounds|outside the bounds|offset is out|invalid typed array length|Array buffer allocation failed|Invalid array length/i, 'out-of-bounds'],
  [/utf-?8|utf-?16|encoded data was not valid|invalid string|malformed/i, 'invalid-string'],
  [/unreachable/i, 'unreachable'],
  [/integer divide by zero|divide by zero/i, 'divide-by-zero'],
  [/maximum call stack|stack overflow/i, 'stack-overflow'],
  [/resource|handle/i, 'resource'],
];

function trapClass(error) {
  const text = `${error?.name ?? ''}: ${error?.message ?? error}`;
  for (const [re, name] of TRAP_CLASSES) if (re.test(text)) return name;
  return 'other';
}

// `jco wit` prints only the component's own package: the WASI interfaces it exports
// (wasi:cli/run of a command) come from jco's copy of the WASI WIT, the same version when
// there is one, else the newest of the same major.minor.
function addWasiInterfaces(doc) {
  for (const world of doc.worlds) {
    for (const item of world.exports) {
      if (item.kind !== 'interface' || item.scope || !item.key.startsWith('wasi:') || doc.hasInterface(item.key)) continue;
      const version = /@([0-9]+\.[0-9]+)\.([0-9]+)/.exec(item.key);
      const candidates = fs.readdirSync(wasiWitDir).filter((d) => version && d.startsWith(`${version[1]}.`));
      const exact = candidates.find((d) => d === `${version[1]}.${version[2]}`);
      const chosen = exact ?? candidates.sort((a, b) => Number(b.split('.')[2]) - Number(a.split('.')[2]))[0];
      if (!chosen) throw new Error(`no WASI WIT in ${wasiWitDir} for ${item.key}`);
      for (const pkg of fs.readdirSync(path.join(wasiWitDir, chosen))) {
        const file = path.join(wasiWitDir, chosen, pkg, 'package.wit');
        if (fs.existsSync(file)) doc.addText(fs.readFileSync(file, 'utf8'), { dependency: true });
      }
    }
  }
}

function findExport(doc, instance, name) {
  const matches = doc.exportedFunctions().filter((f) => f.name === name);
  if (matches.length === 0) throw new WaveError(`no exported func named \`${name}\` in component`);
  if (matches.length > 1) throw new WaveError(`multiple exports named \`${name}\`: ${matches.map((m) => `${m.where}#${m.name}`).join(', ')}`);
  const [match] = matches;
  let holder = instance;
  if (match.where) {
    const short = camelCase(match.where.replace(/@.*$/, '').split('/').pop());
    holder = instance[match.where] ?? instance[short];
    if (!holder) throw new Error(`transpiled component has no export object for ${match.where}`);
  }
  const fn = holder[camelCase(name)];
  if (typeof fn !== 'function') throw new Error(`transpiled component has no function ${camelCase(name)}`);
  return { fn, func: match.func };
}

function isComponentError(e) {
  return e instanceof Error && e.constructor?.name === 'ComponentError' && Object.hasOwn(e, 'payload');
}

// jco's own words for why it cannot transpile: the panic message or the error's cause.
function transpileFailure(error) {
  const text = `${error.stderr ?? ''}\n${error.stdout ?? ''}`;
  const panic = /panicked at [^\n]*\n([^\n]+)/.exec(text);
  if (panic) return panic[1].trim();
  const cause = /Caused by:\s*\n\s*([^\n]+)/.exec(text);
  if (cause) return cause[1].trim();
  return text.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('(jco')) ?? String(error.message);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const lines = [];
  const emit = (call, output, message) => {
    if (message) process.stderr.write(`oracle: ${call}: ${message}\n`);
    const line = options.json ? JSON.stringify({ call, output, message }) : output;
    if (options.out) lines.push(line);
    else process.stdout.write(`${line}\n`);
  };
  const flush = () => { if (options.out) fs.writeFileSync(options.out, lines.map((l) => `${l}\n`).join('')); };
  let dir;
  try {
    dir = transpiled(path.resolve(options.component), path.resolve(options.cache));
  } catch (e) {
    if (e.status === undefined) throw e;
    const reason = transpileFailure(e);
    for (const call of options.calls) emit(call, `unsupported: ${reason}`, '');
    flush();
    process.exitCode = 3;
    return;
  }
  const doc = new WitDocument(fs.readFileSync(options.wit ?? path.join(dir, 'world.wit'), 'utf8'));
  addWasiInterfaces(doc);
  const { instantiate } = await import(pathToFileURL(path.join(dir, 'component.js')).href);
  const modules = new Map();
  const getCoreModule = (file) => {
    if (!modules.has(file)) modules.set(file, WebAssembly.compile(fs.readFileSync(path.join(dir, file))));
    return modules.get(file);
  };
  // No preopens, no environment, argv of one element, no network: what `wasmtime run`
  // gives a component by default.
  const wasi = () => new WASIShim({ sandbox: { preopens: {}, env: {}, args: ['component.wasm'], enableNetwork: false } }).getImportObject();

  let status = 0;
  for (const call of options.calls) {
    let output;
    let message = '';
    try {
      const { name, reader } = parseCallName(call);
      const instance = await instantiate(getCoreModule, wasi());
      const { fn, func } = findExport(doc, instance, name);
      const args = parseCallArgs(reader, func.params);
      try {
        let value = fn(...args);
        if (func.result?.kind === 'result') value = { tag: 'ok', val: value };
        output = func.result ? writeValue(func.result, value) : '()';
      } catch (e) {
        if (func.result?.kind === 'result' && isComponentError(e)) {
          output = writeValue(func.result, { tag: 'err', val: e.payload });
        } else {
          output = `trap: ${trapClass(e)}`;
          message = `${e?.name ?? 'Error'}: ${e?.message ?? e}`;
        }
      }
    } catch (e) {
      if (!(e instanceof WaveError)) throw e;
      output = `error: ${e.message}`;
      message = e.message;
      status = 2;
    }
    emit(call, output, message);
  }
  flush();
  process.exitCode = status;
}

await main();
