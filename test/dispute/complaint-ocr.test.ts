import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveOcrResults } from '../../db/queries/ocr.ts';
import { agreementInputOf, readAgreementPage } from '../../electron/services/dispute/agreement-from-ocr.ts';
import { complaintFields, COMPLAINT_TARGETS } from '../../electron/services/dispute/complaint.ts';
import { addAgreement } from '../../electron/services/dispute/records.ts';
import { addPaths } from '../../electron/services/intake.ts';
import { Locker } from '../../electron/services/locker.ts';
import { disputeTransactions } from '../../electron/services/records.ts';
import { makePng } from '../helpers/images.ts';
import { alipayBill } from '../helpers/seed-story.ts';
import { useTempDirs } from '../helpers/temp.ts';

/*
 * Complaint texts carry facts read by OCR only once the user confirmed them: a screenshot of the auto-debit
 * agreement page is read (merchant's legal name, agreement number), but until the user saves what was read as
 * the case's agreement, no complaint text names them.
 */
const tempDir = useTempDirs();

const PAGE = [
  '自动扣款服务',
  '商家名称 元保保险经纪（北京）有限公司',
  '服务名称 元保百万医疗险',
  '服务协议号 20250111200040011100000012345678',
  '签约时间 2025-01-11 21:13:05',
  '扣款方式 中国银行储蓄卡(3167)',
];

describe('complaint texts and facts read by OCR', () => {
  it('name the legal name and agreement number only after the user confirmed what OCR read', async () => {
    const dir = tempDir();
    const locker = await Locker.open(path.join(dir, 'locker'));
    try {
      const caseId = (await locker.createCase({ title: '元保', counterparty: '元保' })).id;
      writeFileSync(path.join(dir, 'alipay.csv'), alipayBill());
      writeFileSync(path.join(dir, 'agreement.png'), await makePng(200, 400, 3));
      const added = await addPaths(locker, caseId, [
        path.join(dir, 'alipay.csv'),
        path.join(dir, 'agreement.png'),
      ]);
      await disputeTransactions(locker, caseId, { match: '元保' });
      const shot = added.added.find((i) => i.title.endsWith('.png'))!;
      const words = PAGE.flatMap((line, i) =>
        line.split(/\s+/).map((text) => ({
          text,
          confidence: 90,
          bbox: { x0: 0, y0: i * 20, x1: 100, y1: i * 20 + 18 },
          line: i,
        })),
      );
      saveOcrResults(
        locker.db,
        shot.id,
        [
          {
            id: 'ocr_agreement',
            evidenceId: shot.id,
            page: 1,
            text: PAGE.join('\n'),
            words: JSON.stringify(words),
            confidence: 90,
            width: 200,
            height: 400,
            engine: 'test',
            createdAt: locker.now(),
          },
        ],
        locker.now(),
      );
      // OCR did read them: the agreement page offers both.
      const reading = readAgreementPage(locker, shot.id);
      expect(reading.suggestion?.merchant?.value).toBe('元保保险经纪(北京)有限公司');
      expect(reading.suggestion?.number?.value).toBe('20250111200040011100000012345678');
      const allText = () =>
        COMPLAINT_TARGETS.map((to) =>
          complaintFields(locker, caseId, { to })
            .fields.map((f) => f.value)
            .join('\n'),
        ).join('\n');
      expect(allText()).not.toContain('元保保险经纪');
      expect(allText()).not.toContain('20250111200040011100000012345678');
      // The user confirms what was read (the agreement page's "save"): now every complaint names them.
      const input = agreementInputOf(reading.suggestion!);
      await addAgreement(locker, caseId, {
        ...input,
        merchant: input.merchant ?? '',
        evidenceIds: [shot.id],
      });
      for (const to of COMPLAINT_TARGETS) {
        const text = complaintFields(locker, caseId, { to })
          .fields.map((f) => f.value)
          .join('\n');
        expect(text, to).toContain('20250111200040011100000012345678');
      }
      expect(
        complaintFields(locker, caseId, { to: '12378' }).fields.find((f) => f.key === 'respondent')!.value,
      ).toContain('元保保险经纪(北京)有限公司');
    } finally {
      locker.close();
    }
  });
});
