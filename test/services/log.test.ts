import { afterEach, describe, expect, it, vi } from 'vitest';
import { redactForLog, safeLog } from '../../electron/services/log.ts';

afterEach(() => vi.restoreAllMocks());

describe('the app log', () => {
  it('keeps the kind, code and ids of an error, and none of the file names or paths in it', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const error = Object.assign(
      new Error(
        `ENOENT: no such file or directory, open '/home/wang/Documents/元保扣款/Screenshot_2025.png' for ev_7f3a`,
      ),
      { code: 'ENOENT' },
    );
    safeLog(error);
    const line = written.join('');
    expect(line).toMatch(/^\[evidence-locker\] unexpected error: Error \(ENOENT\): /);
    expect(line).toContain('ev_7f3a');
    expect(line).not.toMatch(/wang|元保扣款|Screenshot_2025/);
  });

  it('redacts Windows paths, file URLs and quoted names', () => {
    const out = redactForLog(
      String.raw`cannot read C:\Users\li\Desktop\bill.csv nor file:///Users/li/x/y.pdf; "私人账单.xlsx" failed`,
    );
    expect(out).not.toMatch(/Users|li\\|bill\.csv|y\.pdf|私人账单/);
    expect(out).toContain('cannot read');
  });
});
