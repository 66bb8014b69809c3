import { decodeEntities } from './ofx.ts';

/**
 * A small, linear XML reader for statement files (camt.053). It builds a plain element tree with local
 * names (namespace prefixes dropped) and never resolves DTDs or external entities: a statement needs
 * neither, and refusing them rules out entity-expansion and file-inclusion attacks.
 */

export type XmlElement = {
  /** Local name, without namespace prefix. */
  name: string;
  attributes: Readonly<Record<string, string>>;
  children: XmlElement[];
  /** Concatenated character data directly inside this element (CDATA included), entities decoded. */
  text: string;
  /** 1-based line of the start tag. */
  line: number;
};

export type XmlParse = { root: XmlElement | null; error: string | null };

const NO_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({});
const NON_SPACE_RE = /\S/;
const SPACE_RE = /\s/;
const ATTRIBUTE_RE = /([^\s=/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const MAX_DEPTH = 256;

const localName = (qualified: string) => qualified.slice(qualified.indexOf(':') + 1);

export type XmlOptions = {
  /**
   * Called when an element's closing tag is read, with its open ancestors (root first). Returning true
   * drops the element from its parent, so a reader can handle a long file's repeated records as they
   * end instead of holding the whole tree.
   */
  onElementEnd?: (element: XmlElement, ancestors: readonly XmlElement[]) => boolean;
};

/** Parses `text`; on malformed input returns what was read so far and an error. Never throws. */
export function parseXml(text: string, options: XmlOptions = {}): XmlParse {
  const { onElementEnd } = options;
  const top: XmlElement = { name: '#document', attributes: {}, children: [], text: '', line: 0 };
  const stack: XmlElement[] = [top];
  let i = 0;
  let line = 1;
  let lineAt = 0;
  const lineOf = (offset: number) => {
    for (; lineAt < offset; lineAt++) if (text.charCodeAt(lineAt) === 10) line++;
    return line;
  };
  let error: string | null = null;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const current = stack[stack.length - 1] ?? top;
    // Indentation between elements is dropped here: keeping it would make a big statement's tree
    // mostly whitespace strings.
    const segment = text.slice(i, lt < 0 ? text.length : lt);
    if (segment !== '' && NON_SPACE_RE.test(segment)) current.text += decodeEntities(segment);
    if (lt < 0) break;
    if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      current.text += text.slice(lt + 9, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end + 3;
      continue;
    }
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      i = end < 0 ? text.length : end + 3;
      continue;
    }
    if (text.startsWith('<!', lt) || text.startsWith('<?', lt)) {
      // DOCTYPE and processing instructions are skipped, never interpreted.
      const end = text.indexOf('>', lt + 2);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    const gt = text.indexOf('>', lt + 1);
    if (gt < 0) {
      error = `unterminated tag on line ${lineOf(lt)}`;
      break;
    }
    const tag = text.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const name = localName(tag.slice(1).trim());
      // Pop to the matching element; a stray closing tag is ignored.
      for (let k = stack.length - 1; k > 0; k--) {
        const closed = stack[k];
        if (closed?.name === name) {
          stack.length = k;
          const parent = stack[k - 1];
          if (onElementEnd?.(closed, stack) && parent?.children[parent.children.length - 1] === closed) {
            parent.children.pop();
          }
          break;
        }
      }
      continue;
    }
    const isSelfClosing = tag.endsWith('/');
    const body = isSelfClosing ? tag.slice(0, -1) : tag;
    const space = body.search(SPACE_RE);
    const name = localName(space < 0 ? body : body.slice(0, space));
    if (name === '') continue;
    let attributes = NO_ATTRIBUTES;
    if (space >= 0 && body.includes('=')) {
      const found: Record<string, string> = {};
      for (const m of body.slice(space).matchAll(ATTRIBUTE_RE)) {
        const key = m[1];
        if (key) found[localName(key)] = decodeEntities(m[2] ?? m[3] ?? '');
      }
      attributes = found;
    }
    const element: XmlElement = { name, attributes, children: [], text: '', line: lineOf(lt) };
    current.children.push(element);
    if (!isSelfClosing) {
      if (stack.length > MAX_DEPTH) {
        error = `elements nested deeper than ${MAX_DEPTH} on line ${element.line}`;
        break;
      }
      stack.push(element);
    }
  }
  const open = stack[stack.length - 1];
  if (error === null && stack.length > 1 && open) {
    error = `<${open.name}> from line ${open.line} is not closed at the end of the file`;
  }
  const root = top.children[0] ?? null;
  return { root, error };
}

/** The first child named `name` (or the element reached by following several names). */
export function child(element: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let at = element;
  for (const name of path) {
    at = at?.children.find((c) => c.name === name);
    if (!at) return undefined;
  }
  return at;
}

export const childrenNamed = (element: XmlElement | undefined, name: string): XmlElement[] =>
  element ? element.children.filter((c) => c.name === name) : [];

/** Trimmed text of the element reached by `path`, or ''. */
export const textAt = (element: XmlElement | undefined, ...path: string[]): string =>
  child(element, ...path)?.text.trim() ?? '';
