// V8 side of the differential tests: executes a job file written by `stratus_diff_run plan`
// and prints the same lines `stratus_diff_run run` prints (see README.md).
//   node run_v8.mjs job.txt > v8.out
import { readFileSync } from 'node:fs';

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const M64 = (1n << 64n) - 1n;

const scratch = new DataView(new ArrayBuffer(8));
const hex = (v, width) => v.toString(16).padStart(width, '0');

function f32Bits(x) { scratch.setFloat32(0, x); return scratch.getUint32(0); }
function f64Bits(x) { scratch.setFloat64(0, x); return scratch.getBigUint64(0); }
function f32FromBits(b) { scratch.setUint32(0, b); return scratch.getFloat32(0); }
function f64FromBits(b) { scratch.setBigUint64(0, b); return scratch.getFloat64(0); }

// Externref tokens: the same objects every time, so identity survives a round trip.
const tokens = new Map();
function token(k) {
  if (!tokens.has(k)) tokens.set(k, { token: k });
  return tokens.get(k);
}

function formatVal(t, v) {
  switch (t) {
    case 'i32': return 'i32:' + hex(v >>> 0, 8);
    case 'i64': return 'i64:' + hex(BigInt.asUintN(64, v), 16);
    case 'f32': return Number.isNaN(v) ? 'f32:nan' : 'f32:' + hex(f32Bits(v), 8);
    case 'f64': return Number.isNaN(v) ? 'f64:nan' : 'f64:' + hex(f64Bits(v), 16);
    case 'funcref': return v === null ? 'func:null' : 'func:nonnull';
    case 'externref':
      if (v === null) return 'ext:null';
      return typeof v === 'object' && 'token' in v ? 'ext:' + v.token : 'ext:alien';
    default: return t + ':?';
  }
}

function parseVal(text) {
  const [t, v] = text.split(':');
  switch (t) {
    case 'i32': return parseInt(v, 16) | 0;
    case 'i64': return BigInt.asIntN(64, BigInt('0x' + v));
    case 'f32': return v === 'nan' ? NaN : f32FromBits(parseInt(v, 16));
    case 'f64': return v === 'nan' ? NaN : f64FromBits(BigInt('0x' + v));
    case 'ext': return v === 'null' ? null : token(Number(v));
    default: return null;
  }
}

function hostHashBits(t, v) {
  switch (t) {
    case 'i32': return BigInt(v >>> 0);
    case 'i64': return BigInt.asUintN(64, v);
    case 'f32':
    case 'f64': return Number.isNaN(v) ? 0x7ff8000000000000n : f64Bits(v);
    default: return v === null ? 0n : 1n;
  }
}

function hostResult(t, acc, j) {
  const r = (acc + BigInt(j) * 0x9e3779b97f4a7c15n) & M64;
  const small = (Number((r >> 40n) & 0xffffn) - 1000) / 8;
  switch (t) {
    case 'i32': return Number(BigInt.asIntN(32, r));
    case 'i64': return BigInt.asIntN(64, r);
    case 'f32':
    case 'f64': return small;
    default: return null;
  }
}

const types = (s) => (s === '-' ? [] : s.split(','));

function trapCategory(e) {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'trap:exhausted';
  if (!(e instanceof WebAssembly.RuntimeError)) return 'error:' + (e && e.constructor ? e.constructor.name : 'unknown') + ':' + (e && e.message);
  const m = e.message;
  if (/unreachable/.test(m)) return 'trap:unreachable';
  if (/divide by zero|remainder by zero/.test(m)) return 'trap:divzero';
  if (/divide result unrepresentable/.test(m)) return 'trap:intoverflow';
  // V8 says this both for NaN (spec: "invalid conversion to integer") and for out-of-range
  // values (spec: "integer overflow"); run_diff.py accepts either for 'conv'.
  if (/float unrepresentable in integer range/.test(m)) return 'trap:conv';
  if (/memory access out of bounds/.test(m)) return 'trap:mem_oob';
  if (/table index is out of bounds|element segment out of bounds|table access out of bounds/.test(m)) return 'trap:table_oob';
  if (/null function|signature mismatch/.test(m)) return 'trap:indirect';
  return 'trap:other:' + m;
}

