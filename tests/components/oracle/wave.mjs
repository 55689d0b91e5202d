// WAVE (the Wasm Value Encoding of wasm-tools' wasm-wave crate, which `wasmtime run --invoke`
// reads and prints), typed by the WIT types of wit.mjs, to and from the JavaScript values of
// jco's bindings:
//   s64/u64 -> BigInt; other numbers -> number; char -> one-code-point string;
//   list of a number type -> typed array (Uint8Array, ..., BigInt64Array, Float64Array);
//   record/flags -> object with lowerCamelCase keys; tuple -> array;
//   variant -> {tag: 'case-name', val}; enum -> 'case-name';
//   option<T> -> T or undefined ({tag: 'some' | 'none'} when T is itself an option);
//   result -> {tag: 'ok' | 'err', val}.
// Printing follows wasm-wave's writer.rs exactly: `, ` separators, record fields whose
// value is `none` left out (`{:}` when none is left), `some(..)`/`ok(..)` never flattened,
// `%` before a case named like a keyword, floats as Rust's Display prints them (shortest
// round-trip digits, never an exponent), and chars escaped as Rust's escape_default /
// escape_unicode / escape_debug do.

const KEYWORDS = new Set(['true', 'false', 'inf', 'nan', 'some', 'none', 'ok', 'err']);

export function camelCase(label) {
  return label.split('-').map((word, i) => (i === 0 ? word.toLowerCase()
    : word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())).join('');
}

// ---------------------------------------------------------------- lexing

export class WaveError extends Error {}

const TOKEN = new RegExp([
  String.raw`(?<space>\s+|\/\/[^\n]*)`,
  String.raw`(?<multiline>"""\r?\n(?:[^"\\]|\\.|"(?!""))*""")`,
  String.raw`(?<string>"(?:[^"\\\n]|\\.)*")`,
  String.raw`(?<char>'(?:[^'\\\n]|\\(?:u\{[0-9A-Fa-f]+\}|.))')`,
  String.raw`(?<number>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)`,
  String.raw`(?<label>-inf|%?[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z][A-Za-z0-9]*)*)`,
  String.raw`(?<punct>->|[()\[\]{},:])`,
].join('|'), 'uy');

function lex(text) {
  const tokens = [];
  let at = 0;
  while (at < text.length) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw new WaveError(`unexpected character ${JSON.stringify(text[at])} at ${at}`);
    at = TOKEN.lastIndex;
    const [kind, value] = Object.entries(m.groups).find(([, v]) => v !== undefined);
    if (kind !== 'space') tokens.push({ kind, value, at: m.index });
  }
  return tokens;
}

const ESCAPES = { "'": "'", '"': '"', '\\': '\\', t: '\t', n: '\n', r: '\r' };

function unescape(body) {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') { out += c; continue; }
    const e = body[++i];
    if (e in ESCAPES) { out += ESCAPES[e]; continue; }
    if (e === 'u') {
      const m = /^\{([0-9A-Fa-f]{1,6})\}/.exec(body.slice(i + 1));
      if (!m) throw new WaveError('bad \\u escape');
      const cp = parseInt(m[1], 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new WaveError(`\\u{${m[1]}} is not a Unicode scalar value`);
      out += String.fromCodePoint(cp);
      i += m[0].length;
      continue;
    }
    throw new WaveError(`unknown escape \\${e}`);
  }
  return out;
}

function decodeMultiline(token) {
  const inner = token.replace(/^"""\r?\n/, '').replace(/"""$/, '');
  const lines = inner.split(/\r?\n/);
  const last = lines.pop();
  if (!/^ *$/.test(last)) throw new WaveError('multiline string must end with a line of spaces before """');
  const indent = last.length;
  return lines.map((line) => {
    if (line.length > 0 && !line.startsWith(' '.repeat(indent))) throw new WaveError('multiline string line is indented less than its end');
    return unescape(line.slice(indent));
  }).join('\n');
}

// ---------------------------------------------------------------- typed parsing

