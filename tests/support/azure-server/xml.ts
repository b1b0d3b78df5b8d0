/**
 * A small, strict XML 1.0 parser with namespaces: enough to judge SSML the way a real XML reader
 * does. It rejects anything that is not well-formed (mismatched or unclosed tags, bad names,
 * unquoted or duplicate attributes, raw "<" or "&", undefined entities, "]]>" in text, "--" in
 * comments, invalid characters, unbound prefixes, content after the root) and refuses DOCTYPE
 * outright (no DTDs, so no entity expansion tricks). Only the five predefined entities and
 * numeric character references are known.
 */

export const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NAMESPACE = 'http://www.w3.org/2000/xmlns/';

export interface XmlAttribute {
  readonly name: string;
  readonly prefix: string | null;
  readonly localName: string;
  readonly namespace: string | null;
  readonly value: string;
}

export interface XmlElement {
  readonly type: 'element';
  readonly name: string;
  readonly prefix: string | null;
  readonly localName: string;
  readonly namespace: string | null;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlNode[];
  /** Offset of the "<" that opens the element in the source. */
  readonly offset: number;
}

export interface XmlText {
  readonly type: 'text';
  readonly value: string;
  readonly cdata: boolean;
}

export type XmlNode = XmlElement | XmlText;

export class XmlSyntaxError extends Error {
  override readonly name = 'XmlSyntaxError';
  constructor(
    readonly reason: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
  }
}

const NAME_START =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D' +
  '\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHAR = `${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const NAME_RE = new RegExp(`[${NAME_START}][${NAME_CHAR}]*`, 'uy');
