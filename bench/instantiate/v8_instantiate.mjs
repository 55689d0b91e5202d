// Node's V8 on the same per-invocation pattern as stratus_instantiate_bench: a fresh instance
// of an already compiled module, one call, dropped. V8 frees a dropped instance's memory at
// a later garbage collection, so its median leaves that cost out; the mean includes it.
//   node bench/instantiate/v8_instantiate.mjs DIR [--quick]
// DIR holds a.wasm, b.wasm, c.wasm as written by `stratus_instantiate_bench --emit DIR`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: v8_instantiate.mjs DIR [--quick]');
  process.exit(2);
}
const quick = process.argv.includes('--quick');
const n = quick ? 200 : 20000;
const shapes = [
  ['(a) empty', 'a.wasm', n],
  ['(b) data-1MiB', 'b.wasm', n],
  ['(c) 10MB-table-7000', 'c.wasm', quick ? 20 : 500],
];

function invokeOnce(module, arg) {
  const instance = new WebAssembly.Instance(module, {});
  return instance.exports.run(arg);
}

const sorted = (v) => [...v].sort((x, y) => x - y);

console.log(`node ${process.version} (V8 ${process.versions.v8})`);
for (const [name, file, iterations] of shapes) {
  const module = new WebAssembly.Module(readFileSync(join(dir, file)));
  for (let i = 0; i < iterations / 10 + 1; ++i) invokeOnce(module, i);
  const micros = new Array(iterations);
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; ++i) {
    const t0 = process.hrtime.bigint();
    invokeOnce(module, i);
    micros[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const mean = Number(process.hrtime.bigint() - start) / 1000 / iterations;
  const s = sorted(micros);
  const median = s[Math.floor(s.length / 2)];
  const p90 = s[Math.floor(0.9 * (s.length - 1))];
  console.log(`latency  ${'v8'.padEnd(10)} ${name.padEnd(22)} median ${median.toFixed(2).padStart(8)} us   ` +
              `p90 ${p90.toFixed(2).padStart(8)} us   mean ${mean.toFixed(2).padStart(8)} us   (${iterations} runs)`);
}