class Reader {
  constructor(text) {
    this.text = text;
    this.tokens = lex(text);
    this.at = 0;
  }
  peek() { return this.tokens[this.at]; }
  next() {
    const t = this.tokens[this.at++];
    if (!t) throw new WaveError('unexpected end of input');
    return t;
  }
  is(value) { return this.peek()?.value === value; }
  eat(value) {
    if (this.is(value)) { this.at++; return true; }
    return false;
  }
  expect(value) {
    const t = this.next();
    if (t.value !== value) throw new WaveError(`expected '${value}', found '${t.value}' at ${t.at}`);
  }
  // Comma-separated items up to `close`, trailing comma allowed.
  list(close, item) {
    const items = [];
    while (!this.eat(close)) {
      items.push(item());
      if (!this.eat(',')) { this.expect(close); break; }
    }
    return items;
  }
  label() {
    const t = this.next();
    if (t.kind !== 'label' || t.value === '-inf') throw new WaveError(`expected a label, found '${t.value}' at ${t.at}`);
    return t.value;
  }
}

const INT_RANGES = {
  s8: [-(2n ** 7n), 2n ** 7n - 1n], u8: [0n, 2n ** 8n - 1n],
  s16: [-(2n ** 15n), 2n ** 15n - 1n], u16: [0n, 2n ** 16n - 1n],
  s32: [-(2n ** 31n), 2n ** 31n - 1n], u32: [0n, 2n ** 32n - 1n],
  s64: [-(2n ** 63n), 2n ** 63n - 1n], u64: [0n, 2n ** 64n - 1n],
};

const TYPED_ARRAYS = {
  u8: Uint8Array, s8: Int8Array, u16: Uint16Array, s16: Int16Array, u32: Uint32Array,
  s32: Int32Array, u64: BigUint64Array, s64: BigInt64Array, f32: Float32Array, f64: Float64Array,
};

function isOptionOrResult(type) { return type.kind === 'option' || type.kind === 'result'; }

