import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/ipc/dispatch.ts';
import { bindCalls } from '../../electron/services/calls/index.ts';
import {
  addAgreementFromEvidence,
  disputedSeriesStops,
  readAgreementPage,
  seriesForMerchant,
} from '../../electron/services/dispute/agreement-from-ocr.ts';
import { casePlan } from '../../electron/services/dispute/plan.ts';
import { addAgreement, agreementJson, updateAgreement } from '../../electron/services/dispute/records.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { createTesseractEngine, type OcrEngine } from '../../electron/services/ocr/engine.ts';
import { runOcr } from '../../electron/services/ocr/runner.ts';
import { caseSeries, disputeSeries } from '../../electron/services/records.ts';
import { sequentialIds } from '../../electron/services/util/ids.ts';
import { makePng } from '../helpers/images.ts';
import { useTempDirs } from '../helpers/temp.ts';
import { alipayAgreementScreen, wechatAgreementScreen } from '../ocr/agreement-screens.ts';
import { put, yuanbaoBill } from './helpers.ts';

const tempDir = useTempDirs();
let engine: OcrEngine;
let locker: Locker;
let caseId: string;
let inbox: string;
const now = new Date('2025-09-01T00:00:00Z');

// One worker for the file: starting one costs 0.3–0.7 s.
beforeAll(async () => {
  engine = await createTesseractEngine();
}, 30_000);
afterAll(async () => {
  await engine.terminate();
});
beforeEach(async () => {
  locker = await Locker.open(tempDir(), { ids: sequentialIds(), clock: () => now });
  caseId = (await locker.createCase({ title: '被元保自动扣款', counterparty: '元保' })).id;
  inbox = tempDir();
});
afterEach(() => locker.close());

const stopDebits = () => casePlan(locker, caseId, { lang: 'en' }).steps.find((s) => s.key === 'stop-debits')!;
const keepProof = () => casePlan(locker, caseId, { lang: 'en' }).steps.find((s) => s.key === 'keep-proof')!;

/** Files the 元保 bill and disputes its series; returns the series. */
async function disputedYuanbao() {
  await addPaths(locker, caseId, [put(inbox, 'alipay.csv', yuanbaoBill())]);
  const [series] = caseSeries(locker, caseId);
  await disputeSeries(locker, caseId, series!.id);
  return series!;
}

async function fileScreenshot(name: string, png: Buffer): Promise<string> {
  const { added } = await addPaths(locker, caseId, [put(inbox, name, png)]);
  await runOcr(locker, { engine, caseId });
  return added[0]!.id;
}

