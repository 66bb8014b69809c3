import net from 'node:net';
import tls from 'node:tls';
import dns from 'node:dns';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { backupLocker, restoreLocker } from '../electron/services/backup.ts';
import { encryptLocker } from '../electron/services/crypto/convert.ts';
import { exportPacket } from '../electron/services/export/index.ts';
import { addPaths } from '../electron/services/intake.ts';
import { Locker } from '../electron/services/locker.ts';
import { runOcr } from '../electron/services/ocr/runner.ts';
import { caseSeries, caseSummary } from '../electron/services/records.ts';
import { searchCase } from '../electron/services/search.ts';
import { verifyLocker } from '../electron/services/verify.ts';
import { gbkFixture } from './importers/helpers.ts';
import { makePdf, makePng } from './helpers/images.ts';
import { useTempDirs } from './helpers/temp.ts';

const tempDir = useTempDirs();
const attempts: string[] = [];

// Every way out of this process is made to fail loudly and counted: a service that reached for the network
// would show up here, not pass silently because the machine happens to be offline.
beforeAll(() => {
  const refuse = (what: string) => () => {
    attempts.push(what);
    throw new Error(`network access attempted: ${what}`);
  };
  vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(refuse('net.Socket.connect'));
  vi.spyOn(tls, 'connect').mockImplementation(refuse('tls.connect'));
  vi.spyOn(dns, 'lookup').mockImplementation(refuse('dns.lookup'));
  vi.spyOn(globalThis, 'fetch').mockImplementation(refuse('fetch'));
});
afterAll(() => vi.restoreAllMocks());

describe('no network', () => {
  it('files, reads, searches, OCRs, totals, verifies and exports a case without opening a socket', async () => {
    const locker = await Locker.open(tempDir());
    try {
      const c = await locker.createCase({ title: '元保 auto-debit', counterparty: '元保' });
      const inbox = tempDir();
      const files = [
        ['Screenshot_20250827-080112.png', await makePng(200, 400)],
        ['alipay.csv', gbkFixture('alipay-2023.utf8.csv')],
        ['policy.pdf', makePdf()],
      ] as const;
      for (const [name, bytes] of files) writeFileSync(path.join(inbox, name), bytes);
      const r = await addPaths(locker, c.id, [inbox]);
      expect(r.errors).toEqual([]);
      await runOcr(locker, { caseId: c.id });
      searchCase(locker, c.id, '元保', {});
      caseSummary(locker, c.id);
      caseSeries(locker, c.id);
      expect((await verifyLocker(locker)).ok).toBe(true);
      await exportPacket(locker, c.id, {
        out: path.join(tempDir(), 'p.pdf'),
        zip: path.join(tempDir(), 'p.zip'),
      });
    } finally {
      locker.close();
    }
    expect(attempts).toEqual([]);
  });

  it('encrypts a locker, opens it with the passphrase, backs it up and restores it without opening a socket', async () => {
    const dir = tempDir();
    const plain = await Locker.open(dir);
    const c = await plain.createCase({ title: 'offline' });
    const inbox = tempDir();
    writeFileSync(path.join(inbox, 'Screenshot_20250827-080112.png'), await makePng(120, 240));
    await addPaths(plain, c.id, [inbox]);
    plain.close();
    await encryptLocker(dir, 'offline passphrase', { cost: { N: 1 << 12, r: 8, p: 1 } });
    const locker = await Locker.open(dir, { unlock: { passphrase: 'offline passphrase' } });
    let backup: string;
    try {
      expect((await verifyLocker(locker)).ok).toBe(true);
      backup = (await backupLocker(locker, path.join(tempDir(), 'b.zip'))).path;
    } finally {
      locker.close();
    }
    const report = await restoreLocker(backup, path.join(tempDir(), 'r'), () =>
      Promise.resolve({ passphrase: 'offline passphrase' }),
    );
    expect(report.ok).toBe(true);
    expect(attempts).toEqual([]);
  });
});
