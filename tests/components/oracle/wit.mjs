// Reads the WIT that `jco wit` (wasm-tools component wit) prints for a component, far enough
// to know the type of every exported function: worlds, interfaces, `use`, and every type
// definition. Types are returned resolved: named types are replaced by their definitions.

const PRIMITIVES = new Set([
  'bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char', 'string',
]);

function tokenize(text) {
  const tokens = [];
  const re = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|(->|[{}()<>,;:=.\/@*_])|(%?[A-Za-z][A-Za-z0-9-]*)|([0-9][0-9A-Za-z+-]*(?:\.[0-9A-Za-z+-]+)*)/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw new Error(`WIT: unexpected character ${JSON.stringify(text[at])} at offset ${at}`);
    at = re.lastIndex;
    if (m[1]) tokens.push(m[1]);
    else if (m[2]) tokens.push(m[2].startsWith('%') ? m[2].slice(1) : m[2]);
    else if (m[3]) tokens.push(m[3]);
  }
  return tokens;
}

class Parser {
  constructor(tokens) {
    this.tokens = tokens;
    this.at = 0;
  }
  peek(offset = 0) { return this.tokens[this.at + offset]; }
  next() {
    if (this.at >= this.tokens.length) throw new Error('WIT: unexpected end');
    return this.tokens[this.at++];
  }
  // Feature gates (@since(..), @unstable(..), @deprecated(..)) say nothing about types.
  skipAttributes() {
    while (this.peek() === '@') {
      this.next();
      this.next();
      if (this.eat('(')) while (this.next() !== ')');
    }
  }
  eat(token) {
    if (this.peek() === token) { this.at++; return true; }
    return false;
  }
  expect(token) {
    const got = this.next();
    if (got !== token) throw new Error(`WIT: expected '${token}', found '${got}' (token ${this.at - 1})`);
  }
  // ns:pkg[/iface][@version] or a plain name.
  // `isPackage`: a package name (ns:pkg), else `ns:pkg/iface` needs its `/`, so that
  // `export name: func()` is not read as a package name.
  path(isPackage = false) {
    let text = this.next();
    if (this.peek() === ':' && !isPackage && this.peek(2) !== '/') return text;
    // A version such as 0.2.12 or 1.0.0-rc.1 arrives as one number token.
    while (this.peek() === ':' || this.peek() === '/' || this.peek() === '@') {
      text += this.next();
      text += this.next();
    }
    return text;
  }
}

// Scope: where a named type is looked up. `types` holds definitions; `uses` maps a local
// name to [interface key, name there].
class Scope {
  constructor(document, packageName, name) {
    this.document = document;
    this.packageName = packageName;
    this.name = name;
    this.types = new Map();
    this.uses = new Map();
    this.functions = new Map();   // name -> func type (unresolved)
    this.exports = [];            // world: {name, kind: 'func'|'interface', func?, scope?}
  }
  lookup(name, seen = new Set()) {
    if (this.types.has(name)) return { scope: this, def: this.types.get(name) };
    if (this.uses.has(name)) {
      const [key, original] = this.uses.get(name);
      const target = this.document.interface(key, this.packageName);
      if (seen.has(target)) throw new Error(`WIT: use cycle at ${name}`);
      seen.add(target);
      return target.lookup(original, seen);
    }
    throw new Error(`WIT: unknown type '${name}' in ${this.name}`);
  }
}

function parseType(p) {
  const t = p.next();
  if (PRIMITIVES.has(t)) return { kind: t };
  switch (t) {
    case 'list': {
      p.expect('<');
      const elem = parseType(p);
      let length = null;
      if (p.eat(',')) length = Number(p.next());
      p.expect('>');
      return { kind: 'list', elem, length };
    }
    case 'option': {
      p.expect('<');
      const type = parseType(p);
      p.expect('>');
      return { kind: 'option', type };
    }
    case 'tuple': {
      p.expect('<');
      const types = [];
      while (!p.eat('>')) {
        types.push(parseType(p));
        p.eat(',');
      }
      return { kind: 'tuple', types };
    }
    case 'result': {
      let ok = null;
      let err = null;
      if (p.eat('<')) {
        if (!p.eat('_')) ok = parseType(p);
        if (p.eat(',')) err = parseType(p);
        p.expect('>');
      }
      return { kind: 'result', ok, err };
    }
    case 'own':
    case 'borrow': {
      p.expect('<');
      const resource = p.next();
      p.expect('>');
      return { kind: t, resource: { kind: 'named', name: resource } };
    }
    case 'future':
    case 'stream': {
      let type = null;
      if (p.eat('<')) { type = parseType(p); p.expect('>'); }
      return { kind: t, type };
    }
    default:
      return { kind: 'named', name: t };
  }
}