function parseValue(r, type) {
  switch (type.kind) {
    case 'bool': {
      const t = r.next();
      if (t.value !== 'true' && t.value !== 'false') throw new WaveError(`expected a bool, found '${t.value}'`);
      return t.value === 'true';
    }
    case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32': case 's64': case 'u64': {
      const t = r.next();
      if (t.kind !== 'number' || !/^-?[0-9]+$/.test(t.value)) throw new WaveError(`expected an integer (${type.kind}), found '${t.value}'`);
      const v = BigInt(t.value);
      const [lo, hi] = INT_RANGES[type.kind];
      if (v < lo || v > hi) throw new WaveError(`${t.value} is out of range for ${type.kind}`);
      return type.kind.endsWith('64') ? v : Number(v);
    }
    case 'f32': case 'f64': {
      const t = r.next();
      let v;
      if (t.value === 'nan') v = NaN;
      else if (t.value === 'inf') v = Infinity;
      else if (t.value === '-inf') v = -Infinity;
      else if (t.kind === 'number') v = Number(t.value);
      else throw new WaveError(`expected a float, found '${t.value}'`);
      if (type.kind === 'f32') {
        v = Math.fround(v);
        if (!Number.isFinite(v) && Number.isFinite(Number(t.value))) throw new WaveError(`${t.value} is out of range for f32`);
      } else if (!Number.isFinite(v) && t.kind === 'number') {
        throw new WaveError(`${t.value} is out of range for f64`);
      }
      return v;
    }
    case 'char': {
      const t = r.next();
      if (t.kind !== 'char') throw new WaveError(`expected a char, found '${t.value}'`);
      const v = unescape(t.value.slice(1, -1));
      if ([...v].length !== 1) throw new WaveError(`a char holds one Unicode scalar value: ${t.value}`);
      return v;
    }
    case 'string': {
      const t = r.next();
      if (t.kind === 'string') return unescape(t.value.slice(1, -1));
      if (t.kind === 'multiline') return decodeMultiline(t.value);
      throw new WaveError(`expected a string, found '${t.value}'`);
    }
    case 'list': {
      r.expect('[');
      const items = r.list(']', () => parseValue(r, type.elem));
      if (type.length !== null && type.length !== undefined && items.length !== type.length) {
        throw new WaveError(`expected ${type.length} elements, found ${items.length}`);
      }
      const Typed = TYPED_ARRAYS[type.elem.kind];
      return Typed ? Typed.from(items) : items;
    }
    case 'tuple': {
      r.expect('(');
      const items = [];
      for (let i = 0; i < type.types.length; i++) {
        items.push(parseValue(r, type.types[i]));
        if (i + 1 < type.types.length) r.expect(',');
      }
      r.eat(',');
      r.expect(')');
      return items;
    }
    case 'record': {
      r.expect('{');
      const value = {};
      const seen = new Set();
      if (r.eat(':')) {
        r.expect('}');
      } else {
        r.list('}', () => {
          const name = r.label().replace(/^%/, '');
          const field = type.fields.find((f) => f.name === name);
          if (!field) throw new WaveError(`record has no field '${name}'`);
          if (seen.has(name)) throw new WaveError(`field '${name}' given twice`);
          seen.add(name);
          r.expect(':');
          value[camelCase(name)] = parseValue(r, field.type);
        });
      }
      for (const field of type.fields) {
        if (seen.has(field.name)) continue;
        if (field.type.kind !== 'option') throw new WaveError(`record field '${field.name}' missing`);
        value[camelCase(field.name)] = field.type.type.kind === 'option' ? { tag: 'none' } : undefined;
      }
      return value;
    }
    case 'flags': {
      r.expect('{');
      const value = Object.fromEntries(type.names.map((n) => [camelCase(n), false]));
      r.list('}', () => {
        const name = r.label().replace(/^%/, '');
        if (!type.names.includes(name)) throw new WaveError(`no flag '${name}'`);
        value[camelCase(name)] = true;
      });
      return value;
    }
    case 'enum': {
      const name = caseLabel(r);
      if (!type.cases.includes(name)) throw new WaveError(`enum has no case '${name}'`);
      return name;
    }
    case 'variant': {
      const name = caseLabel(r);
      const c = type.cases.find((x) => x.name === name);
      if (!c) throw new WaveError(`variant has no case '${name}'`);
      if (!c.type) return { tag: name };
      r.expect('(');
      const val = parseValue(r, c.type);
      r.expect(')');
      return { tag: name, val };
    }
    case 'option': {
      const nested = type.type.kind === 'option';
      if (r.eat('none')) return nested ? { tag: 'none' } : undefined;
      let val;
      if (r.eat('some')) {
        r.expect('(');
        val = parseValue(r, type.type);
        r.expect(')');
      } else if (!isOptionOrResult(type.type)) {
        val = parseValue(r, type.type);
      } else {
        throw new WaveError(`expected some(..) or none, found '${r.peek()?.value}'`);
      }
      return nested ? { tag: 'some', val } : val;
    }
    case 'result': {
      for (const tag of ['ok', 'err']) {
        if (!r.eat(tag)) continue;
        const payload = tag === 'ok' ? type.ok : type.err;
        if (!payload) return { tag };
        r.expect('(');
        const val = parseValue(r, payload);
        r.expect(')');
        return { tag, val };
      }
      if (type.ok && !isOptionOrResult(type.ok)) return { tag: 'ok', val: parseValue(r, type.ok) };
      throw new WaveError(`expected ok or err, found '${r.peek()?.value}'`);
    }
    default:
      throw new WaveError(`WAVE cannot encode a ${type.kind} value`);
  }
}

function caseLabel(r) {
  const t = r.next();
  if (t.kind !== 'label' || t.value === '-inf') throw new WaveError(`expected a case label, found '${t.value}'`);
  if (t.value.startsWith('%')) return t.value.slice(1);
  if (KEYWORDS.has(t.value)) throw new WaveError(`case '${t.value}' is a keyword and must be written %${t.value}`);
  return t.value;
}

// `name(arg, ...)`: the name and the argument text positions, before the types are known.
export function parseCallName(text) {
  const r = new Reader(text);
  const name = r.label().replace(/^%/, '');
  r.expect('(');
  return { name, reader: r };
}

// The arguments of a call parsed as `params`; trailing option parameters may be left out.
export function parseCallArgs(reader, params) {
  const r = reader;
  const args = [];
  let closed = false;
  for (let i = 0; i < params.length; i++) {
    if (r.is(')')) {
      const rest = params.slice(i);
      if (!rest.every((p) => p.type.kind === 'option')) throw new WaveError(`missing argument '${params[i].name}'`);
      for (const p of rest) args.push(p.type.type.kind === 'option' ? { tag: 'none' } : undefined);
      break;
    }
    args.push(parseValue(r, params[i].type));
    if (!r.eat(',')) { r.expect(')'); closed = true; break; }
  }
  if (!closed) r.expect(')');
  if (args.length < params.length) {
    const rest = params.slice(args.length);
    if (!rest.every((p) => p.type.kind === 'option')) throw new WaveError(`missing argument '${rest[0].name}'`);
    for (const p of rest) args.push(p.type.type.kind === 'option' ? { tag: 'none' } : undefined);
  }
  if (r.peek()) throw new WaveError(`unexpected '${r.peek().value}' after the call`);
  return args;
}