const INVALID_CHAR_RE = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isValidCodePoint(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

interface RawAttribute {
  name: string;
  value: string;
  offset: number;
}

type Scope = ReadonlyMap<string, string>;

class Parser {
  private pos = 0;

  constructor(private readonly src: string) {}

  parseDocument(): XmlElement {
    const invalid = INVALID_CHAR_RE.exec(this.src);
    if (invalid) this.fail(`invalid character U+${(invalid[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`, invalid.index);
    if (this.src.startsWith('<?xml') && /^<\?xml[\s?]/.test(this.src)) this.parseXmlDeclaration();
    this.parseMisc();
    if (this.src.startsWith('<!DOCTYPE', this.pos)) this.fail('DOCTYPE is not allowed');
    if (this.pos >= this.src.length || this.src[this.pos] !== '<') this.fail('expected the root element');
    const base: Scope = new Map([['xml', XML_NAMESPACE]]);
    const root = this.parseElement(base);
    this.parseMisc();
    if (this.pos < this.src.length) this.fail('content after the root element');
    return root;
  }

  private fail(reason: string, at = this.pos): never {
    const before = this.src.slice(0, at);
    const line = before.split('\n').length;
    const column = at - (before.lastIndexOf('\n') + 1) + 1;
    throw new XmlSyntaxError(reason, at, line, column);
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (this.pos < this.src.length && /[ \t\r\n]/.test(this.src[this.pos] ?? '')) this.pos++;
    return this.pos > start;
  }

  private expect(literal: string): void {
    if (!this.src.startsWith(literal, this.pos)) this.fail(`expected "${literal}"`);
    this.pos += literal.length;
  }

  private readName(): string {
    NAME_RE.lastIndex = this.pos;
    const m = NAME_RE.exec(this.src);
    if (!m) this.fail('expected a name');
    this.pos += m[0].length;
    return m[0];
  }

  private parseXmlDeclaration(): void {
    this.pos = 5;
    const attrs = new Map<string, string>();
    for (;;) {
      const spaced = this.skipSpace();
      if (this.src.startsWith('?>', this.pos)) break;
      if (!spaced) this.fail('expected whitespace in the XML declaration');
      const name = this.readName();
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      const quote = this.src[this.pos];
      if (quote !== '"' && quote !== "'") this.fail('XML declaration values must be quoted');
      const end = this.src.indexOf(quote, this.pos + 1);
      if (end < 0) this.fail('unterminated XML declaration value');
      attrs.set(name, this.src.slice(this.pos + 1, end));
      this.pos = end + 1;
    }
    this.pos += 2;
    const names = [...attrs.keys()];
    const order = ['version', 'encoding', 'standalone'];
    if (names[0] !== 'version') this.fail('the XML declaration must start with version');
    if (names.some((n) => !order.includes(n)) || names.some((n, i) => i > 0 && order.indexOf(n) <= order.indexOf(names[i - 1] ?? ''))) {
      this.fail('unexpected attribute in the XML declaration');
    }
    if (!/^1\.[0-9]+$/.test(attrs.get('version') ?? '')) this.fail('unsupported XML version');
    const encoding = attrs.get('encoding');
    if (encoding !== undefined && !/^[A-Za-z][A-Za-z0-9._-]*$/.test(encoding)) this.fail('bad encoding name');
    const standalone = attrs.get('standalone');
    if (standalone !== undefined && standalone !== 'yes' && standalone !== 'no') this.fail('standalone must be yes or no');
  }

  /** Comments, processing instructions and whitespace outside the root. */
  private parseMisc(): void {
    for (;;) {
      this.skipSpace();
      if (this.src.startsWith('<!--', this.pos)) this.parseComment();
      else if (this.src.startsWith('<?', this.pos)) this.parsePi();
      else return;
    }
  }

  private parseComment(): void {
    const start = this.pos;
    this.pos += 4;
    const end = this.src.indexOf('--', this.pos);
    if (end < 0) this.fail('unterminated comment', start);
    if (this.src[end + 2] !== '>') this.fail('"--" is not allowed inside a comment', end);
    this.pos = end + 3;
  }

  private parsePi(): void {
    const start = this.pos;
    this.pos += 2;
    const target = this.readName();
    if (target.toLowerCase() === 'xml') this.fail('the XML declaration is only allowed at the very start', start);
    if (target.includes(':')) this.fail('processing instruction targets may not contain ":"', start);
    const end = this.src.indexOf('?>', this.pos);
    if (end < 0) this.fail('unterminated processing instruction', start);
    if (end > this.pos && !/^[ \t\r\n]/.test(this.src.slice(this.pos, end))) this.fail('expected whitespace after the PI target');
    this.pos = end + 2;
  }

  private parseReference(): string {
    const start = this.pos;
    const end = this.src.indexOf(';', this.pos);
    if (end < 0 || end - start > 40) this.fail('"&" must start an entity or character reference (write &amp;)', start);
    const body = this.src.slice(start + 1, end);
    this.pos = end + 1;
    if (body.startsWith('#')) {
      const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body);
      if (!m) this.fail(`malformed character reference &${body};`, start);
      const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2] ?? '', 10);
      if (!isValidCodePoint(cp)) this.fail(`character reference &${body}; is not a valid XML character`, start);
      return String.fromCodePoint(cp);
    }
    const value = PREDEFINED[body];
    if (value === undefined) {
      if (!/^[^\s&;<>]+$/.test(body)) this.fail('"&" must start an entity or character reference (write &amp;)', start);
      this.fail(`undefined entity &${body};`, start);
    }
    return value;
  }

  private parseAttributeValue(): string {
    const quote = this.src[this.pos];
    if (quote !== '"' && quote !== "'") this.fail('attribute values must be quoted');
    this.pos++;
    let value = '';
    for (;;) {
      if (this.pos >= this.src.length) this.fail('unterminated attribute value');
      const ch = this.src[this.pos] ?? '';
      if (ch === quote) {
        this.pos++;
        return value;
      }
      if (ch === '<') this.fail('"<" is not allowed in attribute values');
      if (ch === '&') {
        value += this.parseReference();
        continue;
      }
      // Attribute-value normalisation (XML 1.0 section 2.11, section 3.3.3): CRLF counts once, whitespace becomes a space.
      value += ch === '\t' || ch === '\n' || ch === '\r' ? ' ' : ch;
      this.pos += ch === '\r' && this.src[this.pos + 1] === '\n' ? 2 : 1;
    }
  }

  private splitQName(qname: string, at: number): { prefix: string | null; localName: string } {
    const parts = qname.split(':');
    if (parts.length === 1) return { prefix: null, localName: qname };
    if (parts.length !== 2 || !parts[0] || !parts[1]) this.fail(`"${qname}" is not a valid qualified name`, at);
    return { prefix: parts[0], localName: parts[1] };
  }

  private parseElement(parentScope: Scope): XmlElement {
    const start = this.pos;
    this.expect('<');
    const name = this.readName();
    const raw: RawAttribute[] = [];
    for (;;) {
      const spaced = this.skipSpace();
      const ch = this.src[this.pos];
      if (ch === '>' || this.src.startsWith('/>', this.pos)) break;
      if (ch === undefined) this.fail(`unterminated start tag <${name}>`, start);
      if (!spaced) this.fail('expected whitespace between attributes');
      const attrStart = this.pos;
      const attrName = this.readName();
      this.skipSpace();
      if (this.src[this.pos] !== '=') this.fail(`attribute "${attrName}" has no value`);
      this.pos++;
      this.skipSpace();
      const value = this.parseAttributeValue();
      if (raw.some((a) => a.name === attrName)) this.fail(`duplicate attribute "${attrName}"`, attrStart);
      raw.push({ name: attrName, value, offset: attrStart });
    }
    const selfClosing = this.src.startsWith('/>', this.pos);
    this.pos += selfClosing ? 2 : 1;

    // Namespace declarations first, then resolve names against the new scope.
    const scope = new Map(parentScope);
    for (const attr of raw) {
      if (attr.name === 'xmlns') {
        if (attr.value === XML_NAMESPACE || attr.value === XMLNS_NAMESPACE) this.fail('reserved namespace bound as default', attr.offset);
        if (attr.value === '') scope.delete('');
        else scope.set('', attr.value);
      } else if (attr.name.startsWith('xmlns:')) {
        const prefix = attr.name.slice(6);
        this.splitQName(attr.name, attr.offset);
        if (prefix === 'xmlns') this.fail('the xmlns prefix cannot be declared', attr.offset);
        if (prefix === 'xml' ? attr.value !== XML_NAMESPACE : attr.value === XML_NAMESPACE) {
          this.fail('the xml prefix and namespace belong to each other only', attr.offset);
        }
        if (attr.value === '') this.fail(`prefix "${prefix}" cannot be bound to an empty namespace`, attr.offset);
        scope.set(prefix, attr.value);
      }
    }
    const el = this.splitQName(name, start);
    if (el.prefix === 'xmlns') this.fail('elements cannot use the xmlns prefix', start);
    const elementNs = el.prefix === null ? (scope.get('') ?? null) : scope.get(el.prefix);
    if (elementNs === undefined) this.fail(`namespace prefix "${el.prefix}" is not declared`, start);

    const attributes: XmlAttribute[] = [];
    const expanded = new Set<string>();
    for (const attr of raw) {
      const q = this.splitQName(attr.name, attr.offset);
      let namespace: string | null = null;
      if (attr.name === 'xmlns' || q.prefix === 'xmlns') namespace = XMLNS_NAMESPACE;
      else if (q.prefix !== null) {
        const bound = scope.get(q.prefix);
        if (bound === undefined) this.fail(`namespace prefix "${q.prefix}" is not declared`, attr.offset);
        namespace = bound;
      }
      const key = `${namespace ?? ''}|${q.localName}`;
      if (namespace !== XMLNS_NAMESPACE && expanded.has(key)) this.fail(`duplicate attribute "${attr.name}"`, attr.offset);
      expanded.add(key);
      attributes.push({ name: attr.name, prefix: q.prefix, localName: q.localName, namespace, value: attr.value });
    }

    const children: XmlNode[] = [];
    if (!selfClosing) this.parseContent(name, start, scope, children);
    return { type: 'element', name, prefix: el.prefix, localName: el.localName, namespace: elementNs, attributes, children, offset: start };
  }

  private parseContent(name: string, start: number, scope: Scope, children: XmlNode[]): void {
    let text = '';
    const flush = () => {
      if (text) children.push({ type: 'text', value: text, cdata: false });
      text = '';
    };
    for (;;) {
      if (this.pos >= this.src.length) this.fail(`element <${name}> is not closed`, start);
      const ch = this.src[this.pos];
      if (ch === '<') {
        if (this.src.startsWith('</', this.pos)) {
          flush();
          const endStart = this.pos;
          this.pos += 2;
          const endName = this.readName();
          this.skipSpace();
          if (this.src[this.pos] !== '>') this.fail('expected ">" to close the end tag');
          this.pos++;
          if (endName !== name) this.fail(`end tag </${endName}> does not match <${name}>`, endStart);
          return;
        }
        if (this.src.startsWith('<!--', this.pos)) {
          this.parseComment();
        } else if (this.src.startsWith('<![CDATA[', this.pos)) {
          flush();
          const end = this.src.indexOf(']]>', this.pos + 9);
          if (end < 0) this.fail('unterminated CDATA section');
          children.push({ type: 'text', value: this.src.slice(this.pos + 9, end), cdata: true });
          this.pos = end + 3;
        } else if (this.src.startsWith('<?', this.pos)) {
          this.parsePi();
        } else if (this.src.startsWith('<!', this.pos)) {
          this.fail('unexpected markup declaration');
        } else {
          flush();
          children.push(this.parseElement(scope));
        }
        continue;
      }
      if (ch === '&') {
        text += this.parseReference();
        continue;
      }
      if (ch === ']' && this.src.startsWith(']]>', this.pos)) this.fail('"]]>" is not allowed in text');
      if (ch === '\r') {
        // End-of-line handling (XML 1.0 section 2.11): CRLF and lone CR become LF.
        text += '\n';
        this.pos += this.src[this.pos + 1] === '\n' ? 2 : 1;
        continue;
      }
      text += ch;
      this.pos++;
    }
  }
}

/** Parses a complete document and returns its root element; throws XmlSyntaxError. */
export function parseXml(source: string): XmlElement {
  const src = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  return new Parser(src).parseDocument();
}

/** The attribute with this local name and namespace (null = no namespace). */
export function getAttribute(el: XmlElement, localName: string, namespace: string | null = null): string | undefined {
  return el.attributes.find((a) => a.localName === localName && a.namespace === namespace)?.value;
}
