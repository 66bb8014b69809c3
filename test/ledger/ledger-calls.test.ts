import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { upsertLink } from '../../db/queries/ledger.ts';
import { main, type Io } from '../../electron/cli.ts';
import { paymentJson, transactionJson } from '../../electron/cli/json.ts';
import { caseCalls } from '../../electron/services/calls/cases.ts';
import { runDeclared } from '../../electron/services/calls/define.ts';
import type { CallOutput } from '../../electron/services/calls/index.ts';
import { recordCalls } from '../../electron/services/calls/records.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { caseLedger } from '../../electron/services/ledger/index.ts';
import { Locker } from '../../electron/services/locker.ts';
import { caseSummary } from '../../electron/services/records.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { alipayBill, bocStatement, wechatBill } from '../helpers/seed-story.ts';
import { useTempDirs } from '../helpers/temp.ts';

/*
 * The ledger calls as the `locker` command runs them (issue 16): a dispute by text or by series through the
 * same call the Charges page uses, refunds linked and unlinked, every match a payment has (not only those
 * waiting), and the case's summary — on the seed story's three bills, filed for real.
 */

const tempDir = useTempDirs();
let store: string;
let locker: Locker;
let caseId: string;

beforeEach(async () => {
  store = tempDir();
  const inbox = tempDir();
  const put = (name: string, bytes: Buffer) => {
    const file = path.join(inbox, name);
    writeFileSync(file, bytes);
    return file;
  };
  locker = await Locker.open(store, { ids: sequentialIds() });
  caseId = (await locker.createCase({ title: '元保自动扣款', counterparty: '元保' })).id;
  await addPaths(locker, caseId, [
    put('alipay.csv', alipayBill()),
    put('wechat.csv', wechatBill()),
    put('boc.csv', bocStatement()),
  ]);
});
afterEach(() => locker.close());

type RecordCalls = typeof recordCalls;
/** One call as the command runs it: parsed by its schema, on the open locker. */
const run = <K extends keyof RecordCalls>(
  name: K,
  input: z.input<RecordCalls[K]['input']>,
): Promise<CallOutput<K>> =>
  runDeclared<z.ZodType, CallOutput<K>>({ locker }, recordCalls[name] as never, input);

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (out += t), env: {}, isTTY: false };
  const code = await main([...args, '--store', store], io);
  return { code, out };
}

describe('disputing through the call', () => {
  it('disputes a whole series, both rows of each payment, and links the refund of its charges', async () => {
    const { series, transactions } = await run('transaction:list', { caseId });
    const refund = transactions.find((t) => t.description.startsWith('退款'))!;
    // The bill's own link is undone first, so the series has a refund to link.
    await run('refund:link', { refundId: refund.id, chargeId: null });
    const s = series.find((x) => x.counterparty === '元保' && x.count === 8)!;
    const r = await run('transaction:dispute', { caseId, seriesId: s.id, disputed: true });
    expect(r.matched.slice().sort()).toEqual(s.transactionIds.slice().sort());
    expect(r.changed).toBe(16);
    expect(r.refundsLinked.map((l) => l.refundId)).toContain(refund.id);
    expect(r.transactions.find((t) => t.id === refund.id)!.refundOf).not.toBeNull();
    expect(r.disputed.count).toBe(8);
    // Undone, the charges are no longer disputed and the links stay.
    const undo = await run('transaction:dispute', { caseId, seriesId: s.id, disputed: false });
    expect(undo).toMatchObject({ changed: 16, refundsLinked: [], disputed: { count: 0 } });
    expect(undo.transactions.find((t) => t.id === refund.id)!.refundOf).not.toBeNull();
  });

  it('disputes by text only money out, and says which rows when neither text nor ids is given', async () => {
    const r = await run('transaction:dispute', { caseId, match: '元保', disputed: true });
    const rows = new Map(r.transactions.map((t) => [t.id, t]));
    expect(r.matched.length).toBeGreaterThan(0);
    expect(r.matched.every((id) => rows.get(id)!.direction === 'out' && rows.get(id)!.isDisputed)).toBe(true);
    expect(r.transactions.filter((t) => t.description.startsWith('退款')).every((t) => !t.isDisputed)).toBe(
      true,
    );
    await expect(run('transaction:dispute', { caseId, disputed: true })).rejects.toMatchObject({
      coded: { code: 'dispute.which' },
    });
    await expect(
      run('transaction:dispute', { caseId, seriesId: 'ser_nope', disputed: true }),
    ).rejects.toMatchObject({ coded: { code: 'series.not-found' } });
    const refund = r.transactions.find((t) => t.description.startsWith('退款'))!;
    await expect(
      run('transaction:dispute', { caseId, ids: [refund.id], disputed: true }),
    ).rejects.toMatchObject({ coded: { code: 'dispute.not-a-charge', params: { id: refund.id } } });
  });
});

