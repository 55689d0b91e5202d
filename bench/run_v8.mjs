// V8 driver for one benchmark kernel: `node bench/run_v8.mjs FILE.wasm N` prints the same
// "checksum=... seconds=..." line as the native and Stratus drivers. Only the call to run(N)
// is timed; compilation and instantiation are not.
import { readFileSync } from 'node:fs';

const [file, n] = process.argv.slice(2);
if (!file || n === undefined) {
  console.error('usage: node bench/run_v8.mjs FILE.wasm N');
  process.exit(2);
}
const { instance } = await WebAssembly.instantiate(readFileSync(file));
const start = performance.now();
const checksum = instance.exports.run(Number(n)) >>> 0;  // run returns u32; JS sees i32
const seconds = (performance.now() - start) / 1000;
console.log(`checksum=${checksum} seconds=${seconds.toFixed(6)}`);
