// The Node column of the component call benchmark: the same component (calls.wasm) run by
// `jco transpile` + Node, timed as component_bench.cpp times Stratus.
//
//   node node_calls.mjs TRANSPILED_DIR ROUNDS SCALE
//
// TRANSPILED_DIR holds `jco transpile calls.wasm --instantiation async --name component`'s
// output. Prints one line per measurement: `name median_ns_per_op`, the median over ROUNDS
// rounds; SCALE divides the iteration counts (100 for --quick).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, roundsArg, scaleArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 5);
const scale = Number(scaleArg ?? 1);

const { instantiate } = await import(pathToFileURL(path.join(dir, 'component.js')).href);
const getCoreModule = (file) => WebAssembly.compile(fs.readFileSync(path.join(dir, file)));
const component = await instantiate(getCoreModule, {});

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(name, iterations, op) {
  iterations = Math.max(1, Math.floor(iterations / scale));
  for (let i = 0; i < iterations / 10 + 1; i++) op();
  const perRound = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) op();
    perRound.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  console.log(`${name} ${median(perRound).toFixed(1)}`);
}

let sink = 0n;
measure('nop', 2_000_000, () => component.nop());
const text = 'x'.repeat(1024);
measure('echo', 200_000, () => {
  if (component.echo(text).length !== 1024) throw new Error('echo');
});
const bytes = new Uint8Array(64 * 1024).fill(1);
measure('sum', 2_000, () => {
  sink += component.sum(bytes);
});
if (sink === 0n) throw new Error('sum');
