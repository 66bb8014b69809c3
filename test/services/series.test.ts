import { describe, expect, it } from 'vitest';
import { detectSeries, normaliseCounterparty } from '../../electron/services/series.ts';
import { makeTx as tx } from '../helpers/transactions.ts';

describe('normaliseCounterparty', () => {
  it('gives one name for the same merchant across sources', () => {
    expect(normaliseCounterparty('元保')).toBe('元保');
    expect(normaliseCounterparty('支付宝-元保')).toBe('元保');
    expect(normaliseCounterparty('支付宝（中国）网络技术有限公司', '元保')).toBe('元保');
    expect(normaliseCounterparty('元保保险经纪（北京）有限公司')).toBe(
      normaliseCounterparty('元保保险经纪有限公司'),
    );
    expect(normaliseCounterparty('NETFLIX.COM Inc.')).toBe('netflixcom');
  });
});

describe('detectSeries', () => {
  it('finds a monthly charge across an Alipay bill and a bank statement, with a price rise flagged', () => {
    const rows = [
      tx('2025-03-27T08:01:12', 3990, '元保'),
      tx('2025-04-27T08:01:40', 3990, '元保'),
      tx('2025-05-27T08:00:55', 3990, '支付宝-元保'),
      tx('2025-06-27T08:02:03', 4590, '元保'),
      tx('2025-07-27T08:01:12', 4590, '元保'),
      tx('2025-05-02T12:00:00', 1580, '某某餐厅'),
      tx('2025-05-19T12:00:00', 2210, '某某餐厅'),
      tx('2025-07-30T12:00:00', 880, '某某餐厅'),
    ];
    const series = detectSeries(rows);
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({
      counterparty: '元保',
      count: 5,
      interval: 'monthly',
      amount: '39.90',
      currency: 'CNY',
      first: '2025-03-27T08:01:12+08:00',
      last: '2025-07-27T08:01:12+08:00',
      nextExpected: '2025-08-27T08:01:12+08:00',
      total: '211.50',
      priceChanges: [{ at: '2025-06-27T08:02:03+08:00', from: '39.90', to: '45.90' }],
    });
    expect(series[0]!.id).toMatch(/^ser_[0-9a-f]{12}$/);
  });

  it('accepts two charges when the description says they renew automatically, and not otherwise', () => {
    const auto = [
      tx('2025-01-31T10:00:00', 1500, '某视频', { description: '连续包月' }),
      tx('2025-02-28T10:00:00', 1500, '某视频', { description: '连续包月' }),
    ];
    expect(detectSeries(auto)).toEqual([
      expect.objectContaining({ count: 2, saysAutomatic: true, nextExpected: '2025-03-28T10:00:00+08:00' }),
    ]);
    const plain = [tx('2025-01-31T10:00:00', 1500, '某商店'), tx('2025-02-28T10:00:00', 1500, '某商店')];
    expect(detectSeries(plain)).toEqual([]);
  });

  it('ignores refunds, income and irregular purchases', () => {
    const rows = [
      tx('2025-01-01T10:00:00', 500, '小卖部'),
      tx('2025-01-04T10:00:00', 500, '小卖部'),
      tx('2025-02-20T10:00:00', 500, '小卖部'),
      tx('2025-03-01T10:00:00', 500, '小卖部'),
      tx('2025-01-05T10:00:00', 3990, '元保', { direction: 'in' }),
      tx('2025-02-05T10:00:00', 3990, '元保', { direction: 'in' }),
      tx('2025-03-05T10:00:00', 3990, '元保', { direction: 'in' }),
    ];
    expect(detectSeries(rows)).toEqual([]);
  });

  it('keeps a yearly renewal and a weekly charge apart by currency and interval', () => {
    const rows = [
      tx('2023-06-01T09:00:00', 9900, 'Cloud Storage', { currency: 'USD' }),
      tx('2024-06-01T09:00:00', 9900, 'Cloud Storage', { currency: 'USD' }),
      tx('2025-06-02T09:00:00', 9900, 'Cloud Storage', { currency: 'USD' }),
      tx('2025-06-02T09:00:00', 199, 'Gym', {}),
      tx('2025-06-09T09:00:00', 199, 'Gym', {}),
      tx('2025-06-16T09:00:00', 199, 'Gym', {}),
    ];
    const byName = Object.fromEntries(detectSeries(rows).map((s) => [s.counterparty, s]));
    expect(byName['Cloud Storage']).toMatchObject({
      interval: 'yearly',
      currency: 'USD',
      nextExpected: '2026-06-02T09:00:00+08:00',
    });
    expect(byName.Gym).toMatchObject({
      interval: 'weekly',
      count: 3,
      nextExpected: '2025-06-23T09:00:00+08:00',
    });
  });
});