function parseFunc(p) {
  p.eat('async');
  p.expect('func');
  return parseFuncSignature(p);
}

function parseFuncSignature(p) {
  p.expect('(');
  const params = [];
  while (!p.eat(')')) {
    const name = p.next();
    p.expect(':');
    params.push({ name, type: parseType(p) });
    p.eat(',');
  }
  let result = null;
  if (p.eat('->')) result = parseType(p);
  return { params, result };
}

function parseNamedList(p, withTypes) {
  p.expect('{');
  const items = [];
  while (!p.eat('}')) {
    const name = p.next();
    let type = null;
    if (withTypes === 'field') {
      p.expect(':');
      type = parseType(p);
    } else if (withTypes === 'case' && p.eat('(')) {
      type = parseType(p);
      p.expect(')');
    }
    items.push({ name, type });
    p.eat(',');
  }
  return items;
}

function parseUse(p, scope) {
  const key = p.path();
  p.expect('.');
  p.expect('{');
  while (!p.eat('}')) {
    const name = p.next();
    let local = name;
    if (p.eat('as')) local = p.next();
    scope.uses.set(local, [key, name]);
    p.eat(',');
  }
  p.eat(';');
}

// A type definition, a use, or a function: the items both interfaces and worlds hold.
function parseCommonItem(p, scope, keyword) {
  switch (keyword) {
    case 'use': parseUse(p, scope); return true;
    case 'type': {
      const name = p.next();
      p.expect('=');
      scope.types.set(name, parseType(p));
      p.eat(';');
      return true;
    }
    case 'record': {
      const name = p.next();
      scope.types.set(name, { kind: 'record', fields: parseNamedList(p, 'field') });
      return true;
    }
    case 'variant': {
      const name = p.next();
      scope.types.set(name, { kind: 'variant', cases: parseNamedList(p, 'case') });
      return true;
    }
    case 'enum': {
      const name = p.next();
      scope.types.set(name, { kind: 'enum', cases: parseNamedList(p, null).map((c) => c.name) });
      return true;
    }
    case 'flags': {
      const name = p.next();
      scope.types.set(name, { kind: 'flags', names: parseNamedList(p, null).map((c) => c.name) });
      return true;
    }
    case 'resource': {
      const name = p.next();
      scope.types.set(name, { kind: 'resource', name });
      if (p.eat('{')) {
        // Methods are not looked up by --invoke; skip to the closing brace.
        let depth = 1;
        while (depth > 0) {
          const t = p.next();
          if (t === '{') depth++;
          else if (t === '}') depth--;
        }
      } else {
        p.eat(';');
      }
      return true;
    }
    default:
      return false;
  }
}

function parseInterfaceBody(p, scope) {
  p.expect('{');
  while (p.skipAttributes(), !p.eat('}')) {
    const keyword = p.next();
    if (parseCommonItem(p, scope, keyword)) continue;
    // name: func(...)
    p.expect(':');
    scope.functions.set(keyword, parseFunc(p));
    p.eat(';');
  }
}

export class WitDocument {
  constructor(text) {
    this.interfaces = new Map();  // "ns:pkg/iface@ver" -> Scope
    this.worlds = [];
    this.addText(text);
  }

  // More WIT (another package's files): its interfaces become resolvable, its worlds
  // are kept apart from the component's own (`exportedFunctions` reads only those).
  addText(text, { dependency = false } = {}) {
    const worlds = this.worlds;
    if (dependency) this.worlds = [];
    const p = new Parser(tokenize(text));
    let packageName = '';
    const parseItems = (pkg, closing) => {
      while (p.skipAttributes(), p.peek() !== undefined && !(closing && p.peek() === '}')) {
        const keyword = p.next();
        if (keyword === 'package') {
          const name = p.path(true);
          if (p.eat('{')) {
            parseItems(name, true);
            p.expect('}');
          } else {
            p.eat(';');
            packageName = name;
            pkg = name;
          }
        } else if (keyword === 'interface') {
          const name = p.next();
          const scope = new Scope(this, pkg, `${pkg}/${name}`);
          parseInterfaceBody(p, scope);
          this.interfaces.set(interfaceKey(pkg, name), scope);
        } else if (keyword === 'world') {
          const name = p.next();
          this.worlds.push(this.parseWorld(p, pkg, name));
        } else if (keyword === 'use') {
          // A top-level `use` only gives a package-level alias; nothing --invoke needs.
          p.path();
          if (p.eat('as')) p.next();
          p.eat(';');
        } else {
          throw new Error(`WIT: unexpected '${keyword}' at top level`);
        }
      }
    };
    parseItems(packageName, false);
    if (dependency) this.worlds = worlds;
  }