// ---------------------------------------------------------------- printing

const NOT_PRINTABLE = /^(?:[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|(?! )\p{Zs})$/u;
const GRAPHEME_EXTEND = /^\p{Grapheme_Extend}$/u;

function unicodeEscape(ch) { return `\\u{${ch.codePointAt(0).toString(16)}}`; }

export function writeChar(ch) {
  switch (ch) {
    case '\\': return '\\\\';
    case '"': return '\\"';
    case "'": return "\\'";
    case '\t': return '\\t';
    case '\r': return '\\r';
    case '\n': return '\\n';
    default:
      if (/^\p{Cc}$/u.test(ch)) return unicodeEscape(ch);
      if (GRAPHEME_EXTEND.test(ch) || NOT_PRINTABLE.test(ch)) return unicodeEscape(ch);
      return ch;
  }
}

// Decimal digits without exponent, as Rust's `{}` prints a float from its shortest
// round-trip digits (`text` is JavaScript's shortest form, possibly with an exponent).
function plainDecimal(text) {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!m) throw new Error(`unexpected number text ${text}`);
  const [, sign, whole, fraction = '', exponent = '0'] = m;
  let digits = whole + fraction;
  let point = whole.length + Number(exponent);
  const leading = digits.match(/^0*/)[0].length;
  digits = digits.slice(leading);
  point -= leading;
  digits = digits.replace(/0+$/, '');
  if (digits === '') return `${sign}0`;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

export function formatFloat(v, bits) {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  if (bits === 64) return plainDecimal(String(v));
  for (let precision = 1; precision <= 9; precision++) {
    const text = v.toPrecision(precision);
    if (Math.fround(Number(text)) === v) return plainDecimal(String(Number(text)));
  }
  return plainDecimal(String(v));
}

function label(name) { return KEYWORDS.has(name) ? `%${name}` : name; }

export function writeValue(type, v) {
  switch (type.kind) {
    case 'bool': return v ? 'true' : 'false';
    case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32':
    case 's64': case 'u64': return String(v);
    case 'f32': return formatFloat(v, 32);
    case 'f64': return formatFloat(v, 64);
    case 'char': return `'${writeChar(v)}'`;
    case 'string': return `"${[...v].map(writeChar).join('')}"`;
    case 'list': return `[${Array.from(v, (x) => writeValue(type.elem, x)).join(', ')}]`;
    case 'tuple': return `(${type.types.map((t, i) => writeValue(t, v[i])).join(', ')})`;
    case 'record': {
      const fields = [];
      for (const f of type.fields) {
        const x = v[camelCase(f.name)];
        if (f.type.kind === 'option' && isNone(f.type, x)) continue;
        fields.push(`${f.name}: ${writeValue(f.type, x)}`);
      }
      return fields.length ? `{${fields.join(', ')}}` : '{:}';
    }
    case 'flags': return `{${type.names.filter((n) => v[camelCase(n)]).join(', ')}}`;
    case 'enum': return label(v);
    case 'variant': {
      const c = type.cases.find((x) => x.name === v.tag);
      if (!c) throw new Error(`variant value with unknown case ${v.tag}`);
      return c.type ? `${label(c.name)}(${writeValue(c.type, v.val)})` : label(c.name);
    }
    case 'option': {
      if (isNone(type, v)) return 'none';
      const val = type.type.kind === 'option' ? v.val : v;
      return `some(${writeValue(type.type, val)})`;
    }
    case 'result': {
      const payload = v.tag === 'ok' ? type.ok : type.err;
      return payload ? `${v.tag}(${writeValue(payload, v.val)})` : v.tag;
    }
    default:
      throw new Error(`WAVE cannot encode a ${type.kind} value`);
  }
}

function isNone(type, v) {
  return type.type.kind === 'option' ? v?.tag === 'none' : v === undefined || v === null;
}