describe('an agreement recorded from a screenshot of its page', () => {
  it(
    'reads the Alipay page, links the screenshot and the series, and the plan stops asking for the page',
    { timeout: 60_000 },
    async () => {
      const series = await disputedYuanbao();
      const next = `next charge from 元保 expected ${series.nextExpected.slice(0, 10)}`;
      expect(stopDebits()).toMatchObject({
        status: 'todo',
        missing: ['no auto-debit agreement recorded yet', 'agreement page not captured', next],
      });
      expect(keepProof().missing).toContain('agreement page not captured');

      const shot = await fileScreenshot('Screenshot_20250901-200000.png', await alipayAgreementScreen());
      const reading = readAgreementPage(locker, shot);
      expect(reading).toMatchObject({
        ocrStatus: 'done',
        page: 1,
        series: { id: series.id, counterparty: '元保' },
        agreementIds: [],
      });
      expect(reading.suggestion?.isAgreementPage).toBe(true);

      const r = await addAgreementFromEvidence(locker, caseId, shot);
      expect(r.isNew).toBe(true);
      expect(r.found).toEqual(['merchant', 'service', 'number', 'signedAt', 'method', 'status']);
      expect(agreementJson(r.agreement)).toEqual({
        id: r.agreement.id,
        caseId,
        merchant: '元保保险经纪(北京)有限公司',
        service: '百万医疗险自动续费',
        number: '20250327000000001234',
        signedAt: '2025-03-27T08:00:12+08:00',
        closedAt: null,
        paymentMethod: '余额宝',
        status: 'active',
        seriesId: series.id,
        evidenceIds: [shot],
      });
      expect(locker.custodyLog({ subjectId: r.agreement.id }).map((e) => e.action)).toEqual([
        'agreement.add',
      ]);
      expect(readAgreementPage(locker, shot).agreementIds).toEqual([r.agreement.id]);

      // The page is captured; the agreement is still open, so the next charge is still a warning.
      expect(keepProof().missing).not.toContain('agreement page not captured');
      expect(stopDebits()).toMatchObject({
        status: 'doing',
        missing: ['the auto-debit agreement is not closed yet', next],
      });
      expect(disputedSeriesStops(locker, caseId)).toEqual([
        {
          seriesId: series.id,
          counterparty: '元保',
          nextExpected: series.nextExpected,
          agreementId: r.agreement.id,
          closedAt: null,
          isStopped: false,
        },
      ]);

      // Closed: the warning for the series' next charge goes, and the step is done.
      await updateAgreement(locker, r.agreement.id, { closedAt: '2025-09-01 20:30' });
      expect(stopDebits()).toMatchObject({
        status: 'done',
        holds: ['agreement closed on 2025-09-01'],
        missing: [],
      });
      expect(disputedSeriesStops(locker, caseId)[0]).toMatchObject({
        isStopped: true,
        closedAt: '2025-09-01T20:30:00+08:00',
      });
    },
  );

  it('lets the user correct what was read, and fills only what an existing agreement lacks', async () => {
    const series = await disputedYuanbao();
    const shot = await fileScreenshot('Screenshot_20250901-200000.png', await alipayAgreementScreen());
    const own = await addAgreement(locker, caseId, { merchant: '元保', number: 'MY-OWN-1' });
    const r = await addAgreementFromEvidence(locker, caseId, shot, { service: '百万医疗' }, own.id);
    expect(r.isNew).toBe(false);
    expect(agreementJson(r.agreement)).toMatchObject({
      merchant: '元保',
      number: 'MY-OWN-1',
      service: '百万医疗',
      signedAt: '2025-03-27T08:00:12+08:00',
      paymentMethod: '余额宝',
      seriesId: series.id,
      evidenceIds: [shot],
    });

    const fresh = await addAgreementFromEvidence(locker, caseId, shot, { merchant: '元保（北京）' });
    expect(fresh.agreement.merchant).toBe('元保（北京）');
    expect(fresh.agreement.number).toBe('20250327000000001234');
  }, 60_000);

  it('refuses a screenshot that is not an agreement page or not read yet, unless the user names the merchant', async () => {
    const { added } = await addPaths(locker, caseId, [
      put(inbox, 'Screenshot_x.png', await makePng(60, 120)),
    ]);
    await expect(addAgreementFromEvidence(locker, caseId, added[0]!.id)).rejects.toThrow(/not been read yet/);
    await runOcr(locker, { engine, caseId });
    await expect(addAgreementFromEvidence(locker, caseId, added[0]!.id)).rejects.toThrow(
      /does not read as an auto-debit agreement page/,
    );
    const r = await addAgreementFromEvidence(locker, caseId, added[0]!.id, { merchant: '元保' });
    expect(r.agreement).toMatchObject({ merchant: '元保', evidenceIds: [added[0]!.id] });
    expect(r.found).toEqual([]);
  }, 60_000);

  it('records a closed WeChat Pay agreement through the IPC channels as the user checked it', async () => {
    const series = await disputedYuanbao();
    const shot = await fileScreenshot('wechat.png', await wechatAgreementScreen());
    const handlers = bindCalls({ locker });
    const read = await dispatch('agreement:read', { evidenceId: shot }, handlers['agreement:read']);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value).toMatchObject({
      evidenceId: shot,
      isAgreementPage: true,
      platform: 'wechat',
      merchant: { value: '元保保险经纪(北京)有限公司' },
      status: { value: 'closed', isInferred: false },
      closedAt: { local: '2025-09-01 20:00:00', at: '2025-09-01T20:00:00+08:00' },
      series: { id: series.id },
      agreementIds: [],
    });
    expect(read.value.number?.source.boxes.length).toBeGreaterThan(0);

    const bad = await dispatch(
      'agreement:add',
      { evidenceId: shot, merchant: '', status: 'closed' },
      handlers['agreement:add'],
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    const added = await dispatch(
      'agreement:add',
      {
        evidenceId: shot,
        merchant: '元保',
        service: read.value.service!.value,
        number: read.value.number!.value,
        signedAt: read.value.signedAt!.local,
        closedAt: read.value.closedAt!.local,
        paymentMethod: read.value.method!.value,
        status: 'closed',
      },
      handlers['agreement:add'],
    );
    expect(added).toMatchObject({
      ok: true,
      value: {
        merchant: '元保',
        number: '4200001234202503270001',
        signedAt: '2025-03-27T08:00:00+08:00',
        closedAt: '2025-09-01T20:00:00+08:00',
        status: 'closed',
        seriesId: series.id,
        evidenceIds: [shot],
      },
    });
    expect(stopDebits()).toMatchObject({ status: 'done', missing: [] });
  }, 60_000);
});

describe('the next expected charge of a disputed series', () => {
  it('stays a warning until an agreement with its merchant is closed, whichever merchant else is closed', async () => {
    const series = await disputedYuanbao();
    const next = `next charge from 元保 expected ${series.nextExpected.slice(0, 10)}`;
    const other = await addAgreement(locker, caseId, { merchant: '某某视频', closedAt: '2025-08-01 10:00' });
    expect(other.status).toBe('closed');
    // A closed agreement with someone else does not stop 元保's charges.
    expect(stopDebits().status).toBe('doing');
    expect(stopDebits().missing).toContain(next);
    // Not linked to the series, but made with the same merchant (its full company name): it covers it.
    const a = await addAgreement(locker, caseId, { merchant: '元保保险经纪（北京）有限公司' });
    expect(stopDebits().missing).toContain(next);
    await updateAgreement(locker, a.id, { status: 'closed' });
    expect(stopDebits()).toMatchObject({ status: 'done', missing: [] });
  });

  it('matches a merchant to the series by its normalised name, then by a name it contains', async () => {
    const series = await disputedYuanbao();
    const list = caseSeries(locker, caseId);
    expect(seriesForMerchant(list, '元保保险经纪（北京）有限公司')?.id).toBe(series.id);
    expect(seriesForMerchant(list, '支付宝-元保')?.id).toBe(series.id);
    expect(seriesForMerchant(list, '某某公司', '元保百万医疗')?.id).toBe(series.id);
    expect(seriesForMerchant(list, '某某视频')).toBeNull();
    expect(seriesForMerchant(list, '')).toBeNull();
  });
});
