import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { TextReader, Uint8ArrayReader, Uint8ArrayWriter, ZipWriter } from '@zip.js/zip.js';
import { describe, expect, it } from 'vitest';
import { startBridge } from '../../electron/bridge/server.ts';
import type { ExportSummary } from '../../electron/ipc/contract.ts';
import { UploadStaging } from '../../electron/ipc/uploads.ts';
import { encryptLocker } from '../../electron/services/crypto/convert.ts';
import type { ScryptCost } from '../../electron/services/crypto/keys.ts';
import { Locker } from '../../electron/services/locker.ts';
import { verifyLocker } from '../../electron/services/verify.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

/*
 * Issue 18 item 4: in an encrypted locker nothing the user hands over waits in clear on disk — not an upload
 * while it is being filed, not one a killed run left in `staging/`, not a packet the browser view exported.
 */

const tempDir = useTempDirs();
const COST: ScryptCost = { N: 1 << 12, r: 8, p: 1 };
const PASS = 'correct horse battery staple';
const CANARY = 'CANARY-STAGED-7Q4W';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Every file under `dir` that holds `needle` in clear. */
function filesHolding(dir: string, needle: string | Buffer): string[] {
  return readdirSync(dir, { recursive: true })
    .map((n) => path.join(dir, String(n)))
    .filter((f) => statSync(f).isFile() && readFileSync(f).includes(needle));
}

async function encryptedLocker(): Promise<{ dir: string; locker: Locker }> {
  const dir = tempDir();
  await encryptLocker(dir, PASS, { cost: COST });
  return { dir, locker: await Locker.open(dir, { unlock: { passphrase: PASS } }) };
}

/** A real PNG whose bytes carry `text` in a tEXt chunk before IEND (images go into the archive uncompressed). */
async function pngWith(text: string): Promise<Buffer> {
  const png = await makePng(40, 60, 3);
  const data = Buffer.concat([Buffer.from('tEXt', 'latin1'), Buffer.from(`Comment\0${text}`, 'latin1')]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length - 4);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data));
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), len, data, crc, png.subarray(iend)]);
}

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe('uploads into an encrypted locker', () => {
  it('are sealed in staging/ while they wait, and filed byte for byte', async () => {
    const { dir, locker } = await encryptedLocker();
    try {
      const c = await locker.createCase({ title: 'sealed staging' });
      const staging = new UploadStaging(locker);
      const { batchId } = await staging.begin(c.id);
      const note = Buffer.from(`${CANARY} the card ending 4421 was charged 39.90 again\n`);
      const name = `${CANARY}-statement.txt`;
      await staging.receive(batchId, name, Date.UTC(2025, 7, 27, 8, 1, 12), [note]);
      // Received, not yet filed: on disk only as ciphertext, under a name that is not the upload's.
      const waiting = readdirSync(path.join(dir, 'staging'), { recursive: true }).map(String);
      expect(waiting.length).toBeGreaterThan(0);
      expect(waiting.filter((n) => n.includes(CANARY))).toEqual([]);
      expect(filesHolding(dir, CANARY)).toEqual([]);

      const summary = await staging.commit(batchId);
      expect(summary.files).toMatchObject([{ name, outcome: 'added' }]);
      const outcome = summary.files[0]!;
      if (outcome.outcome !== 'added') throw new Error(`not filed: ${JSON.stringify(outcome)}`);
      const item = locker.getEvidence(outcome.evidenceId);
      expect(item.sha256).toBe(sha(note));
      expect(item.originalName).toBe(name);
      // The browser's modified time still dates the item, as it does in a plain locker.
      expect(item.fileMtime).toBe('2025-08-27T08:01:12.000Z');
      expect(await locker.objects.read(item.sha256)).toEqual(note);
      locker.db.pragma('wal_checkpoint(TRUNCATE)');
      expect(filesHolding(dir, CANARY)).toEqual([]);
      expect((await verifyLocker(locker)).problems).toEqual([]);
    } finally {
      locker.close();
    }
  });

  it('leave only unreadable ciphertext when the run is killed, and the next open sweeps it', async () => {
    const { dir, locker } = await encryptedLocker();
    try {
      const c = await locker.createCase({ title: 'killed upload' });
      const staging = new UploadStaging(locker);
      const { batchId } = await staging.begin(c.id);
      await staging.receive(batchId, 'bill.csv', null, [Buffer.from(`${CANARY},39.90\n`)]);
      // Killed here: nothing removes the staged copy, and its key is gone with the process.
    } finally {
      locker.close();
    }
    expect(filesHolding(dir, CANARY)).toEqual([]);
    const old = new Date(Date.now() - 2 * 60 * 60_000);
    for (const name of readdirSync(path.join(dir, 'staging')))
      utimesSync(path.join(dir, 'staging', name), old, old);
    (await Locker.open(dir, { unlock: { passphrase: PASS } })).close();
    expect(readdirSync(path.join(dir, 'staging'))).toEqual([]);
  });

  it('read a WhatsApp export too large to hold in slices from its sealed copy', async () => {
    const video = Buffer.concat([
      Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'),
      randomBytes(33 << 20),
    ]);
    const writer = new ZipWriter(new Uint8ArrayWriter(), { useWebWorkers: false, level: 0 });
    await writer.add('VID-20240101-WA0001.mp4', new Uint8ArrayReader(video));
    await writer.add(
      'WhatsApp Chat with Ana.txt',
      new TextReader(
        `01/01/2024, 10:00 - Ana: VID-20240101-WA0001.mp4 (file attached)\n01/01/2024, 10:01 - Me: ${CANARY}\n`,
      ),
    );
    const zip = Buffer.from(await writer.close());
    const { dir, locker } = await encryptedLocker();
    try {
      const c = await locker.createCase({ title: 'big chat' });
      const staging = new UploadStaging(locker);
      const { batchId } = await staging.begin(c.id);
      await staging.receive(batchId, 'WhatsApp Chat with Ana.zip', null, [zip]);
      expect(filesHolding(dir, CANARY)).toEqual([]);
      const summary = await staging.commit(batchId);
      const chat = summary.files.find((f) => f.name === 'WhatsApp Chat with Ana.zip')!;
      expect(chat.outcome).toBe('added');
      const filed = locker.listEvidence(c.id);
      expect(filed.map((e) => e.sha256).sort()).toEqual([sha(zip), sha(video)].sort());
      expect(filed.find((e) => e.sha256 === sha(zip))!.facts).toMatchObject({
        import: { format: 'whatsapp-zip', messages: 2 },
      });
      expect(readdirSync(path.join(dir, 'staging'))).toEqual([]);
    } finally {
      locker.close();
    }
  });
});

