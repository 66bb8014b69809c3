import type { CfbStorage } from './cfb.ts';

/**
 * Writes a Compound File ([MS-CFB] version 4: 4,096-byte sectors, 64-byte mini sectors, streams under
 * 4,096 bytes in the mini stream) from a storage tree, as Outlook does when it saves a message attached
 * inside another as a `.msg` of its own. Version 4 sectors let the header's 109 FAT entries address
 * 436 MB, so no DIFAT chain is needed; a larger tree is refused. Siblings are written as a right-leaning
 * chain in CFB name order (length first, then upper case): a valid, if unbalanced, tree for any reader.
 */

const SECTOR = 4096;
const MINI = 64;
const CUTOFF = 4096;
const END = 0xfffffffe;
const FREE = 0xffffffff;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;
const ENTRIES_PER_SECTOR = SECTOR / 128;
const MAX_FAT_SECTORS = 109;

type Node = {
  name: string;
  type: 1 | 2 | 5;
  data?: Buffer;
  children: Node[];
  right: number;
  child: number;
  start: number;
  size: number;
};

const cfbOrder = (a: Node, b: Node) =>
  a.name.length - b.name.length || (a.name.toUpperCase() < b.name.toUpperCase() ? -1 : 1);

function nodesOf(storage: CfbStorage): Node[] {
  const streams = [...storage.streams].map(([name, data]): Node => ({
    name,
    type: 2,
    data,
    children: [],
    right: NOSTREAM,
    child: NOSTREAM,
    start: END,
    size: data.length,
  }));
  const storages = [...storage.storages].map(([name, sub]): Node => ({
    name,
    type: 1,
    children: nodesOf(sub),
    right: NOSTREAM,
    child: NOSTREAM,
    start: 0,
    size: 0,
  }));
  return [...streams, ...storages].sort(cfbOrder);
}

export function writeCfb(tree: CfbStorage): Buffer {
  const root: Node = {
    name: 'Root Entry',
    type: 5,
    children: nodesOf(tree),
    right: NOSTREAM,
    child: NOSTREAM,
    start: END,
    size: 0,
  };
  const all: Node[] = [];
  const place = (node: Node) => {
    all.push(node);
    node.children.forEach((c, k) => {
      if (k === 0) node.child = all.length;
      else node.children[k - 1]!.right = all.length;
      place(c);
    });
  };
  place(root);

  const small = all.filter((n) => n.type === 2 && n.size < CUTOFF && n.size > 0);
  const big = all.filter((n) => n.type === 2 && n.size >= CUTOFF);
  const miniFat: number[] = [];
  const miniParts: Buffer[] = [];
  for (const n of small) {
    const count = Math.ceil(n.size / MINI);
    n.start = miniFat.length;
    for (let i = 0; i < count; i++) miniFat.push(i === count - 1 ? END : miniFat.length + 1);
    miniParts.push(n.data!, Buffer.alloc(count * MINI - n.size));
  }
  const miniStream = Buffer.concat(miniParts);
  root.size = miniStream.length;

  const sectorsFor = (bytes: number) => Math.ceil(bytes / SECTOR);
  const dirSectors = Math.ceil(all.length / ENTRIES_PER_SECTOR);
  const miniFatSectors = sectorsFor(miniFat.length * 4);
  const miniStreamSectors = sectorsFor(miniStream.length);
  const bigSectors = big.reduce((sum, n) => sum + sectorsFor(n.size), 0);
  const dataSectors = dirSectors + miniFatSectors + miniStreamSectors + bigSectors;
  let fatSectors = 1;
  while (fatSectors * (SECTOR / 4) < fatSectors + dataSectors) fatSectors++;
  if (fatSectors > MAX_FAT_SECTORS) throw new Error('too large to write as one compound file (over 436 MB)');

  const fat: number[] = Array.from({ length: fatSectors }, () => FATSECT);
  const allocate = (count: number): number => {
    if (count === 0) return END;
    const start = fat.length;
    for (let i = 0; i < count; i++) fat.push(i === count - 1 ? END : fat.length + 1);
    return start;
  };
  const dirStart = allocate(dirSectors);
  const miniFatStart = allocate(miniFatSectors);
  root.start = miniStream.length ? allocate(miniStreamSectors) : END;
  for (const n of big) n.start = allocate(sectorsFor(n.size));
  while (fat.length < fatSectors * (SECTOR / 4)) fat.push(FREE);

  // The header is 512 bytes of fields, zero-padded to a whole 4,096-byte sector in version 4.
  const header = Buffer.alloc(SECTOR);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(4, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(12, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(dirSectors, 0x28);
  header.writeUInt32LE(fatSectors, 0x2c);
  header.writeUInt32LE(dirStart, 0x30);
  header.writeUInt32LE(CUTOFF, 0x38);
  header.writeUInt32LE(miniFatSectors ? miniFatStart : END, 0x3c);
  header.writeUInt32LE(miniFatSectors, 0x40);
  header.writeUInt32LE(END, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i < fatSectors ? i : FREE, 0x4c + i * 4);

  const fatBytes = Buffer.alloc(fatSectors * SECTOR);
  fat.forEach((v, i) => fatBytes.writeUInt32LE(v, i * 4));
  const dir = Buffer.alloc(dirSectors * SECTOR);
  all.forEach((n, i) => {
    const at = i * 128;
    // Names are at most 31 UTF-16 code units; MAPI's own never come near.
    dir.write(n.name.slice(0, 31), at, 'utf16le');
    dir.writeUInt16LE((Math.min(n.name.length, 31) + 1) * 2, at + 64);
    dir[at + 66] = n.type;
    dir[at + 67] = 1; // black
    dir.writeUInt32LE(NOSTREAM, at + 68);
    dir.writeUInt32LE(n.right, at + 72);
    dir.writeUInt32LE(n.child, at + 76);
    dir.writeUInt32LE(n.type === 1 ? 0 : n.start, at + 116);
    dir.writeUInt32LE(n.size, at + 120);
  });
  for (let i = all.length; i < dirSectors * ENTRIES_PER_SECTOR; i++) {
    dir.writeUInt32LE(NOSTREAM, i * 128 + 68);
    dir.writeUInt32LE(NOSTREAM, i * 128 + 72);
    dir.writeUInt32LE(NOSTREAM, i * 128 + 76);
  }
  const miniFatBytes = Buffer.alloc(miniFatSectors * SECTOR, 0xff);
  miniFat.forEach((v, i) => miniFatBytes.writeUInt32LE(v, i * 4));
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc(sectorsFor(b.length) * SECTOR - b.length)]);
  return Buffer.concat([
    header,
    fatBytes,
    dir,
    miniFatBytes,
    pad(miniStream),
    ...big.map((n) => pad(n.data!)),
  ]);
}
