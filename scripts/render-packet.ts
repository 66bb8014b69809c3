// Renders pages of a sample packet to PNG (pdftoppm) so a person can look at them:
//   node --import tsx scripts/render-packet.ts [zh-CN|en] [recipient]  →  test-output/packet/*.png
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportPacket, setRedactions, type Lang, type Recipient } from '../electron/services/export/index.ts';
import { buildSampleCase, FIXED_NOW, SECRET_BOX } from '../test/export/fixture.ts';

const lang = (process.argv[2] ?? 'zh-CN') as Lang;
const recipient = (process.argv[3] ?? 'bank') as Recipient;
const outDir = path.resolve(import.meta.dirname, '..', 'test-output', 'packet');
mkdirSync(outDir, { recursive: true });
const work = mkdtempSync(path.join(os.tmpdir(), 'locker-render-'));
const inbox = path.join(work, 'inbox');
mkdirSync(inbox);
try {
  const sample = await buildSampleCase(path.join(work, 'locker'), inbox);
  await setRedactions(sample.locker, sample.ids.screenshot!, [SECRET_BOX]);
  const pdf = path.join(outDir, `packet-${lang}.pdf`);
  const result = await exportPacket(sample.locker, sample.caseId, {
    out: pdf,
    recipient,
    lang,
    clock: () => FIXED_NOW,
    record: false,
  });
  sample.locker.close();
  const prefix = path.join(outDir, `${lang}`);
  execFileSync('pdftoppm', ['-png', '-r', '80', pdf, prefix]);
  const pages = result.exhibits.map((x) => `${x.number}:${x.title} (${x.pages}p)`).join(', ');
  process.stdout.write(`${pdf}: ${result.pages} pages; exhibits ${pages}\nPNG pages in ${outDir}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
