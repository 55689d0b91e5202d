// A WASI 0.2 command in JavaScript (componentize-js): prints its arguments, its environment,
// what it reads from and writes to its first preopen, what an escape from it gives, and facts
// about the clocks and random that hold on every host, so the output is the same under every
// correct host (run_wasi_probe.py holds stratus run and jco run to it).
import { getArguments, getEnvironment } from 'wasi:cli/environment@0.2.12';
import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';
import { now as wallNow } from 'wasi:clocks/wall-clock@0.2.12';
import { now as monotonicNow, resolution } from 'wasi:clocks/monotonic-clock@0.2.12';
import { getRandomBytes } from 'wasi:random/random@0.2.12';

// A filesystem call's error-code (thrown as a ComponentError with the code as payload).
function outcome(call) {
  try {
    call();
    return 'ok';
  } catch (e) {
    return e.payload ?? String(e);
  }
}

function probeFiles(out, dir) {
  const file = dir.openAt({}, 'fixture.txt', {}, { read: true });
  const size = file.stat().size;
  const [bytes] = file.read(size, 0n);
  out.push(`fixture.txt: ${size} bytes: ${JSON.stringify(new TextDecoder().decode(bytes))}`);
  const made = dir.openAt({}, 'made.txt', { create: true, truncate: true }, { write: true });
  made.write(new TextEncoder().encode('written by the component\n'), 0n);
  out.push('made.txt: written');
  out.push(`open missing.txt: ${outcome(() => dir.openAt({}, 'missing.txt', {}, { read: true }))}`);
  out.push(`open ../outside.txt: ${outcome(() => dir.openAt({}, '../outside.txt', {}, { read: true }))}`);
  out.push(`open /etc/passwd: ${outcome(() => dir.openAt({}, '/etc/passwd', {}, { read: true }))}`);
  out.push(`create ../made.txt: ${outcome(() => dir.openAt({}, '../made.txt', { create: true }, { write: true }))}`);
}

export const run = {
  run() {
    const out = [];
    out.push(`args: ${JSON.stringify(getArguments().slice(1))}`);
    for (const [name, value] of getEnvironment()) out.push(`env: ${name}=${value}`);
    const dirs = getDirectories();
    out.push(`preopens: ${JSON.stringify(dirs.map(([, name]) => name))}`);
    if (dirs.length > 0) probeFiles(out, dirs[0][0]);
    out.push(`wall clock after 2020: ${wallNow().seconds > 1577836800n ? 'yes' : 'no'}`);
    const before = monotonicNow();
    const after = monotonicNow();
    out.push(`monotonic clock never goes back: ${after >= before ? 'yes' : 'no'}`);
    out.push(`monotonic resolution positive: ${resolution() > 0n ? 'yes' : 'no'}`);
    const a = getRandomBytes(16n);
    const b = getRandomBytes(16n);
    out.push(`random: ${a.length} bytes, two draws differ: ${a.some((x, i) => x !== b[i]) ? 'yes' : 'no'}`);
    console.log(out.join('\n'));
  },
};
