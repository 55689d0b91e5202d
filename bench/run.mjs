// Runs every kernel natively, under Stratus and under V8 (node), prints a table of median
// times and ratios, and fails if any engine computes a different checksum.
// Normally started through bench/run.sh, which builds what this needs first.
//
//   node bench/run.mjs [--build-dir DIR] [--runs N] [--kernels a,b] [--quick]
//
// --quick uses the tiny smoke sizes from kernels.txt (seconds, for checking the plumbing).
// BENCH_NODE_FLAGS (default --no-liftoff) picks V8's tier: by default its optimizing
// compiler, because a single long call to run() would otherwise stay mostly in the baseline.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(benchDir);

function parseArgs(argv) {
  const options = { buildDir: path.join(repoRoot, 'build/release'), runs: 5, kernels: null, quick: false };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) usage(`${argv[i]} needs a value`);
      return argv[++i];
    };
    switch (argv[i]) {
      case '--build-dir': options.buildDir = path.resolve(value()); break;
      case '--runs': options.runs = Math.max(1, Number(value())); break;
      case '--kernels': options.kernels = value().split(','); break;
      case '--quick': options.quick = true; break;
      default: usage(`unknown argument ${argv[i]}`);
    }
  }
  return options;
}

function usage(problem) {
  console.error(`run.mjs: ${problem}\nusage: node bench/run.mjs [--build-dir DIR] [--runs N] [--kernels a,b] [--quick]`);
  process.exit(2);
}

function readKernelTable() {
  return readFileSync(path.join(benchDir, 'kernels.txt'), 'utf8')
    .split('\n')
    .filter((line) => /^[a-z]/.test(line))
    .map((line) => {
      const [name, benchN, smokeN] = line.trim().split(/\s+/);
      return { name, benchN, smokeN };
    });
}

// One process per measurement, so no engine benefits from state left by a previous run.
function measure(command, args) {
  let output;
  try {
    output = execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    return { error: `${path.basename(command)} ${args.join(' ')} failed: ${(error.stderr || error.message).trim()}` };
  }
  const match = /checksum=(\d+) seconds=([0-9.]+)/.exec(output);
  if (!match) return { error: `${path.basename(command)} printed no result: ${output.trim()}` };
  return { checksum: match[1], seconds: Number(match[2]) };
}

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const geomean = (xs) => Math.exp(xs.reduce((sum, x) => sum + Math.log(x), 0) / xs.length);

function formatTable(header, rows) {
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((row) => String(row[col]).length)));
  const line = (cells) => `| ${cells.map((c, col) => String(c).padStart(widths[col])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const options = parseArgs(process.argv.slice(2));
const kernelDir = path.join(options.buildDir, 'bench/kernels');
const harness = path.join(options.buildDir, 'bench/stratus_bench');
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '--no-liftoff').split(/\s+/).filter(Boolean);
const haveStratus = existsSync(harness);
if (!haveStratus) console.warn(`run.mjs: ${harness} not built (engine not linkable yet?): the stratus column is skipped`);

let kernels = readKernelTable();
if (options.kernels) {
  const unknown = options.kernels.filter((name) => !kernels.some((k) => k.name === name));
  if (unknown.length) usage(`unknown kernel(s): ${unknown.join(', ')}`);
  kernels = kernels.filter((k) => options.kernels.includes(k.name));
}

const engines = [
  { name: 'native', command: (k) => [path.join(kernelDir, k.name), []] },
  ...(haveStratus ? [{ name: 'stratus', command: (k) => [harness, [path.join(kernelDir, `${k.name}.wasm`)]] }] : []),
  { name: 'node', command: (k) => [process.execPath, [...nodeFlags, path.join(benchDir, 'run_v8.mjs'), path.join(kernelDir, `${k.name}.wasm`)]] },
];

const failures = [];
const rows = [];
const stratusRatios = [];
const nodeRatios = [];
for (const kernel of kernels) {
  const n = options.quick ? kernel.smokeN : kernel.benchN;
  const medians = {};
  const checksums = new Set();
  for (const engine of engines) {
    const [command, args] = engine.command(kernel);
    const times = [];
    for (let run = 0; run < options.runs; run++) {
      const result = measure(command, [...args, n]);
      if (result.error) {
        failures.push(`${kernel.name}/${engine.name}: ${result.error}`);
        break;
      }
      checksums.add(`${engine.name}=${result.checksum}`);
      times.push(result.seconds);
    }
    if (times.length === options.runs) medians[engine.name] = median(times);
  }
  const distinct = new Set([...checksums].map((c) => c.split('=')[1]));
  if (distinct.size > 1) failures.push(`${kernel.name}: CHECKSUM MISMATCH (${[...checksums].join(', ')})`);

  const seconds = (engine) => (medians[engine] === undefined ? 'n/a' : medians[engine].toFixed(4));
  const ratio = (engine, list) => {
    if (medians[engine] === undefined || medians.native === undefined) return 'n/a';
    const r = medians[engine] / medians.native;
    list.push(r);
    return `${r.toFixed(2)}x`;
  };
  rows.push([kernel.name, n, seconds('native'), seconds('stratus'), seconds('node'),
             ratio('stratus', stratusRatios), ratio('node', nodeRatios), distinct.size === 1 ? 'ok' : 'MISMATCH']);
  process.stderr.write(`  ${kernel.name} done\n`);
}

console.log(`\nMedians of ${options.runs} runs per engine, seconds for run(n) only (node flags: ${nodeFlags.join(' ') || 'none'})\n`);
console.log(formatTable(['kernel', 'n', 'native s', 'stratus s', 'node s', 'stratus/native', 'node/native', 'checksum'], rows));
const gm = (list) => (list.length ? `${geomean(list).toFixed(2)}x over ${list.length} kernels` : 'n/a');
console.log(`\ngeometric mean stratus/native: ${gm(stratusRatios)}`);
console.log(`geometric mean node/native:    ${gm(nodeRatios)}`);

const bigModule = path.join(options.buildDir, 'bench/big/big_program.wasm');
if (haveStratus && existsSync(bigModule)) {
  try {
    const output = execFileSync(harness, ['--compile-only', '--repeat', String(options.runs), bigModule], { encoding: 'utf8' });
    const fields = Object.fromEntries(output.trim().split(/\s+/).map((kv) => kv.split('=')));
    console.log(`\ncompile speed (decode + validate + translate, median of ${options.runs}): ` +
                `${fields.mb_per_s} MB/s on ${(Number(fields.bytes) / 1e6).toFixed(2)} MB (${path.relative(repoRoot, bigModule)}), ` +
                `${(Number(fields.seconds) * 1000).toFixed(1)} ms`);
  } catch (error) {
    failures.push(`compile-only ${bigModule}: ${(error.stderr || error.message).trim()}`);
  }
} else {
  console.log(`\ncompile speed: skipped (${haveStratus ? `${bigModule} not built` : 'stratus_bench not built'})`);
}

if (failures.length) {
  console.error(`\nBENCH FAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  process.exit(1);
}
