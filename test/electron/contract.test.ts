import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASE_STATUSES as DB_STATUSES } from '../../db/queries/cases.ts';
import { EVENT_KINDS as DB_EVENT_KINDS } from '../../db/queries/events.ts';
import {
  EVIDENCE_KINDS as DB_EVIDENCE_KINDS,
  TIME_SOURCES as DB_TIME_SOURCES,
} from '../../db/queries/evidence.ts';
import { BRIDGE_CHANNELS, ELECTRON_CHANNELS, SHARED_CHANNELS } from '../../electron/ipc/channels.ts';
import {
  CASE_STATUSES,
  EVENT_KINDS,
  EVIDENCE_KINDS,
  parseInput,
  schemas,
  TIME_SOURCES,
} from '../../electron/ipc/contract.ts';
import { createHandlers, dispatch, type SharedHandlers } from '../../electron/ipc/handlers.ts';
import { UploadStaging } from '../../electron/ipc/uploads.ts';
import { Locker } from '../../electron/services/locker.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';

describe('the IPC contract', () => {
  it('mirrors the database’s lists exactly (the renderer cannot import db/)', () => {
    expect(CASE_STATUSES).toEqual(DB_STATUSES);
    expect(EVIDENCE_KINDS).toEqual(DB_EVIDENCE_KINDS);
    expect(EVENT_KINDS).toEqual(DB_EVENT_KINDS);
    expect(TIME_SOURCES).toEqual(DB_TIME_SOURCES);
  });

  it('has one schema per channel, every name noun:verb', () => {
    const all = [...SHARED_CHANNELS, ...ELECTRON_CHANNELS, ...BRIDGE_CHANNELS];
    expect(Object.keys(schemas).sort()).toEqual([...all].sort());
    for (const channel of all) expect(channel).toMatch(/^[a-z]+:[a-z]+$/);
  });

  it('accepts well-formed inputs', () => {
    expect(
      parseInput('case:create', { title: ' 元保扣款 ', counterparty: '元保', paymentMethod: 'alipay' }),
    ).toEqual({
      ok: true,
      value: { title: '元保扣款', counterparty: '元保', paymentMethod: 'alipay' },
    });
    expect(
      parseInput('evidence:update', {
        id: 'ev_000001',
        patch: { occurredAt: '2025-08-20T10:00:00', tags: ['bill'] },
      }).ok,
    ).toBe(true);
    expect(
      parseInput('import:paths', { caseId: 'case_000001', paths: ['/home/me/a.png', 'C:\\Users\\me\\b.png'] })
        .ok,
    ).toBe(true);
  });

  const hostile: [string, keyof typeof schemas, unknown][] = [
    ['no input', 'case:list', undefined],
    ['null', 'case:get', null],
    ['an array', 'case:get', ['case_000001']],
    ['a string', 'case:get', 'case_000001'],
    ['an unknown key', 'case:list', { includeArchived: true, sql: 'DROP TABLE cases' }],
    ['a __proto__ key', 'case:create', JSON.parse('{"title":"x","__proto__":{"isAdmin":true}}')],
    ['a constructor key', 'case:update', { id: 'case_000001', patch: { constructor: { prototype: {} } } }],
    ['an id prefix', 'case:get', { id: 'case_' }],
    ['a LIKE wildcard id', 'evidence:get', { id: 'ev_%' }],
    ['a path as id', 'evidence:get', { id: '../../locker.db' }],
    ['an evidence id for a case', 'case:get', { id: 'ev_000001' }],
    ['an empty title', 'case:create', { title: '   ' }],
    ['a huge title', 'case:create', { title: 'x'.repeat(301) }],
    ['a number for a title', 'case:create', { title: 42 }],
    ['an unknown status', 'case:update', { id: 'case_000001', patch: { status: 'won' } }],
    [
      'an unknown kind',
      'event:add',
      { caseId: 'case_000001', kind: 'hack', title: 'x', occurredAt: '2025-08-20' },
    ],
    ['a huge notes field', 'evidence:update', { id: 'ev_000001', patch: { notes: 'x'.repeat(20_001) } }],
    ['too many tags', 'evidence:update', { id: 'ev_000001', patch: { tags: Array(51).fill('t') } }],
    ['a tag that is not a string', 'evidence:update', { id: 'ev_000001', patch: { tags: [{}] } }],
    ['a relative path', 'import:paths', { caseId: 'case_000001', paths: ['../../etc/passwd'] }],
    ['a path with NUL', 'import:paths', { caseId: 'case_000001', paths: ['/tmp/a\0.png'] }],
    ['no paths', 'import:paths', { caseId: 'case_000001', paths: [] }],
    [
      'bytes as a string',
      'import:bytes',
      { caseId: 'case_000001', files: [{ name: 'a.png', bytes: 'AAAA' }] },
    ],
    ['a bad batch id', 'import:commit', { batchId: '../../tmp' }],
    ['a trash flag as a string', 'evidence:trash', { id: 'ev_000001', trashed: 'yes' }],
  ];

  it.each(hostile)('refuses %s with a bad_input envelope', (_what, channel, input) => {
    const result = parseInput(channel, input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('bad_input');
  });
});

describe('the handlers over a real locker', () => {
  const tempDir = useTempDirs();
  let locker: Locker;
  let handlers: SharedHandlers;

  beforeEach(async () => {
    locker = await Locker.open(tempDir(), { ids: sequentialIds(), actor: 'app' });
    handlers = createHandlers(locker);
  });
  afterEach(() => locker.close());

  const call = <C extends keyof SharedHandlers>(channel: C, input: unknown) =>
    dispatch(channel, input, handlers[channel], () => undefined);

  it('wraps results and the user’s mistakes in envelopes', async () => {
    const created = await call('case:create', {
      title: 'Yuanbao',
      counterparty: '元保',
      paymentMethod: 'alipay',
    });
    expect(created).toMatchObject({ ok: true, value: { id: 'case_000001', status: 'collecting' } });
    expect(await call('case:get', { id: 'case_000002' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No case with the id "case_000002".' },
    });
    expect(
      await call('event:add', { caseId: 'case_000001', kind: 'call', title: 'x', occurredAt: '2025-02-30' }),
    ).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });

  it('looks items up by their exact id only, never by a prefix', async () => {
    await call('case:create', { title: 'Yuanbao' });
    // `case_0000` is a valid-looking id that the Locker would resolve as a prefix of case_000001.
    expect(await call('case:get', { id: 'case_0000' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('hides internal errors behind a sentence', async () => {
    const logged: unknown[] = [];
    const result = await dispatch(
      'case:list',
      {},
      () => Promise.reject(new Error('SQLITE_CORRUPT at /home/me/.config/locker.db')),
      (e) => logged.push(e),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('/home/me');
    expect(logged).toHaveLength(1);
  });

  it('files uploads under sanitised names, reports them by name, and leaves no temp files', async () => {
    const tmpRoot = tempDir();
    const staging = new UploadStaging(locker, { tmpRoot });
    await locker.createCase({ title: 'Yuanbao' });
    const { batchId } = await staging.begin('case_000001');
    await staging.receive(batchId, '../../Screenshot_20250827-080112.png', Date.UTC(2025, 7, 27), [
      await makePng(20, 40),
    ]);
    await staging.receive(batchId, 'empty.png', null, []);
    const summary = await staging.commit(batchId);
    expect(summary.files).toEqual([
      { name: 'Screenshot_20250827-080112.png', outcome: 'added', evidenceId: 'ev_000001', warnings: [] },
      {
        name: 'empty.png',
        outcome: 'failed',
        reason: 'the file is empty (0 bytes): there is nothing in it to keep',
      },
    ]);
    expect(locker.getEvidence('ev_000001')).toMatchObject({
      occurredUtc: '2025-08-27T00:01:12.000Z',
      acquisitionMethod: 'upload',
    });
    expect(readdirSync(tmpRoot)).toEqual([]);
    await expect(staging.commit(batchId)).rejects.toThrow(/No upload batch/);
  });

  it('refuses an upload past the size limit and keeps nothing of it', async () => {
    const tmpRoot = tempDir();
    const staging = new UploadStaging(locker, { tmpRoot, maxFileBytes: 10 });
    await locker.createCase({ title: 'Yuanbao' });
    const { batchId } = await staging.begin('case_000001');
    await expect(staging.receive(batchId, 'big.png', null, [new Uint8Array(11)])).rejects.toThrow(
      /larger than/,
    );
    await staging.close();
    expect(readdirSync(tmpRoot)).toEqual([]);
    expect(existsSync(path.join(tmpRoot, 'x'))).toBe(false);
  });
});