describe('packets the browser view exports from an encrypted locker', () => {
  it('never wait in clear in exports/, and download whole', async () => {
    const { dir, locker } = await encryptedLocker();
    const bridge = await startBridge({ locker, rendererDir: tempDir(), backgroundOcr: false, log: () => {} });
    try {
      const c = await locker.createCase({ title: 'packet' });
      const png = await pngWith(CANARY);
      const staging = new UploadStaging(locker);
      const { batchId } = await staging.begin(c.id);
      await staging.receive(batchId, 'Screenshot_20250827-080112.png', null, [png]);
      expect((await staging.commit(batchId)).files[0]!.outcome).toBe('added');

      const call = async (channel: string, body: unknown) => {
        const res = await fetch(`${bridge.origin}/api/${channel}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-locker-token': bridge.token },
          body: JSON.stringify(body),
        });
        return (await res.json()) as { ok: boolean; value: ExportSummary; error?: unknown };
      };
      const r = await call('export:run', { caseId: c.id, recipient: 'bank', lang: 'en', withArchive: true });
      expect(r.ok).toBe(true);
      const files = r.value.files;
      expect(files.map((f) => f.kind).sort()).toEqual(['archive', 'packet']);
      // Written and waiting for the browser: nothing of the original in clear anywhere in the locker.
      expect(readdirSync(path.join(dir, 'exports'), { recursive: true }).length).toBeGreaterThan(0);
      expect(filesHolding(dir, CANARY)).toEqual([]);
      expect(filesHolding(dir, png)).toEqual([]);

      for (const f of files) {
        const res = await fetch(`${bridge.origin}/files/export/${f.downloadId!}?token=${bridge.token}`);
        expect(res.status).toBe(200);
        const body = Buffer.from(await res.arrayBuffer());
        expect(Number(res.headers.get('content-length'))).toBe(f.bytes);
        expect(sha(body)).toBe(f.sha256);
        if (f.kind === 'archive') expect(body.includes(png)).toBe(true);
        else expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      }
    } finally {
      await bridge.close();
      locker.close();
    }
    expect(
      existsSync(path.join(dir, 'exports')) ? filesHolding(path.join(dir, 'exports'), CANARY) : [],
    ).toEqual([]);
  });

  it('a packet a killed run left in clear goes when the next run starts', async () => {
    const { dir, locker } = await encryptedLocker();
    const left = path.join(dir, 'exports', 'run-0123456789abcdef', '00aa');
    mkdirSync(left, { recursive: true });
    writeFileSync(path.join(left, 'evidence-packet.zip'), `${CANARY} packet`);
    const old = new Date(Date.now() - 30 * 60_000);
    utimesSync(path.dirname(left), old, old);
    const bridge = await startBridge({ locker, rendererDir: tempDir(), backgroundOcr: false, log: () => {} });
    try {
      await expect.poll(() => existsSync(path.dirname(left))).toBe(false);
      expect(filesHolding(dir, CANARY)).toEqual([]);
    } finally {
      await bridge.close();
      locker.close();
    }
  });
});
