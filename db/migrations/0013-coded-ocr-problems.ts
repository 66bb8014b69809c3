import type { Database } from 'better-sqlite3';
import { coded, type Coded } from '../../electron/messages/say.ts';

/**
 * Why OCR did not read an item is stored as a message of the catalogue (`ocr_queue.problem`, JSON `{code,
 * params}`) beside its English words (`error`, which `--json` has always carried), so the app and `locker ocr`
 * word it in the reader's language. The sentences already stored get the code their words match (a sentence
 * no pattern knows keeps the generic `text` code); their English stays as it was.
 */
export function up(db: Database): void {
  db.exec(`ALTER TABLE ocr_queue ADD COLUMN problem TEXT CHECK (problem IS NULL OR json_valid(problem))`);
  const rows = db.prepare('SELECT evidence_id, error FROM ocr_queue WHERE error IS NOT NULL').all() as {
    evidence_id: string;
    error: string;
  }[];
  const update = db.prepare('UPDATE ocr_queue SET problem = ? WHERE evidence_id = ?');
  for (const row of rows) update.run(JSON.stringify(codeOfOcrError(row.error)), row.evidence_id);
}

/** The message an English sentence the OCR runner stored says (the words of versions before 0013). */
export function codeOfOcrError(text: string): Coded {
  let m: RegExpExecArray | null;
  if ((m = /^the image cannot be decoded for reading \((.*)\)$/s.exec(text)))
    return coded('ocr.image-undecodable', { reason: m[1]! });
  if (text === 'the image is too small to hold readable text') return coded('ocr.image-too-small');
  if (text === 'the PDF is password-protected: its pages cannot be read') return coded('ocr.pdf-password');
  if ((m = /^the PDF cannot be opened \((.*)\)$/s.exec(text)))
    return coded('ocr.pdf-unopenable', { reason: m[1]! });
  if (text === 'the PDF has no pages') return coded('ocr.pdf-no-pages');
  if ((m = /^(\S+) is not an image or a scanned PDF$/.exec(text)))
    return coded('ocr.not-a-picture', { mime: m[1]! });
  if ((m = /^reading stopped (\d+) times before it finished; given up$/.exec(text)))
    return coded('ocr.given-up', { count: Number(m[1]) });
  if (
    (m =
      /^The picture reader's (\S+) language data cannot be read at (.*) \(([^()]*)\)\. Reinstall Evidence Locker to put it back\.$/s.exec(
        text,
      ))
  )
    return coded('ocr.data-unreadable', { lang: m[1]!, file: m[2]!, reason: m[3]! });
  if (
    (m =
      /^The picture reader could not start: its (\S+) language data is damaged \((.*)\)\. Reinstall Evidence Locker to put it back\.$/s.exec(
        text,
      ))
  )
    return coded('ocr.data-damaged', { lang: m[1]!, reason: m[2]! });
  if ((m = /^The picture reader (could not start|failed): (.*)$/s.exec(text))) {
    const step = m[1] === 'failed' ? 'ocr.read-failed' : 'ocr.start-failed';
    return coded(step, { reason: reasonOf(m[2]!) });
  }
  return coded('text', { text });
}

function reasonOf(text: string): Coded | string {
  let m: RegExpExecArray | null;
  if ((m = /^no answer within (.+); it was stopped$/.exec(text)))
    return coded('ocr.no-answer', { limit: m[1]! });
  if ((m = /^its worker failed \((.*)\)$/s.exec(text))) return coded('ocr.worker-failed', { reason: m[1]! });
  if ((m = /^its worker ended \(exit code (.*)\)$/.exec(text)))
    return coded('ocr.worker-ended', { code: m[1]! });
  return text;
}
