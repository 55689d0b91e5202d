// The table at the end of bench/instantiate/run.sh: median instantiate + call + drop per
// shape for Stratus (pooled, on demand) and V8, with ratios, from the runs' output lines.
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2], 'utf8').split('\n');
const medians = {};  // medians[shape][mode] = us
const means = {};
for (const line of lines) {
  const m = line.match(/^latency\s+(\S+)\s+(\(\w\)\s\S+)\s+median\s+([\d.]+) us.*mean\s+([\d.]+) us/);
  if (!m) continue;
  (medians[m[2]] ??= {})[m[1]] = Number(m[3]);
  (means[m[2]] ??= {})[m[1]] = Number(m[4]);
}
const floor = lines.map((l) => l.match(/slot reset: median ([\d.]+) us/)).find(Boolean);
const faults = lines.map((l) => l.match(/page faults alone: median ([\d.]+) us/)).find(Boolean);

const cell = (v) => (v === undefined ? '-' : `${v.toFixed(2)} us`);
const ratio = (a, b) => (a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}x`);
const both = (shape, mode) => `${cell(medians[shape][mode])} (${cell(means[shape][mode])})`;
console.log('median (mean) per instantiate + call + drop');
console.log('| shape | stratus pooled | stratus on-demand | V8 (node) | pooled / V8, medians |');
console.log('|---|---|---|---|---|');
for (const [shape, m] of Object.entries(medians))
  console.log(`| ${shape} | ${both(shape, 'pooled')} | ${both(shape, 'on-demand')} | ${both(shape, 'v8')} | ${ratio(m.pooled, m.v8)} |`);
if (floor && faults)
  console.log(`\nkernel-only floor for (b) (stratus_kernel_floor): its 16 fresh heap pages fault in ${faults[1]} us; ` +
              `with an unbatched slot reset, ${floor[1]} us`);
