// Unit tests of the oracle's WAVE reader/writer and WIT reader, run by CTest
// (components.oracle-unit). Each expectation is what wasm-wave and `wasmtime --invoke`
// print; ends with `N passed, N failed`.
import assert from 'node:assert/strict';

import { formatFloat, parseCallArgs, parseCallName, WaveError, writeChar, writeValue } from './wave.mjs';
import { WitDocument } from './wit.mjs';

let passed = 0;
let failed = 0;
function check(name, fn) {
  try {
    fn();
    passed++;
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message}`);
  }
}

const doc = new WitDocument(`
package t:types@1.0.0;
interface defs {
  @since(version = 1.0.0)
  record point { x: s32, y: s32 }
  enum answer { ok, no }
  flags perms { read, write }
}
interface api {
  use defs.{point, answer as reply};
  resource thing { constructor(); name: func() -> string; }
  move: func(p: point, dx: option<s32>, dy: option<s32>) -> point;
  ask: func() -> reply;
}
world w {
  use defs.{perms};
  variant v { none-case, %err(string), some-case(u8) }
  record opt { a: option<u8>, b: option<option<u8>> }
  export api;
  export perms-of: func(p: perms) -> perms;
  export vee: func(v: v) -> v;
  export opt: func(o: opt) -> opt;
  export wide: func(a: u64, b: s64) -> tuple<u64, s64>;
  export nested: func(o: option<option<u8>>, r: result<option<u8>, string>) -> result<_, string>;
}
`);
const funcs = Object.fromEntries(doc.exportedFunctions().map((f) => [f.name, f.func]));

function call(text) {
  const { name, reader } = parseCallName(text);
  return parseCallArgs(reader, funcs[name].params);
}
function roundTrip(text) {
  const { name } = parseCallName(text);
  const args = call(text);
  return funcs[name].params.map((p, i) => writeValue(p.type, args[i])).join(', ');
}

check('interface functions resolve through use and renames', () => {
  assert.deepEqual(Object.keys(funcs).sort(), ['ask', 'move', 'nested', 'opt', 'perms-of', 'vee', 'wide']);
  assert.equal(funcs.move.result.kind, 'record');
  assert.deepEqual(funcs.ask.result.cases, ['ok', 'no']);
});
check('trailing option arguments may be left out', () => {
  assert.equal(roundTrip('move({x: 1, y: 2})'), '{x: 1, y: 2}, none, none');
  assert.equal(roundTrip('move({y: 2, x: 1,}, 3)'), '{x: 1, y: 2}, some(3), none');
});
check('a missing required argument is an error', () => {
  assert.throws(() => call('perms-of()'), WaveError);
});
check('flags print in declaration order', () => {
  assert.equal(roundTrip('perms-of({write, read})'), '{read, write}');
  assert.equal(roundTrip('perms-of({})'), '{}');
});
check('cases named like keywords take %', () => {
  assert.equal(roundTrip('vee(%err("x"))'), '%err("x")');
  assert.equal(roundTrip('vee(some-case(3))'), 'some-case(3)');
  assert.throws(() => call('vee(err("x"))'), WaveError);
  assert.equal(writeValue(funcs.ask.result, 'ok'), '%ok');
});
check('record fields that are none are left out, {:} when all are', () => {
  assert.equal(roundTrip('opt({:})'), '{:}');
  assert.equal(roundTrip('opt({a: 1})'), '{a: some(1)}');
  assert.equal(roundTrip('opt({b: some(none)})'), '{b: some(none)}');
});
check('a flat some is only for payloads that are not options or results', () => {
  assert.equal(roundTrip('nested(some(none), ok(none))'), 'some(none), ok(none)');
  assert.equal(roundTrip('nested(some(some(4)), ok(some(5)))'), 'some(some(4)), ok(some(5))');
  assert.throws(() => call('nested(none, 5)'), WaveError);
  assert.throws(() => call('nested(4, ok(none))'), WaveError);
});
check('64-bit integers keep every digit', () => {
  assert.equal(roundTrip('wide(18446744073709551615, -9223372036854775808)'), '18446744073709551615, -9223372036854775808');
  assert.throws(() => call('wide(18446744073709551616, 0)'), WaveError);
});
check('floats print as Rust Display: shortest digits, no exponent', () => {
  assert.equal(formatFloat(1e21, 64), '1000000000000000000000');
  assert.equal(formatFloat(1.5e-7, 64), '0.00000015');
  assert.equal(formatFloat(-0, 64), '-0');
  assert.equal(formatFloat(Math.fround(0.1), 32), '0.1');
  assert.equal(formatFloat(Math.fround(16777217), 32), '16777216');
  assert.equal(formatFloat(Math.fround(3.4028235e38), 32), '340282350000000000000000000000000000000');
  assert.equal(formatFloat(NaN, 32), 'nan');
  assert.equal(formatFloat(-Infinity, 64), '-inf');
});
check('chars escape as Rust escape_default / escape_unicode / escape_debug', () => {
  assert.equal(writeChar("'"), "\\'");
  assert.equal(writeChar('"'), '\\"');
  assert.equal(writeChar('\n'), '\\n');
  assert.equal(writeChar('\u0000'), '\\u{0}');
  assert.equal(writeChar('\u009f'), '\\u{9f}');
  assert.equal(writeChar('\u00a0'), '\\u{a0}');
  assert.equal(writeChar('\u2028'), '\\u{2028}');
  assert.equal(writeChar('\u0301'), '\\u{301}');
  assert.equal(writeChar(' '), ' ');
  assert.equal(writeChar('é'), 'é');
  assert.equal(writeChar('😀'), '😀');
});
check('strings: escapes in, multiline strings, comments', () => {
  const string = { kind: 'string' };
  const r = parseCallName('f("a\\u{1F600}\\t" // comment\n)').reader;
  assert.deepEqual(parseCallArgs(r, [{ name: 's', type: string }]), ['a😀\t']);
  const m = parseCallName('f("""\n  one\n    two\n  """)').reader;
  assert.deepEqual(parseCallArgs(m, [{ name: 's', type: string }]), ['one\n  two']);
  assert.throws(() => parseCallArgs(parseCallName('f("\\q")').reader, [{ name: 's', type: string }]), WaveError);
  assert.throws(() => parseCallArgs(parseCallName('f("\\u{d800}")').reader, [{ name: 's', type: string }]), WaveError);
});

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