// See memory_hash in diff_common.hpp: f32 NaN words count as 0x7fc00000.
function memoryHash(bytes) {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2);  // little-endian host
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) {
    let w = words[i];
    if ((w & 0x7f800000) === 0x7f800000 && (w & 0x007fffff) !== 0) w = 0x7fc00000;
    h = Math.imul(h ^ w, 0x01000193);
  }
  return h >>> 0;
}

const out = [];
const print = (s) => out.push(s);

function runJob(path, lines) {
  print('module ' + path);
  let module;
  try {
    module = new WebAssembly.Module(readFileSync(path));
  } catch (e) {
    print('compile error');
    return;
  }
  const imports = {};
  for (const line of lines) {
    if (!line.startsWith('import ')) continue;
    const [, mod, name, params, results] = line.split(' ');
    const pt = types(params), rt = types(results);
    const label = mod + '.' + name;
    (imports[mod] ??= {})[name] = (...args) => {
      let acc = FNV_OFFSET;
      for (const c of Buffer.from(label)) acc = ((acc ^ BigInt(c)) * FNV_PRIME) & M64;
      let text = 'host ' + label;
      pt.forEach((t, i) => {
        acc = ((acc ^ hostHashBits(t, args[i])) * FNV_PRIME) & M64;
        text += ' ' + formatVal(t, args[i]);
      });
      print(text);
      const res = rt.map((t, j) => hostResult(t, acc, j));
      return rt.length === 1 ? res[0] : rt.length === 0 ? undefined : res;
    };
  }
  let instance;
  try {
    instance = new WebAssembly.Instance(module, imports);
  } catch (e) {
    print('inst ' + (e instanceof WebAssembly.RuntimeError || e instanceof RangeError ? trapCategory(e) : 'error'));
    return;
  }
  print('inst ok');
  const ex = instance.exports;
  for (const line of lines) {
    const parts = line.split(' ');
    if (parts[0] === 'call') {
      const [, name, results, ...argText] = parts;
      print('call ' + name + (argText.length ? ' ' + argText.join(' ') : ''));
      const f = ex[name];
      if (typeof f !== 'function') { print('=> nofunc'); continue; }
      const rt = types(results);
      try {
        const r = f(...argText.map(parseVal));
        const vals = rt.length === 1 ? [r] : rt.length === 0 ? [] : r;
        print('=>' + rt.map((t, i) => ' ' + formatVal(t, vals[i])).join(''));
      } catch (e) {
        print('=> ' + trapCategory(e));
      }
    } else if (parts[0] === 'check') {
      for (const item of parts.slice(1)) {
        if (item.startsWith('mem:')) {
          const mem = ex[item.slice(4)];
          if (!(mem instanceof WebAssembly.Memory)) { print(`state ${item} missing`); continue; }
          const bytes = new Uint8Array(mem.buffer);
          print(`state ${item} pages=${bytes.length / 65536} hash=${hex(memoryHash(bytes), 8)}`);
          if (process.env.DIFF_MEMDUMP) {
            for (let at = 0; at < bytes.length; at += 32) {
              const row = bytes.subarray(at, at + 32);
              if (row.every((b) => b === 0)) continue;
              print('  ' + hex(at, 8) + Array.from(row, (b) => ' ' + hex(b, 2)).join(''));
            }
          }
        } else if (item.startsWith('global:')) {
          const [, t, ...rest] = item.split(':');
          const g = ex[rest.join(':')];
          print(`state ${item} ${g instanceof WebAssembly.Global ? formatVal(t, g.value) : 'missing'}`);
        }
      }
    }
  }
}

const jobText = readFileSync(process.argv[2], 'utf8');
let path = null, lines = [];
for (const line of jobText.split('\n')) {
  if (line.startsWith('module ')) {
    if (path) runJob(path, lines);
    path = line.slice(7);
    lines = [];
  } else if (line === 'end' || line === '') {
    continue;
  } else {
    lines.push(line);
  }
}
if (path) runJob(path, lines);
process.stdout.write(out.join('\n') + '\n');
