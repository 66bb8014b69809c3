import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDataDir, resolveStoreDir } from '../../electron/services/paths.ts';
import { formatInstant, instantFromZoned, parseIsoInstant } from '../../electron/services/util/time.ts';

describe('resolveStoreDir', () => {
  it('prefers --store, then LOCKER_STORE, then the app data folder', () => {
    expect(resolveStoreDir('/a/b', { LOCKER_STORE: '/c' })).toBe('/a/b');
    expect(resolveStoreDir(undefined, { LOCKER_STORE: '/c' })).toBe('/c');
    expect(resolveStoreDir(undefined, { XDG_CONFIG_HOME: '/home/u/.cfg' })).toBe(
      path.join('/home/u/.cfg', 'Evidence Locker', 'locker'),
    );
  });

  it('uses the folder Electron calls appData on each platform, ignoring a relative XDG path', () => {
    expect(appDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toBe(
      'C:\\Users\\u\\AppData\\Roaming',
    );
    expect(appDataDir({}, 'darwin')).toMatch(/Library[/\\]Application Support$/);
    expect(appDataDir({ XDG_CONFIG_HOME: 'relative' }, 'linux')).toMatch(/\.config$/);
  });
});

describe('times', () => {
  it('reads a local time in a zone and writes it back with its offset', () => {
    expect(
      formatInstant(
        instantFromZoned({ year: 2025, month: 8, day: 27, hour: 8, minute: 1, second: 12 }, 'Asia/Shanghai'),
      ),
    ).toBe('2025-08-27T08:01:12+08:00');
    // New York in summer and winter: the zone's rules, not a fixed offset.
    expect(formatInstant(parseIsoInstant('2025-07-01 12:00', 'America/New_York')!)).toBe(
      '2025-07-01T12:00:00-04:00',
    );
    expect(formatInstant(parseIsoInstant('2025-01-01 12:00', 'America/New_York')!)).toBe(
      '2025-01-01T12:00:00-05:00',
    );
  });

  it('keeps a written offset and refuses impossible dates', () => {
    expect(parseIsoInstant('2025-08-27T08:01:12+05:30', 'Asia/Shanghai')).toEqual({
      utc: '2025-08-27T02:31:12.000Z',
      offset: 330,
    });
    expect(parseIsoInstant('2025-02-29 10:00', 'Asia/Shanghai')).toBeNull();
    expect(parseIsoInstant('2025-08-27 25:00', 'Asia/Shanghai')).toBeNull();
    expect(parseIsoInstant('next tuesday', 'Asia/Shanghai')).toBeNull();
  });
});
