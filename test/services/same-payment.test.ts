import { describe, expect, it } from 'vitest';
import { matchSamePayments } from '../../electron/services/same-payment.ts';
import { makeTx } from '../helpers/transactions.ts';

const tx = (evidenceId: string, at: string, amount: number, counterparty: string, extra = {}) =>
  makeTx(at, amount, counterparty, { evidenceId, ...extra });

describe('matchSamePayments', () => {
  it('matches a charge in the Alipay bill with its line on the bank statement, and the refund too', () => {
    const alipayCharge = tx('ev_alipay', '2025-05-27T08:01:12', 3990, '元保');
    const bankCharge = tx('ev_bank', '2025-05-27T00:00:00', 3990, '支付宝-元保', {
      description: '网上快捷支付',
    });
    const alipayRefund = tx('ev_alipay', '2025-05-29T10:00:00', 3990, '元保', {
      direction: 'neutral',
      description: '退款-百万医疗险',
      status: '退款成功',
    });
    const bankRefund = tx('ev_bank', '2025-05-29T00:00:00', 3990, '支付宝-元保', {
      direction: 'in',
      description: '网上快捷退款',
    });
    const matches = matchSamePayments([alipayCharge, bankCharge, alipayRefund, bankRefund]);
    expect(Object.fromEntries(matches)).toEqual({
      [bankCharge.id]: alipayCharge.id,
      [bankRefund.id]: alipayRefund.id,
    });
  });

  it('does not match two payments in the same file, different amounts, or more than a day apart', () => {
    const a = tx('ev_a', '2025-05-01T12:00:00', 1580, '某某餐厅');
    const sameFile = tx('ev_a', '2025-05-01T12:30:00', 1580, '某某餐厅');
    const otherAmount = tx('ev_b', '2025-05-01T12:00:00', 1590, '支付宝-某某餐厅');
    const later = tx('ev_b', '2025-05-03T12:00:00', 1580, '支付宝-某某餐厅');
    expect(matchSamePayments([a, sameFile, otherAmount, later]).size).toBe(0);
  });

  it('does not match a same-amount payment to someone else on the same day', () => {
    const lunch = tx('ev_a', '2025-05-01T12:00:00', 3990, '某某餐厅');
    const insurance = tx('ev_b', '2025-05-01T08:00:00', 3990, '众安保险');
    expect(matchSamePayments([lunch, insurance]).size).toBe(0);
  });
});
