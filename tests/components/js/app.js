// The `app` world (app.wit) in JavaScript, with the values of componentize-js's and
// componentize-qjs's bindings: typed arrays for lists of bytes, {tag, val} for variants,
// objects for records and flags, results returned (ok) or thrown (err). The two differ in
// 64-bit integers (BigInt with StarlingMonkey, number with QuickJS) and in none (undefined
// and null), so the build (../build_components.py) puts a first line before this file that
// defines INT64: BigInt or Number, the type 64-bit values have here.

class Counter {
  #count;
  constructor(start) { this.#count = start; }
  inc() { this.#count = (this.#count + 1) >>> 0; return this.#count; }
  get() { return this.#count; }
}

export const counters = {
  Counter,
  makeCounter(start) { return new Counter(start); },
  readCounter(c) { return c.get(); },
};

export const text = {
  shout(s) { return `${s.toUpperCase()}!`; },
  words(s) { return s.split(' ').filter((w) => w.length > 0); },
};

export function nop() {}
export function echoBool(v) { return v; }
export function echoS8(v) { return v; }
export function echoU8(v) { return v; }
export function echoS16(v) { return v; }
export function echoU16(v) { return v; }
export function echoS32(v) { return v; }
export function echoU32(v) { return v; }
export function echoS64(v) { return v; }
export function echoU64(v) { return v; }
export function echoF32(v) { return v; }
export function echoF64(v) { return v; }
export function echoChar(v) { return v; }
export function add(a, b) { return (a + b) | 0; }
export function echoString(s) { return s; }
export function sumBytes(l) {
  let sum = 0;
  for (const b of l) sum += b;
  return INT64(sum);
}
export function reverseBytes(l) { return Uint8Array.from(l).reverse(); }
export function reverseStrings(l) { return [...l].reverse(); }
export function swapPoint(p) { return { x: p.y, y: p.x }; }
export function birthday(p) { return { name: p.name, age: (p.age + 1) & 0xff, email: p.email }; }
export function rotateTuple([n, s, b]) { return [b, n, s]; }
export function growShape(s) {
  switch (s.tag) {
    case 'circle': return { tag: 'circle', val: s.val * 2 };
    case 'rect': return { tag: 'rect', val: [(s.val[0] * 2) | 0, (s.val[1] * 2) | 0] };
    default: return s;
  }
}
const COLORS = ['red', 'green', 'blue'];
export function nextColor(c) { return COLORS[(COLORS.indexOf(c) + 1) % 3]; }
export function doubleOption(o) { return o === undefined || o === null ? o : (o * 2) >>> 0; }
export function checkResult(r) {
  if (r.tag === 'ok') return String(r.val);
  throw utf8Length(r.val);
}
function utf8Length(s) {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
export function togglePerms(p) { return { read: !p.read, write: !p.write, exec: !p.exec }; }
export function toggleMany(m) {
  const out = {};
  for (let i = 0; i < 32; i++) out[`b${i}`] = !m[`b${i}`];
  return out;
}
export function swapFlags(p, m) { return [toggleMany(m), togglePerms(p)]; }
export function sum17(...values) { return INT64(values.reduce((sum, v) => sum + v, 0)); }
export function mixedSpill(a, b, c, d, e, f, g, h, i, j, k, l) {
  const kSum = k.reduce((sum, v) => sum + v, 0);
  const hText = h === undefined || h === null ? 'none' : String(h);
  const code = i.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
  return `a=${a} b=${b} c=${c} d=${d} e=${e} f=${f} g=(${g.x},${g.y}) h=${hText} i=U+${code} j=${j ? 1 : 0} k=${kSum}/${k.length} l=(${l[0]},${l[1]})`;
}
export function divMod(a, b) {
  if (b === 0) throw new Error('division by zero');
  return [Math.floor(a / b), a % b];
}
export function widePair(a, b) {
  const next = INT64 === BigInt ? (b + 1n) & ((1n << 64n) - 1n) : b + 1;
  return [next, (a + 1) >>> 0];
}

export function countUp(start, times) {
  const c = new Counter(start);
  let last = c.get();
  for (let i = 0; i < times; i++) last = c.inc();
  return last;
}
export function throws() { throw new Error('thrown from JavaScript'); }
