// The table at the end of bench/instantiate/run.sh: median instantiate + call + drop per
// shape for Stratus (pooled, on demand) and V8, with ratios, from the runs' output lines.
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2], 'utf8').split('\n');
const medians = {};  // medians[shape][mode] = us
for (const line of lines) {
  const m = line.match(/^latency\s+(\S+)\s+(\(\w\)\s\S+)\s+median\s+([\d.]+) us/);
  if (!m) continue;
  (medians[m[2]] ??= {})[m[1]] = Number(m[3]);
}
const floor = lines.map((l) => l.match(/slot reset: median ([\d.]+) us/)).find(Boolean);

const cell = (v) => (v === undefined ? '-' : `${v.toFixed(2)} us`);
const ratio = (a, b) => (a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}x`);
console.log('| shape | stratus pooled | stratus on-demand | V8 (node) | pooled / V8 |');
console.log('|---|---|---|---|---|');
for (const [shape, m] of Object.entries(medians))
  console.log(`| ${shape} | ${cell(m.pooled)} | ${cell(m['on-demand'])} | ${cell(m.v8)} | ${ratio(m.pooled, m.v8)} |`);
if (floor) console.log(`\nkernel-only floor for (b)'s 16 fresh heap pages + slot reset: ${floor[1]} us (stratus_kernel_floor)`);
