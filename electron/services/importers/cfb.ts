/**
 * Reading Microsoft Compound File Binary files ([MS-CFB]: OLE2 "structured storage"), the container of
 * Outlook `.msg` files, in memory. The file is hostile input: every sector number is checked against the
 * file's size, every chain is cut at a loop, and the directory tree is walked with a visited set, so a
 * crafted file ends in an error, never a hang or an unbounded allocation.
 */

export type CfbStorage = {
  name: string;
  streams: Map<string, Buffer>;
  storages: Map<string, CfbStorage>;
};

export const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
const NO_STREAM = 0xffffffff;
const MAX_DIFAT_SECTORS = 100_000;
const MAX_ENTRIES = 200_000;

export class CfbError extends Error {}

type DirEntry = {
  name: string;
  type: number;
  left: number;
  right: number;
  child: number;
  start: number;
  size: number;
};

export function isCfb(head: Uint8Array): boolean {
  return head.length >= 8 && CFB_MAGIC.equals(Buffer.from(head.buffer, head.byteOffset, 8));
}

/** The root storage with every stream read; throws `CfbError` on a damaged or hostile file. */
export function readCfb(bytes: Buffer): CfbStorage {
  if (bytes.length < 512 || !isCfb(bytes)) throw new CfbError('not a compound file (no OLE2 signature)');
  const sectorShift = bytes.readUInt16LE(0x1e);
  if (sectorShift !== 9 && sectorShift !== 12) throw new CfbError(`unknown sector size 2^${sectorShift}`);
  const sectorSize = 1 << sectorShift;
  const miniShift = bytes.readUInt16LE(0x20);
  if (miniShift !== 6) throw new CfbError(`unknown mini sector size 2^${miniShift}`);
  const miniCutoff = bytes.readUInt32LE(0x38);
  const sectorCount = Math.floor((bytes.length - sectorSize) / sectorSize) + 1;
  const sectorAt = (n: number) => {
    if (n >= sectorCount) throw new CfbError(`sector ${n} lies past the end of the file`);
    const start = (n + 1) * sectorSize;
    return bytes.subarray(start, Math.min(start + sectorSize, bytes.length));
  };

  // The FAT's own sectors are listed by the DIFAT: 109 in the header, the rest in a chain of DIFAT sectors.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const s = bytes.readUInt32LE(0x4c + i * 4);
    if (s !== FREE && s !== END_OF_CHAIN) fatSectors.push(s);
  }
  let difat = bytes.readUInt32LE(0x44);
  const perDifat = sectorSize / 4 - 1;
  for (let seen = 0; difat !== END_OF_CHAIN && difat !== FREE; seen++) {
    if (seen > MAX_DIFAT_SECTORS) throw new CfbError('the sector allocation table loops');
    const sector = sectorAt(difat);
    for (let i = 0; i < perDifat; i++) {
      const s = sector.readUInt32LE(i * 4);
      if (s !== FREE && s !== END_OF_CHAIN) fatSectors.push(s);
    }
    difat = sector.readUInt32LE(perDifat * 4);
  }
  const fat = new Uint32Array(fatSectors.length * (sectorSize / 4));
  fatSectors.forEach((s, k) => {
    const sector = sectorAt(s);
    for (let i = 0; i < sectorSize / 4 && i * 4 + 4 <= sector.length; i++) {
      fat[k * (sectorSize / 4) + i] = sector.readUInt32LE(i * 4);
    }
  });

  const chain = (table: Uint32Array, start: number, limit: number): number[] => {
    const out: number[] = [];
    for (let s = start; s !== END_OF_CHAIN;) {
      if (s >= table.length || out.length > limit) throw new CfbError('a sector chain is broken or loops');
      out.push(s);
      s = table[s]!;
    }
    return out;
  };
  // Streams may share sectors in a crafted file: what is read in total is capped, so 10,000 entries pointing at
  // one long chain cannot make 10,000 copies of it.
  let budget = bytes.length * 2 + 16 * 1024 * 1024;
  const readChain = (start: number, size?: number): Buffer => {
    if (start === END_OF_CHAIN || size === 0) return Buffer.alloc(0);
    const sectors = chain(fat, start, sectorCount);
    budget -= sectors.length * sectorSize;
    if (budget < 0) throw new CfbError('its streams overlap far beyond the size of the file; refused');
    const data = Buffer.concat(sectors.map(sectorAt));
    return size === undefined ? data : data.subarray(0, size);
  };

  const dirBytes = readChain(bytes.readUInt32LE(0x30));
  const entries: DirEntry[] = [];
  for (let at = 0; at + 128 <= dirBytes.length && entries.length < MAX_ENTRIES; at += 128) {
    const nameLength = Math.min(64, dirBytes.readUInt16LE(at + 64));
    entries.push({
      name: dirBytes.toString('utf16le', at, at + Math.max(0, nameLength - 2)),
      type: dirBytes[at + 66]!,
      left: dirBytes.readUInt32LE(at + 68),
      right: dirBytes.readUInt32LE(at + 72),
      child: dirBytes.readUInt32LE(at + 76),
      start: dirBytes.readUInt32LE(at + 116),
      // Version 3 files keep only the low 32 bits; no stream here may be larger than the file anyway.
      size: dirBytes.readUInt32LE(at + 120),
    });
  }
  const root = entries[0];
  if (!root || root.type !== 5) throw new CfbError('the directory has no root entry');

  const miniStream = readChain(root.start, root.size);
  const miniFatBytes = readChain(bytes.readUInt32LE(0x3c));
  const miniFat = new Uint32Array(miniFatBytes.length / 4);
  for (let i = 0; i < miniFat.length; i++) miniFat[i] = miniFatBytes.readUInt32LE(i * 4);
  const readMini = (start: number, size: number): Buffer => {
    if (size === 0) return Buffer.alloc(0);
    const sectors = chain(miniFat, start, miniStream.length / 64 + 1);
    budget -= sectors.length * 64;
    if (budget < 0) throw new CfbError('its streams overlap far beyond the size of the file; refused');
    const parts = sectors.map((s) => {
      if ((s + 1) * 64 > miniStream.length) throw new CfbError(`mini sector ${s} lies past the mini stream`);
      return miniStream.subarray(s * 64, (s + 1) * 64);
    });
    return Buffer.concat(parts).subarray(0, size);
  };

  const visited = new Set<number>();
  const build = (index: number, storage: CfbStorage) => {
    // The children of a storage are a binary tree of siblings; walked with a stack, each entry once.
    const stack = [index];
    while (stack.length) {
      const i = stack.pop()!;
      if (i === NO_STREAM) continue;
      if (visited.has(i) || i >= entries.length) throw new CfbError('the directory tree loops');
      visited.add(i);
      const e = entries[i]!;
      stack.push(e.left, e.right);
      if (e.type === 2) {
        const data = e.size < miniCutoff ? readMini(e.start, e.size) : readChain(e.start, e.size);
        if (data.length < e.size) throw new CfbError(`stream "${e.name}" is cut short`);
        storage.streams.set(e.name, data);
      } else if (e.type === 1) {
        const child: CfbStorage = { name: e.name, streams: new Map(), storages: new Map() };
        storage.storages.set(e.name, child);
        build(e.child, child);
      }
    }
  };
  const tree: CfbStorage = { name: root.name, streams: new Map(), storages: new Map() };
  visited.add(0);
  build(root.child, tree);
  return tree;
}
