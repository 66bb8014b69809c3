import { describe, expect, it } from 'vitest';
import { guessTimeFromFileName, isScreenshotName } from '../../electron/services/time-guess.ts';

const SH = 'Asia/Shanghai';
// 2025-08-27 08:01:12 in Shanghai (UTC+08:00).
const AT_0801 = '2025-08-27T00:01:12.000Z';

describe('guessTimeFromFileName', () => {
  it.each<[string, string, string]>([
    ['Screenshot_20250827-080112.png', 'android-screenshot', AT_0801],
    ['Screenshot_20250827_080112_WeChat.jpg', 'android-screenshot', AT_0801],
    ['Screenshot_20250827_080112_com.tencent.mm.jpg', 'android-screenshot', AT_0801],
    ['screenshot_20250827-080112.PNG', 'android-screenshot', AT_0801],
    [
      'Screenshot_2025-08-27-08-01-12-345_com.eg.android.AlipayGphone.jpg',
      'miui-screenshot',
      '2025-08-27T00:01:12.345Z',
    ],
    ['Screenshot_2025-08-27-08-01-12.png', 'miui-screenshot', AT_0801],
    ['Screenrecorder-2025-08-27-08-01-12-345.mp4', 'miui-screen-recording', '2025-08-27T00:01:12.345Z'],
    ['IMG_20250827_080112.jpg', 'android-camera', AT_0801],
    ['IMG_20250827_080112_123.jpg', 'android-camera', AT_0801],
    ['IMG_20250827_080112_HDR.jpg', 'android-camera', AT_0801],
    ['VID_20250827_080112.mp4', 'android-camera', AT_0801],
    ['PANO_20250827_080112.jpg', 'android-camera', AT_0801],
    ['IMG20250827080112.jpg', 'android-camera', AT_0801],
    // Pixel names are UTC: 08:01:12.345Z, shown at Shanghai's offset.
    ['PXL_20250827_080112345.jpg', 'pixel-camera', '2025-08-27T08:01:12.345Z'],
    ['PXL_20250827_080112345.MP.jpg', 'pixel-camera', '2025-08-27T08:01:12.345Z'],
    ['20250827_080112.jpg', 'samsung-camera', AT_0801],
    ['20250827_080112(0).jpg', 'samsung-camera', AT_0801],
    ['微信图片_20250827080112.jpg', 'wechat-image', AT_0801],
    ['微信图片_2025-08-27_080112_123.jpg', 'wechat-image', AT_0801],
    ['mmexport1756252872000.jpg', 'wechat-export', AT_0801],
    ['mmexport1693094472000.jpg', 'wechat-export', '2023-08-27T00:01:12.000Z'],
    ['wx_camera_1693094472000.jpg', 'wechat-camera', '2023-08-27T00:01:12.000Z'],
    ['microMsg.1693094472000.jpg', 'wechat-micromsg', '2023-08-27T00:01:12.000Z'],
    ['QQ截图20250827080112.png', 'qq-screenshot', AT_0801],
    ['QQ图片20250827080112.jpg', 'qq-image', AT_0801],
    ['Screenshot 2025-08-27 at 08.01.12.png', 'macos-screenshot', AT_0801],
    ['Screen Shot 2025-08-27 at 8.01.12 AM.png', 'macos-screenshot', AT_0801],
    ['Screen Shot 2025-08-27 at 8.01.12 PM.png', 'macos-screenshot', '2025-08-27T12:01:12.000Z'],
    ['Screenshot 2025-08-27 at 8.01.12\u202FPM.png', 'macos-screenshot', '2025-08-27T12:01:12.000Z'],
    ['Screenshot 2025-08-27 at 12.01.12 AM.png', 'macos-screenshot', '2025-08-26T16:01:12.000Z'],
    ['Screenshot 2025-08-27 at 12.01.12 PM.png', 'macos-screenshot', '2025-08-27T04:01:12.000Z'],
    ['截屏2025-08-27 08.01.12.png', 'macos-screenshot', AT_0801],
    ['截屏2025-08-27 下午3.01.12.png', 'macos-screenshot', '2025-08-27T07:01:12.000Z'],
    ['屏幕快照 2019-08-27 上午8.01.12.png', 'macos-screenshot', '2019-08-27T00:01:12.000Z'],
    ['Screen Recording 2025-08-27 at 08.01.12.mov', 'macos-screen-recording', AT_0801],
    ['录屏2025-08-27 08.01.12.mov', 'macos-screen-recording', AT_0801],
    ['屏幕截图 2025-08-27 080112.png', 'windows-screenshot', AT_0801],
    ['Screenshot 2025-08-27 080112.png', 'windows-screenshot', AT_0801],
    ['WhatsApp Image 2025-08-27 at 08.01.12.jpeg', 'whatsapp', AT_0801],
    ['WhatsApp Image 2025-08-27 at 8.01.12 AM.jpeg', 'whatsapp', AT_0801],
    ['WhatsApp Image 2025-08-27 at 8.01.12 PM (1).jpeg', 'whatsapp', '2025-08-27T12:01:12.000Z'],
    ['WhatsApp Video 2025-08-27 at 08.01.12.mp4', 'whatsapp', AT_0801],
    ['Snipaste_2025-08-27_08-01-12.png', 'snipaste', AT_0801],
    ['photo_2025-08-27_08-01-12.jpg', 'telegram-desktop', AT_0801],
    ['2025-08-27 08.01.12.jpg', 'camera-upload', AT_0801],
    ['2025-08-27 08.01.12-1.jpg', 'camera-upload', AT_0801],
  ])('reads %s as %s', (name, pattern, utc) => {
    expect(guessTimeFromFileName(name, SH)).toEqual({
      instant: { utc, offset: 480 },
      pattern,
      hasSeconds: true,
    });
  });

  it.each<[string, string]>([
    ['/storage/emulated/0/Pictures/Screenshots/Screenshot_20250827-080112.png', 'android-screenshot'],
    ['C:\\Users\\me\\Pictures\\Screenshots\\屏幕截图 2025-08-27 080112.png', 'windows-screenshot'],
    ['case/inbox/微信图片_20250827080112.jpg', 'wechat-image'],
  ])('uses only the base name of %s', (path, pattern) => {
    expect(guessTimeFromFileName(path, SH)).toMatchObject({
      instant: { utc: AT_0801, offset: 480 },
      pattern,
    });
  });

  it.each<[string, string, string, number]>([
    ['IMG_20250115_080112.jpg', 'America/New_York', '2025-01-15T13:01:12.000Z', -300],
    ['IMG_20250827_080112.jpg', 'America/New_York', '2025-08-27T12:01:12.000Z', -240],
    ['IMG_20250827_080112.jpg', 'UTC', '2025-08-27T08:01:12.000Z', 0],
    ['IMG_20250827_080112.jpg', 'Asia/Kolkata', '2025-08-27T02:31:12.000Z', 330],
    // 02:30 does not exist on 9 March 2025 in New York; the later offset wins.
    ['IMG_20250309_023000.jpg', 'America/New_York', '2025-03-09T06:30:00.000Z', -240],
    ['mmexport1693094472000.jpg', 'America/New_York', '2023-08-27T00:01:12.000Z', -240],
    ['PXL_20250115_080112000.jpg', 'Europe/Berlin', '2025-01-15T08:01:12.000Z', 60],
  ])('reads %s in %s', (name, zone, utc, offset) => {
    expect(guessTimeFromFileName(name, zone)?.instant).toEqual({ utc, offset });
  });

  it.each(['IMG_0001.PNG', 'bill.pdf', 'IMG_1234.HEIC', 'DSC_0042.JPG', 'Screenshot.png', '', '.', '/'])(
    'finds no time in %j',
    (name) => {
      expect(guessTimeFromFileName(name, SH)).toBeNull();
    },
  );

  it.each([
    ['a month 13', 'Screenshot_20251327-080112.png'],
    ['31 February', 'IMG_20250231_080112.jpg'],
    ['day 0', 'IMG_20250800_080112.jpg'],
    ['hour 25', 'Screenshot_20250827-250112.png'],
    ['minute 60', 'IMG_20250827_086012.jpg'],
    ['second 60', 'IMG_20250827_080160.jpg'],
    ['a year before 2000', 'Screenshot_19990827-080112.png'],
    ['a year after 2100', 'IMG_21010101_000000.jpg'],
    ['13 PM', 'Screen Shot 2025-08-27 at 13.01.12 PM.png'],
    ['0 AM', 'WhatsApp Image 2025-08-27 at 0.01.12 AM.jpeg'],
    ['epoch millis just before 2000', 'mmexport946684799999.jpg'],
    ['epoch millis in 1999 with 13 digits', 'mmexport0946684799999.jpg'],
    ['epoch millis in 2101', 'mmexport4133980800000.jpg'],
    ['epoch millis at the far end', 'wx_camera_9999999999999.jpg'],
    ['a 14-digit epoch', 'mmexport16930944720001.jpg'],
    ['a time with an extra digit', 'IMG_20250827_0801123.jpg'],
    ['a Pixel name without milliseconds', 'PXL_20250827_080112.jpg'],
    ['a date-only WhatsApp name', 'IMG-20250827-WA0001.jpg'],
    ['a directory that looks like a screenshot', '/Screenshot_20250827-080112/bill.pdf'],
  ])('rejects %s', (_why, name) => {
    expect(guessTimeFromFileName(name, SH)).toBeNull();
  });

  it('accepts the first and last moments of the allowed years', () => {
    expect(guessTimeFromFileName('IMG_20000101_000000.jpg', 'UTC')?.instant.utc).toBe(
      '2000-01-01T00:00:00.000Z',
    );
    expect(guessTimeFromFileName('IMG_21001231_235959.jpg', 'UTC')?.instant.utc).toBe(
      '2100-12-31T23:59:59.000Z',
    );
    expect(guessTimeFromFileName('mmexport0946684800000.jpg', 'UTC')?.instant.utc).toBe(
      '2000-01-01T00:00:00.000Z',
    );
  });

  it('throws RangeError for an unknown time zone', () => {
    expect(() => guessTimeFromFileName('IMG_20250827_080112.jpg', 'Mars/Olympus')).toThrow(RangeError);
  });

  it('stays fast on a long hostile name', () => {
    const name = `${'Screenshot 2025-08-27 at '.repeat(2000)}${'9'.repeat(10_000)}.png`;
    const started = performance.now();
    expect(guessTimeFromFileName(name, SH)).toBeNull();
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('isScreenshotName', () => {
  it.each([
    'Screenshot_20250827-080112.png',
    'Screenshot 2025-08-27 at 08.01.12.png',
    'Screen Shot 2025-08-27 at 8.01.12 AM.png',
    'screenshot.png',
    '截屏2025-08-27 08.01.12.png',
    '屏幕截图 2025-08-27 080112.png',
    '屏幕快照 2019-08-27 上午8.01.12.png',
    'QQ截图20250827080112.png',
    '微信截图_20250827080112.png',
    'Snipaste_2025-08-27_08-01-12.png',
    'Screencap_1.png',
    'Screen_Capture_1.png',
    'スクリーンショット 2025-08-27 8.01.12.png',
    '/storage/emulated/0/DCIM/Screenshots/Screenshot_20250827-080112.png',
  ])('says %s is a screenshot', (name) => {
    expect(isScreenshotName(name)).toBe(true);
  });

  it.each([
    'IMG_20250827_080112.jpg',
    '微信图片_20250827080112.jpg',
    'mmexport1693094472000.jpg',
    'WhatsApp Image 2025-08-27 at 08.01.12.jpeg',
    'bill.pdf',
    '',
    '/home/me/Screenshots/IMG_0001.PNG',
  ])('says %s is not a screenshot', (name) => {
    expect(isScreenshotName(name)).toBe(false);
  });
});