describe('refunds and payments through the calls', () => {
  it('links and unlinks a refund, answering with the Charges of its case; a row that is no charge is refused', async () => {
    const { transactions } = await run('transaction:list', { caseId });
    const refund = transactions.find(
      (t) => t.description.startsWith('退款') && t.source.title === 'alipay.csv',
    )!;
    const charge = transactions.find((t) => t.id === refund.refundOf)!;
    const off = await run('refund:link', { refundId: refund.id, chargeId: null });
    expect(off.caseId).toBe(caseId);
    expect(off.transactions.find((t) => t.id === refund.id)!.refundOf).toBeNull();
    const on = await run('refund:link', { refundId: refund.id, chargeId: charge.id });
    expect(on.transactions.find((t) => t.id === refund.id)!.refundOf).toBe(charge.id);
    expect(locker.custodyLog({ caseId }).filter((e) => e.action === 'transactions.link-refund')).toHaveLength(
      2,
    );
    await expect(run('refund:link', { refundId: refund.id, chargeId: refund.id })).rejects.toMatchObject({
      coded: { code: 'refund.not-a-charge' },
    });
  });

  it('gives each payment its offset, refunds and, on asking, the matches already linked', async () => {
    const ledger = caseLedger(locker, caseId);
    const [a, b] = ledger.payments.filter((p) => p.counterparty === '元保' && p.amountMinor === 1990);
    expect(a && b).toBeTruthy();
    // A possible double charge the user confirmed: a flag between two payments, kept as linked.
    const now = locker.now();
    locker.write((log) => {
      upsertLink(locker.db, {
        caseId,
        aKey: a!.anchor.key,
        bKey: b!.anchor.key,
        kind: 'duplicate',
        state: 'linked',
        decidedBy: 'user',
        score: 0.6,
        reasons: [{ code: 'same-source-same-day' }],
        createdAt: now,
        updatedAt: now,
      });
      log({ action: 'ledger.confirm', caseId, subjectId: caseId, details: { kind: 'duplicate' } });
    });
    const waiting = await run('transaction:list', { caseId });
    expect(waiting.payments.find((p) => p.id === a!.id)!.pending).toEqual([]);
    const all = await run('transaction:list', { caseId, pending: 'all' });
    const p = all.payments.find((x) => x.id === a!.id)!;
    expect(p.pending).toEqual([
      {
        kind: 'duplicate',
        state: 'linked',
        paymentId: b!.id,
        transactionIds: [a!.anchor.tx.id, b!.anchor.tx.id],
        score: 0.6,
        reasons: [{ code: 'same-source-same-day' }],
      },
    ]);
    // The offset the bill wrote the time with, and the refunds of a charge.
    expect(paymentJson(p).at).toBe('2025-06-20T21:30:00+08:00');
    const refunded = all.payments.find((x) => x.refundIds.length)!;
    expect(refunded.refunded).toBe('59.90');
    expect(all.payments.find((x) => x.id === refunded.refundIds[0])!.refundOf).toBe(refunded.id);
    // The case in numbers `locker summary` prints comes with the overview.
    const overview = await runDeclared({ locker }, caseCalls['case:get'], { id: caseId });
    expect(overview.summary).toEqual(caseSummary(locker, caseId));
    expect(overview.summary.payments.toConfirm).toBe(all.toConfirm);

    // `locker payments --json` prints the linked one too; its line says nothing is waiting.
    locker.close();
    const out = await cli(['payments', caseId, '--json']);
    expect(out.code).toBe(0);
    const printed = (JSON.parse(out.out) as ReturnType<typeof paymentJson>[]).find((x) => x.id === a!.id)!;
    expect(printed.pending).toMatchObject([{ kind: 'duplicate', state: 'linked', paymentId: b!.id }]);
    const human = await cli(['payments', caseId]);
    expect(human.out).toMatch(new RegExp(`\\[wallet; seen in wechat\\]  ${a!.id}`));
    locker = await Locker.open(store);
  });

  it('confirms nothing when nothing waits, and says so in its count', async () => {
    const r = await run('payment:confirm', { caseId });
    expect(r.confirmed).toBe(0);
    expect(r.toConfirm).toBe(0);
  });
});

describe('the locker command on the calls', () => {
  it('prints a series dispute with the rows it chose, as before, and the summary after it', async () => {
    const { series, transactions } = await run('transaction:list', { caseId });
    const s = series.find((x) => x.count === 8)!;
    locker.close();
    const json = await cli(['dispute', caseId.slice(0, 8), '--series', s.id, '--json']);
    const r = JSON.parse(json.out) as { matched: ReturnType<typeof transactionJson>[]; changed: number };
    expect(r.changed).toBe(16);
    const rows = new Map(transactions.map((t) => [t.id, transactionJson(t)]));
    expect(r.matched.map((t) => ({ ...t, disputed: false }))).toEqual(r.matched.map((t) => rows.get(t.id)));
    expect((await cli(['dispute', caseId, '--series', s.id])).out).toBe(
      'Disputed 16 charge(s) (0 changed).\n',
    );
    const summary = await cli(['summary', caseId]);
    expect(summary.out).toContain(
      'disputed: 8 charge(s)\n  CNY: charged 359.20, refunded 59.90, still owed 299.30',
    );
    locker = await Locker.open(store);
  });
});
