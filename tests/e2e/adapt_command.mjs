// Turns preview-1 command modules into WASI 0.2 command components, as
// `jco new prog.wasm --wasi-command -o prog.component.wasm` does: the same jco function
// (componentNew) with the same adapter (jco's lib/wasi_snapshot_preview1.command.wasm), so
// the bytes are identical, but one Node process for every module instead of one per module
// (72 suite programs: about 2 s instead of about a minute on 2 cores).
//   node adapt_command.mjs IN.wasm OUT.wasm [IN.wasm OUT.wasm]...
// Each OUT is written whole or not at all (through OUT.tmp). Exit status 1 names the first
// module that failed.
import { componentNew, preview1AdapterCommandPath } from '@bytecodealliance/jco';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { argv, exit, pid, stderr } from 'node:process';

const pairs = argv.slice(2);
if (pairs.length === 0 || pairs.length % 2 !== 0) {
  stderr.write('usage: node adapt_command.mjs IN.wasm OUT.wasm [IN.wasm OUT.wasm]...\n');
  exit(2);
}
const adapter = await readFile(preview1AdapterCommandPath());
for (let i = 0; i < pairs.length; i += 2) {
  const [input, output] = [pairs[i], pairs[i + 1]];
  try {
    const component = await componentNew(await readFile(input), [['wasi_snapshot_preview1', adapter]]);
    const scratch = `${output}.${pid}.tmp`;
    await writeFile(scratch, component);
    await rename(scratch, output);
  } catch (e) {
    stderr.write(`adapt_command: ${input}: ${e.message ?? e}\n`);
    exit(1);
  }
}