  hasInterface(key, fromPackage = '') {
    try {
      this.interface(key, fromPackage);
      return true;
    } catch {
      return false;
    }
  }

  parseWorld(p, pkg, name) {
    const scope = new Scope(this, pkg, `${pkg} world ${name}`);
    p.expect('{');
    while (p.skipAttributes(), !p.eat('}')) {
      const keyword = p.next();
      if (parseCommonItem(p, scope, keyword)) continue;
      if (keyword === 'include') { p.path(); p.eat(';'); continue; }
      if (keyword !== 'import' && keyword !== 'export') throw new Error(`WIT: unexpected '${keyword}' in world ${name}`);
      const itemName = p.path();
      let item;
      if (p.eat(':')) {
        if (p.peek() === 'interface') {
          p.next();
          const inner = new Scope(this, pkg, `${pkg} world ${name} ${itemName}`);
          parseInterfaceBody(p, inner);
          item = { name: itemName, kind: 'interface', scope: inner };
        } else {
          item = { name: itemName, kind: 'func', func: parseFunc(p) };
          p.eat(';');
        }
      } else {
        p.eat(';');
        item = { name: itemName, kind: 'interface', key: itemName };
      }
      if (keyword === 'export') scope.exports.push(item);
    }
    return scope;
  }

  interface(key, fromPackage) {
    let full = key;
    if (!key.includes(':')) full = interfaceKey(fromPackage, key);
    if (this.interfaces.has(full)) return this.interfaces.get(full);
    // An unversioned reference to a versioned package (or the reverse).
    const bare = (k) => k.replace(/@[^/]*$/, '').replace(/@[^/]*\//, '/');
    for (const [k, scope] of this.interfaces) if (bare(k) === bare(full)) return scope;
    throw new Error(`WIT: unknown interface '${key}'`);
  }

  // Every exported function as {name, where, func: {params, result}} with resolved types.
  exportedFunctions() {
    const found = [];
    for (const world of this.worlds) {
      for (const item of world.exports) {
        if (item.kind === 'func') {
          found.push({ name: item.name, where: '', func: resolveFunc(world, item.func) });
        } else {
          const scope = item.scope ?? this.interface(item.key, world.packageName);
          for (const [name, func] of scope.functions) {
            found.push({ name, where: item.name, func: resolveFunc(scope, func) });
          }
        }
      }
    }
    return found;
  }
}

function interfaceKey(pkg, name) {
  const at = pkg.indexOf('@');
  return at < 0 ? `${pkg}/${name}` : `${pkg.slice(0, at)}/${name}${pkg.slice(at)}`;
}

function resolveFunc(scope, func) {
  return {
    params: func.params.map((p) => ({ name: p.name, type: resolve(scope, p.type) })),
    result: func.result ? resolve(scope, func.result) : null,
  };
}

// Replaces named types by their definitions, each with the name it was defined under
// (`typeName`): resources keep theirs for messages, the rest ignore it.
function resolve(scope, type) {
  switch (type.kind) {
    case 'named': {
      const { scope: where, def } = scope.lookup(type.name);
      return { ...resolve(where, def), typeName: type.name };
    }
    case 'list': return { ...type, elem: resolve(scope, type.elem) };
    case 'option': return { ...type, type: resolve(scope, type.type) };
    case 'tuple': return { ...type, types: type.types.map((t) => resolve(scope, t)) };
    case 'result':
      return { ...type, ok: type.ok && resolve(scope, type.ok), err: type.err && resolve(scope, type.err) };
    case 'record': return { ...type, fields: type.fields.map((f) => ({ name: f.name, type: resolve(scope, f.type) })) };
    case 'variant':
      return { ...type, cases: type.cases.map((c) => ({ name: c.name, type: c.type && resolve(scope, c.type) })) };
    case 'own':
    case 'borrow': return { ...type, resource: resolve(scope, type.resource) };
    default: return type;
  }
}
