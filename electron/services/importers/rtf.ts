import iconv from 'iconv-lite';

/**
 * Outlook keeps many bodies only as compressed RTF (`PR_RTF_COMPRESSED`, [MS-OXRTFCP]): this unpacks it and
 * turns the RTF into plain text for search and the detail view. The text is what a reader sees; fonts,
 * colours, pictures and the HTML tags of HTML-encapsulated RTF are dropped, never rendered.
 */

const PRELOAD =
  '{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx';
const LZFU = 0x75465a4c;
const MELA = 0x414c454d;
const MAX_RTF_BYTES = 64 * 1024 * 1024;

/** The RTF inside a compressed-RTF stream; null when it is neither of the two known kinds. */
export function decompressRtf(data: Buffer): Buffer | null {
  if (data.length < 16) return null;
  const rawSize = data.readUInt32LE(4);
  const type = data.readUInt32LE(8);
  if (type === MELA) return data.subarray(16, 16 + rawSize);
  if (type !== LZFU || rawSize > MAX_RTF_BYTES) return null;
  const dict = Buffer.alloc(4096);
  dict.write(PRELOAD, 0, 'latin1');
  let write = PRELOAD.length;
  const out = Buffer.alloc(rawSize);
  let outAt = 0;
  let at = 16;
  while (at < data.length && outAt < rawSize) {
    const control = data[at++]!;
    for (let bit = 0; bit < 8 && at < data.length && outAt < rawSize; bit++) {
      if ((control & (1 << bit)) === 0) {
        const byte = data[at++]!;
        out[outAt++] = byte;
        dict[write] = byte;
        write = (write + 1) % 4096;
        continue;
      }
      if (at + 1 >= data.length) return out.subarray(0, outAt);
      const ref = data.readUInt16BE(at);
      at += 2;
      const offset = ref >> 4;
      const length = (ref & 0x0f) + 2;
      if (offset === write) return out.subarray(0, outAt);
      for (let i = 0; i < length && outAt < rawSize; i++) {
        const byte = dict[(offset + i) % 4096]!;
        out[outAt++] = byte;
        dict[write] = byte;
        write = (write + 1) % 4096;
      }
    }
  }
  return out.subarray(0, outAt);
}

const SKIPPED_DESTINATIONS = new Set([
  'fonttbl',
  'colortbl',
  'stylesheet',
  'info',
  'pict',
  'object',
  'header',
  'footer',
  'themedata',
  'datastore',
  'listtable',
  'listoverridetable',
  'rsidtbl',
  'generator',
  'xmlnstbl',
  'mmathPr',
  'latentstyles',
  'colorschememapping',
  'filetbl',
  'revtbl',
]);

/** Plain text of an RTF document. */
export function rtfToText(rtf: Buffer): string {
  const s = rtf.toString('latin1');
  let codepage = 1252;
  const out: string[] = [];
  let pending: number[] = [];
  const flush = () => {
    if (!pending.length) return;
    const name = `cp${codepage}`;
    out.push(iconv.decode(Buffer.from(pending), iconv.encodingExists(name) ? name : 'cp1252'));
    pending = [];
  };
  const emit = (text: string) => {
    flush();
    out.push(text);
  };
  type Group = { skip: boolean; uc: number };
  const stack: Group[] = [];
  let group: Group = { skip: false, uc: 1 };
  let skipChars = 0;
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '{') {
      stack.push(group);
      group = { ...group };
      i++;
      continue;
    }
    if (c === '}') {
      group = stack.pop() ?? { skip: false, uc: 1 };
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c !== '\\') {
      if (skipChars > 0) skipChars--;
      else if (!group.skip) emit(c);
      i++;
      continue;
    }
    const next = s[i + 1] ?? '';
    if (next === "'") {
      const byte = parseInt(s.slice(i + 2, i + 4), 16);
      i += 4;
      if (skipChars > 0) skipChars--;
      else if (!group.skip && Number.isFinite(byte)) pending.push(byte);
      continue;
    }
    if (next === '*') {
      group.skip = true;
      i += 2;
      continue;
    }
    if (!/[a-zA-Z]/.test(next)) {
      if (!group.skip && (next === '\\' || next === '{' || next === '}')) emit(next);
      else if (!group.skip && next === '~') emit('\u00a0');
      i += 2;
      continue;
    }
    const m = /^([a-zA-Z]{1,32})(-?\d{1,10})? ?/.exec(s.slice(i + 1, i + 48));
    const word = m?.[1] ?? '';
    const param = m?.[2] === undefined ? null : Number(m[2]);
    i += 1 + (m?.[0].length ?? 1);
    if (SKIPPED_DESTINATIONS.has(word)) group.skip = true;
    else if (word === 'ansicpg' && param !== null) codepage = param;
    else if (word === 'uc' && param !== null) group.uc = param;
    else if (group.skip) continue;
    else if (word === 'par' || word === 'line' || word === 'row') emit('\n');
    else if (word === 'tab' || word === 'cell') emit('\t');
    else if (word === 'u' && param !== null) {
      emit(String.fromCharCode(param < 0 ? param + 65536 : param));
      skipChars = group.uc;
    }
  }
  flush();
  return out
    .join('')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The words of a compressed RTF body, or '' when it cannot be unpacked. */
export function rtfBodyText(data: Buffer): string {
  const rtf = decompressRtf(data);
  return rtf ? rtfToText(rtf) : '';
}
