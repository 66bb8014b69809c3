import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CASE_STATUSES, type CaseStatus } from '../db/queries/cases.ts';
import { EVIDENCE_KINDS, type EvidenceKind, type EvidenceRecord } from '../db/queries/evidence.ts';
import { EVENT_KINDS, type EventKind, type EventRecord } from '../db/queries/events.ts';
import { LockerTooNewError } from '../db/migrate.ts';
import { DatabaseUnreadableError } from '../db/open.ts';
import { findPassphrase, promptHidden } from './cli-unlock.ts';
import { LAYOUT_HELP, LayoutUsageError, runLayout } from './cli-layout.ts';
import { encryptLocker } from './services/crypto/convert.ts';
import {
  checkPassphrase,
  KEY_FILE,
  LockerLockedError,
  readKeyFile,
  rewrapPassphrase,
  unlockMaster,
  type Unlock,
} from './services/crypto/keys.ts';
import { writeFileAtomic } from './services/object-store.ts';
import { describeFsError, LockerInputError } from './services/errors.ts';
import { addPaths, resolveArgPath, type IntakeResult } from './services/intake.ts';
import { Locker } from './services/locker.ts';
import { resolveStoreDir } from './services/paths.ts';
import { formatInstant } from './services/util/time.ts';
import {
  caseMessages,
  caseSeries,
  caseSummary,
  caseTransactions,
  disputeSeries,
  disputeTransactions,
  linkRefund,
  markMessageKey,
  messageJson,
  transactionJsonIn,
  transactionMatches,
} from './services/records.ts';
import { verifyLocker } from './services/verify.ts';
import {
  caseLedger,
  confirmSameSuggestions,
  joinSightings,
  paymentJson,
  rejectLink,
  setPaymentRail,
  splitSighting,
} from './services/ledger/index.ts';
import { LINK_KINDS, RAILS, type LinkKind, type Rail } from '../db/queries/ledger.ts';
import { packetReadiness } from './services/dispute/readiness.ts';
import { backupLocker, restoreLocker } from './services/backup.ts';
import {
  draftPacketLetter,
  exportPacket,
  LANGS,
  RECIPIENTS,
  type Lang,
  type Recipient,
} from './services/export/index.ts';
import { searchCase } from './services/search.ts';
import { runOcr, setOcrEnabled } from './services/ocr/runner.ts';
import { COMPLAINT_TARGETS, complaintFields, type ComplaintTarget } from './services/dispute/complaint.ts';
import { addAgreementFromEvidence, agreementOfSeries } from './services/dispute/agreement-from-ocr.ts';
import { casePlan } from './services/dispute/plan.ts';
import {
  addAgreement,
  addContact,
  addDeadline,
  agreementJson,
  caseAgreements,
  claimantFor,
  deadlineJson,
  editDeadline,
  effectiveRules,
  maskValue,
  setClaimant,
  setPlanOverride,
  setRuleOverride,
  updateAgreement,
} from './services/dispute/records.ts';
import { AGENCIES, CONTACT_PARTIES, type Agency, type ContactParty } from './services/dispute/rules.ts';
import { DISPUTE_LANGS, type DisputeLang } from './services/dispute/words.ts';
import {
  CONTACT_CHANNELS,
  PLAN_STEPS,
  STEP_STATUSES,
  type ContactChannel,
  type PlanStepKey,
  type StepStatus,
} from '../db/queries/dispute.ts';

const HELP = `locker — file the proof of a money dispute into a safe, offline locker

Usage: locker <command> [options]

Cases
  case new TITLE [--counterparty NAME] [--method TEXT] [--account TEXT] [--currency CNY] [--timezone ZONE]
  case list [--all]                      cases (--all includes archived ones)
  case show CASE
  case set CASE [--title T] [--counterparty N] [--status S] [--notes T] [--archive | --unarchive]
                                         status: ${CASE_STATUSES.join(' | ')}

Evidence
  add CASE PATH... [--password-file F] [--layout NAME]
                                         file originals (files or whole folders) into a case; a password for
                                         protected ZIPs and PDFs comes from --password-file F, or
                                         $LOCKER_BILL_PASSWORD, or is asked for on the terminal when one is
                                         needed (never stored; --password PW still works but shows in the
                                         process list); --layout reads them with a kept column map (see below)
  evidence list CASE [--trash]           items of a case (--trash: only those in the trash)
  evidence show ITEM
  evidence edit ITEM [--title T] [--notes T] [--tags a,b] [--kind K] [--at TIME]
                                         kind: ${EVIDENCE_KINDS.join(' | ')}
  evidence trash ITEM | evidence restore ITEM

Events without a file
  event add CASE --kind K --at TIME --title T [--reference REF] [--notes T]
                                         kind: ${EVENT_KINDS.join(' | ')}

Payment records and chats (read from filed bills, statements, chat exports and emails)
  transactions CASE [--match TEXT] [--disputed]
                                         every transaction in time order
  series CASE                            charges that recur (same payee, regular interval)
  dispute CASE --match TEXT | --id TX[,TX…] | --series ID [--undo]
                                         mark matching charges disputed (or not); --series also
                                         links the refunds of its charges
  refund link REFUND_TX CHARGE_TX | refund unlink REFUND_TX
  messages CASE [--match TEXT] [--key]   every message in time order
  message key MSG | message unkey MSG    put a message on the timeline as a key event
  payments CASE [--disputed] [--match TEXT]
                                         one line per payment, however many files show it (the bill's row
                                         and the bank's line), with how it moved and what is still owed
  payment join CASE TX TX | payment split CASE TX
                                         two rows are one payment (or take a row out of the one it joined)
  payment confirm CASE                   confirm every single-candidate match the matcher suggested
  payment reject CASE TX TX [--kind same|duplicate|retry|refund]
                                         turn a suggestion down; the matcher never proposes it again
  payment rail CASE TX card|quickpay|wallet|bank|unknown|auto
                                         correct how a payment moved (auto: as its rows say)
  summary CASE                           counts, and the disputed total per currency net of refunds

The story and its proof
  timeline CASE                          every item, event, disputed charge and key message in time order
  log [CASE]                             the custody log (every import, edit, deletion and export)
  verify                                 re-hash every original and re-check the custody log
  export CASE --out PACKET.pdf [--recipient ${RECIPIENTS.join('|')}] [--lang ${LANGS.join('|')}]
         [--max-size 10MB] [--zip ARCHIVE.zip] [--letter LETTER.txt]
                                         the packet for a bank or regulator, and the archive of originals
  ready CASE [--recipient R] [--lang L]  what an officer would send the packet back for, and where to fix it
  export CASE --draft-letter [--recipient R] [--lang L]
                                         print the cover letter to edit, then pass it back with --letter
  where                                  print the locker folder in use
  backup --out FILE [--case CASE]        the whole locker (or one case) in one file, checked after writing
  restore FILE --store DIR               restore a backup into a new, empty folder and verify it

Encryption at rest
  encrypt                                encrypt the whole locker (database, originals, thumbnails) under a
                                         passphrase, and print a recovery key; from then on every command
                                         needs the passphrase (a prompt, --passphrase-file FILE, or
                                         $LOCKER_PASSPHRASE)
  passphrase [--recovery-key-file FILE] [--new-passphrase-file FILE]
                                         change the passphrase (unlocking with the old one or the recovery key)

The dispute, step by step
  contact CASE --with ${CONTACT_PARTIES.join('|')} --at TIME
         [--channel ${CONTACT_CHANNELS.join('|')}] [--ticket NO] [--note TEXT]
         [--agency ${AGENCIES.join('|')}] [--reply] [--evidence ITEM[,ITEM…]] [--lang zh-CN|en]
                                         record a contact (on the timeline, with any deadline it starts)
  agreement CASE --merchant NAME [--service T] [--number NO] [--signed-at TIME] [--closed-at TIME]
         [--method T] [--series ID] [--evidence ITEM[,ITEM…]]
                                         record the auto-debit agreement behind the charges
  agreement CASE --id AGREEMENT [same options]   change it (e.g. --closed-at when you closed it)
  agreement CASE --from ITEM [same options]      record it from a screenshot of the agreement page
                                         (read by OCR; the options given override what was read)
  agreement CASE                         the case's agreements
  plan CASE [--lang zh-CN|en]            the six steps, what each still needs, and every deadline
  plan CASE --step KEY --status todo|doing|done|auto
                                         set a step's status yourself (auto: follow the evidence again)
  complaint CASE --to ${COMPLAINT_TARGETS.join('|')} [--lang zh-CN|en]
                                         the text of each field of that complaint form
  claimant [CASE] [--name N] [--id-number NO] [--phone P]
                                         your details for complaint forms (kept in the locker, never logged)
  deadline add CASE --at TIME --title T | deadline done DEADLINE [--undo]
  rules                                  the deadline rules, their sources and your changes
  rule set KEY [--days N] [--count calendar|china-working] [--enable | --disable] | rule reset KEY

${LAYOUT_HELP}

Search and OCR
  search CASE|--all QUERY... [--limit N] every word as a substring, in titles, notes, texts, bills, chats and OCR
  ocr [CASE]                             read the text of pending screenshots and scans now, and report it
  ocr on | ocr off                       switch reading of images in the background on or off

Options
  --json          machine-readable output on stdout (messages go to stderr)
  --store DIR     the locker folder (default: $LOCKER_STORE, else the app's data folder)
  --passphrase-file FILE
                  the passphrase of an encrypted locker, read from FILE (else $LOCKER_PASSPHRASE, else asked)
  -h, --help      this help

TIME is ISO 8601: 2025-08-27 08:01, 2025-08-27T08:01:12+08:00. Without an offset it is read in the case's
time zone. CASE and ITEM accept the full id or its unambiguous start.
Exit status: 0 done; 1 the command failed (for add: nothing could be filed); 2 bad usage; 3 verify found damage;
4 the locker is encrypted and was not unlocked (no passphrase given, or a wrong one).`;

const OPTIONS = {
  json: { type: 'boolean' },
  store: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  counterparty: { type: 'string' },
  method: { type: 'string' },
  account: { type: 'string' },
  currency: { type: 'string' },
  timezone: { type: 'string' },
  title: { type: 'string' },
  status: { type: 'string' },
  notes: { type: 'string' },
  archive: { type: 'boolean' },
  unarchive: { type: 'boolean' },
  all: { type: 'boolean' },
  trash: { type: 'boolean' },
  tags: { type: 'string' },
  kind: { type: 'string' },
  at: { type: 'string' },
  reference: { type: 'string' },
  match: { type: 'string' },
  id: { type: 'string' },
  undo: { type: 'boolean' },
  disputed: { type: 'boolean' },
  key: { type: 'boolean' },
  out: { type: 'string' },
  recipient: { type: 'string' },
  lang: { type: 'string' },
  zip: { type: 'string' },
  'max-size': { type: 'string' },
  limit: { type: 'string' },
  series: { type: 'string' },
  with: { type: 'string' },
  channel: { type: 'string' },
  ticket: { type: 'string' },
  note: { type: 'string' },
  agency: { type: 'string' },
  reply: { type: 'boolean' },
  evidence: { type: 'string' },
  from: { type: 'string' },
  merchant: { type: 'string' },
  service: { type: 'string' },
  number: { type: 'string' },
  'signed-at': { type: 'string' },
  'closed-at': { type: 'string' },
  step: { type: 'string' },
  to: { type: 'string' },
  name: { type: 'string' },
  'id-number': { type: 'string' },
  phone: { type: 'string' },
  days: { type: 'string' },
  count: { type: 'string' },
  enable: { type: 'boolean' },
  disable: { type: 'boolean' },
  password: { type: 'string' },
  'password-file': { type: 'string' },
  letter: { type: 'string' },
  'draft-letter': { type: 'boolean' },
  'passphrase-file': { type: 'string' },
  'new-passphrase-file': { type: 'string' },
  'recovery-key-file': { type: 'string' },
  case: { type: 'string' },
  encoding: { type: 'string' },
  layout: { type: 'string' },
  map: { type: 'string' },
  confirm: { type: 'string' },
  'header-line': { type: 'string' },
} satisfies ParseArgsConfig['options'];

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export type Io = {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** Asks for a secret on the terminal without echo; absent or null where there is no terminal. */
  prompt?: (question: string) => Promise<string | null>;
};

const defaultIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
  isTTY: Boolean(process.stderr.isTTY),
  prompt: promptHidden,
};

class UsageError extends Error {}

/** Runs one `locker` command; returns the exit status. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    io.err(`locker: ${(error as Error).message}\nRun "locker --help" for usage.\n`);
    return 2;
  }
  if (values.help || positionals.length === 0) {
    (values.help ? io.out : io.err)(HELP + '\n');
    return values.help ? 0 : 2;
  }
  const json = Boolean(values.json);
  const emit = (value: unknown, human: () => string) =>
    io.out(json ? JSON.stringify(value, null, 2) + '\n' : human());
  const storeDir = resolveStoreDir(values.store, io.env);
  const [command, ...rest] = positionals;

  if (command === 'where') {
    emit({ store: storeDir }, () => storeDir + '\n');
    return 0;
  }
  const usage = (message: string) => {
    io.err(`locker: ${message}\nRun "locker --help" for usage.\n`);
    return 2;
  };
  // Restoring makes a new locker: the target folder is never opened (which would create one) beforehand.
  if (command === 'restore') {
    if (!rest[0]) return usage('missing argument: restore FILE --store DIR');
    if (!values.store) return usage('restore needs --store DIR: the new, empty folder to restore into');
    try {
      const report = await restoreLocker(rest[0], values.store, () => unlockFrom(values, io));
      emit({ store: path.resolve(values.store), ...report }, () =>
        report.ok
          ? `Restored into ${path.resolve(values.store!)}: ${report.objects} original(s) and the custody log's ${report.logEntries} entries check out.\n`
          : `Restored, but DAMAGE FOUND:\n` +
            report.problems.map((p) => `  - ${p.message}`).join('\n') +
            '\n',
      );
      return report.ok ? 0 : 3;
    } catch (error) {
      const message =
        error instanceof LockerInputError ? error.message : `unexpected error: ${String(error)}`;
      if (json) io.out(JSON.stringify({ error: message }, null, 2) + '\n');
      io.err(`locker: ${message}\n`);
      return 1;
    }
  }

  if (command === 'encrypt' || command === 'passphrase') {
    try {
      return command === 'encrypt'
        ? await encryptCommand(storeDir, values, { json, emit, io })
        : await passphraseCommand(storeDir, values, { json, emit, io });
    } catch (error) {
      const message =
        error instanceof LockerInputError
          ? error.message
          : `unexpected error: ${(error as Error).stack ?? String(error)}`;
      if (json)
        io.out(
          JSON.stringify(
            { error: message, ...(error instanceof LockerLockedError ? { locked: true } : {}) },
            null,
            2,
          ) + '\n',
        );
      io.err(`locker: ${message}\n`);
      return error instanceof LockerLockedError ? 4 : 1;
    }
  }

  let locker: Locker | null = null;
  try {
    locker = await openUnlocked(storeDir, values, io);
    return await run(locker, command!, rest, values, { json, emit, io });
  } catch (error) {
    if (error instanceof LockerLockedError) {
      if (json) io.out(JSON.stringify({ error: error.message, locked: true }, null, 2) + '\n');
      io.err(`locker: ${error.message}\n`);
      return 4;
    }
    if (error instanceof UsageError || error instanceof LayoutUsageError) {
      io.err(`locker: ${error.message}\nRun "locker --help" for usage.\n`);
      return 2;
    }
    // A database too damaged to open is what verify is for: it is named as damage (exit 3), never a crash.
    if (command === 'verify' && isDatabaseDamage(error)) {
      const problem = {
        kind: 'database-damaged',
        message: `the database file is damaged and cannot be opened to check it: ${(error as Error).message}`,
      };
      emit(
        { ok: false, problems: [problem] },
        () =>
          `DAMAGE FOUND — 1 problem(s):\n  - ${problem.message}\nNothing was changed. Restore the most recent backup into a new folder with: locker restore FILE --store NEW_FOLDER\n`,
      );
      return 3;
    }
    const message =
      error instanceof LockerInputError ||
      error instanceof LockerTooNewError ||
      error instanceof DatabaseUnreadableError
        ? error.message
        : `unexpected error: ${(error as Error).stack ?? String(error)}`;
    if (json) io.out(JSON.stringify({ error: message }, null, 2) + '\n');
    io.err(`locker: ${message}\n`);
    return 1;
  } finally {
    locker?.close();
  }
}

type Ctx = { json: boolean; emit: (value: unknown, human: () => string) => void; io: Io };

/** What unlocks an encrypted locker, from the command's options, the environment or a prompt. */
async function unlockFrom(v: Values, io: Io): Promise<Unlock> {
  if (v['recovery-key-file'] !== undefined) {
    const text = await readFile(v['recovery-key-file'], 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new LockerInputError(
        `Cannot read the recovery key file "${v['recovery-key-file']}": ${error.code ?? String(error)}.`,
      );
    });
    return { recoveryKey: text.trim() };
  }
  const passphrase = await findPassphrase(
    { passphraseFile: v['passphrase-file'], env: io.env, prompt: io.prompt },
    'Passphrase of this locker: ',
  );
  return passphrase === null ? {} : { passphrase };
}

/** Opens the locker, asking for what unlocks it only when it is encrypted. */
async function openUnlocked(storeDir: string, v: Values, io: Io): Promise<Locker> {
  const encrypted = (await readKeyFile(path.resolve(storeDir)).catch(() => null)) !== null;
  return Locker.open(storeDir, { actor: 'cli', ...(encrypted ? { unlock: await unlockFrom(v, io) } : {}) });
}

/**
 * The password of protected bills and archives, read like a passphrase: --password-file, then
 * $LOCKER_BILL_PASSWORD; --password still works, with a warning (any user can read a process's arguments).
 * Null when none was given (the terminal is asked once a file needs one).
 */
async function billPassword(v: Values, io: Io): Promise<string | null> {
  if (v['password-file'] !== undefined) {
    let text: string;
    try {
      text = await readFile(v['password-file'], 'utf8');
    } catch (error) {
      throw new LockerInputError(
        `Cannot read the password file "${v['password-file']}": ${describeFsError(error)}.`,
      );
    }
    return text.replace(/\r?\n$/, '');
  }
  const fromEnv = io.env.LOCKER_BILL_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (v.password !== undefined) {
    io.err(
      'locker: warning: --password shows in the process list to every user of this machine; use --password-file FILE or LOCKER_BILL_PASSWORD instead.\n',
    );
    return v.password;
  }
  return null;
}

/** A new passphrase: from --passphrase-file (or the named option), $LOCKER_PASSPHRASE, or typed twice. */
async function newPassphrase(
  v: Values,
  io: Io,
  fileOption: 'passphrase-file' | 'new-passphrase-file',
): Promise<string> {
  const given = await findPassphrase(
    { passphraseFile: v[fileOption], env: fileOption === 'passphrase-file' ? io.env : {} },
    '',
  );
  if (given !== null) {
    checkPassphrase(given);
    return given;
  }
  const first = io.prompt ? await io.prompt('New passphrase: ') : null;
  if (first === null) {
    throw new LockerInputError(
      `A new passphrase is needed: type it when asked, or use --${fileOption} FILE${fileOption === 'passphrase-file' ? ' or LOCKER_PASSPHRASE' : ''}.`,
    );
  }
  checkPassphrase(first);
  if ((await io.prompt!('The same passphrase again: ')) !== first) {
    throw new LockerInputError('The two passphrases differ; nothing was changed.');
  }
  return first;
}

async function encryptCommand(storeDir: string, v: Values, ctx: Ctx): Promise<number> {
  const root = path.resolve(storeDir);
  if (await readKeyFile(root)) {
    throw new LockerInputError(
      'This locker is already encrypted. To change its passphrase: locker passphrase.',
    );
  }
  // Opening once brings the schema up to date and sweeps old leftovers before anything is copied.
  (await Locker.open(root, { actor: 'cli' })).close();
  const passphrase = await newPassphrase(v, ctx.io, 'passphrase-file');
  const r = await encryptLocker(root, passphrase, { actor: 'cli' });
  ctx.emit(
    {
      encrypted: true,
      store: root,
      recoveryKey: r.recoveryKey,
      objects: r.objects,
      thumbnails: r.thumbnails,
      bytes: r.bytes,
      keychain: r.keychain,
    },
    () =>
      [
        `The locker is now encrypted: its database, ${r.objects} original(s) and ${r.thumbnails} thumbnail(s).`,
        '',
        `  Recovery key:  ${r.recoveryKey}`,
        '',
        'Write the recovery key down on paper and keep it apart from this computer. It opens the locker if the',
        'passphrase is forgotten (locker passphrase --recovery-key-file FILE). Without the passphrase and the',
        'recovery key nobody can open this locker again, not even with this program.',
        '',
        'From now on every locker command needs the passphrase: it asks for it, or reads --passphrase-file FILE',
        "or $LOCKER_PASSPHRASE. The locker command does not use this computer's keychain; the app offers that",
        'where the system has a real one.',
        '',
      ].join('\n'),
  );
  return 0;
}

async function passphraseCommand(storeDir: string, v: Values, ctx: Ctx): Promise<number> {
  const root = path.resolve(storeDir);
  const keyFile = await readKeyFile(root);
  if (!keyFile)
    throw new LockerInputError('This locker is not encrypted; turn encryption on with: locker encrypt.');
  const unlock = await unlockFrom(v, ctx.io);
  const master = await unlockMaster(keyFile, unlock);
  const passphrase = await newPassphrase(v, ctx.io, 'new-passphrase-file');
  await writeFileAtomic(
    path.join(root, KEY_FILE),
    JSON.stringify(await rewrapPassphrase(keyFile, master, passphrase), null, 2) + '\n',
  );
  const locker = await Locker.open(root, { actor: 'cli', unlock: { passphrase } });
  try {
    locker.write((log) =>
      log({
        action: 'locker.passphrase',
        details: { unlockedWith: unlock.recoveryKey !== undefined ? 'recovery-key' : 'passphrase' },
      }),
    );
    await locker.saveChainHead();
  } finally {
    locker.close();
  }
  ctx.emit({ changed: true }, () => 'The passphrase is changed. The recovery key stays the same.\n');
  return 0;
}

function need(args: string[], count: number, usage: string): string[] {
  if (args.length < count) throw new UsageError(`missing argument: ${usage}`);
  return args;
}

async function run(locker: Locker, command: string, args: string[], v: Values, ctx: Ctx): Promise<number> {
  const { emit } = ctx;
  switch (command) {
    case 'case': {
      const [sub, ...a] = need(args, 1, 'case new|list|show|set');
      if (sub === 'new') {
        const title = need(a, 1, 'case new TITLE').join(' ');
        const c = await locker.createCase({
          title,
          counterparty: v.counterparty,
          paymentMethod: v.method,
          account: v.account,
          currency: v.currency,
          timezone: v.timezone,
        });
        emit(c, () => `Created case ${c.id}: ${c.title}\n`);
        return 0;
      }
      if (sub === 'list') {
        const cases = locker.listCases({ includeArchived: Boolean(v.all) });
        emit(cases, () =>
          cases.length
            ? cases
                .map((c) => `${c.id}  ${c.status.padEnd(19)} ${c.title}${c.archivedAt ? '  (archived)' : ''}`)
                .join('\n') + '\n'
            : 'No cases yet. Start one with: locker case new "What happened"\n',
        );
        return 0;
      }
      if (sub === 'show') {
        const c = locker.getCase(need(a, 1, 'case show CASE')[0]!);
        const items = locker.listEvidence(c.id);
        const events = locker.listEvents(c.id);
        emit(
          { ...c, evidenceCount: items.length, eventCount: events.length },
          () =>
            [
              `${c.title}  (${c.id})`,
              `  counterparty: ${c.counterparty || '—'}   status: ${c.status}   currency: ${c.currency}   time zone: ${c.timezone}`,
              `  ${items.length} evidence item(s), ${events.length} event(s)`,
              c.notes ? `  notes: ${c.notes}` : '',
            ]
              .filter(Boolean)
              .join('\n') + '\n',
        );
        return 0;
      }
      if (sub === 'set') {
        const id = need(a, 1, 'case set CASE')[0]!;
        if (v.archive && v.unarchive) throw new UsageError('--archive and --unarchive together');
        if (v.status !== undefined && !CASE_STATUSES.includes(v.status as CaseStatus)) {
          throw new UsageError(`--status must be one of ${CASE_STATUSES.join(', ')}`);
        }
        const c = await locker.updateCase(id, {
          title: v.title,
          counterparty: v.counterparty,
          paymentMethod: v.method,
          account: v.account,
          currency: v.currency,
          timezone: v.timezone,
          notes: v.notes,
          status: v.status as CaseStatus | undefined,
          archived: v.archive ? true : v.unarchive ? false : undefined,
        });
        emit(c, () => `Updated case ${c.id}: ${c.title} (${c.status})\n`);
        return 0;
      }
      throw new UsageError(`unknown command "case ${sub}"`);
    }

    case 'add': {
      const [caseId, ...paths] = need(args, 2, 'add CASE PATH...');
      const showProgress = !ctx.json && ctx.io.isTTY;
      const resolved = await Promise.all(paths.map((p) => resolveArgPath(p)));
      const password = await billPassword(v, ctx.io);
      const onProgress = showProgress
        ? (p: { done: number; total: number }) => ctx.io.err(`\r  ${p.done}/${p.total} filed…`)
        : undefined;
      let result = await addPaths(locker, caseId!, resolved, {
        method: 'cli',
        ...(password ? { password } : {}),
        ...(v.layout ? { layout: v.layout } : {}),
        onProgress,
      });
      if (showProgress) ctx.io.err('\n');
      // Asked only once it is needed, and only on a terminal: typed without echo, like a passphrase.
      const labelOf = (p: string | Buffer, i: number) => (typeof p === 'string' ? p : paths[i]!);
      const isLocked = (label: string) => result.errors.some((e) => e.needsPassword && e.path === label);
      const locked = resolved.filter((p, i) => isLocked(labelOf(p, i)));
      if (password === null && locked.length && ctx.io.prompt) {
        const typed = await ctx.io.prompt(
          `Password of the protected file(s) (${locked.length}; Enter to skip): `,
        );
        if (typed) {
          // Filed again with the password: what is inside is filed under the items already there.
          const again = await addPaths(locker, caseId!, locked, { method: 'cli', password: typed });
          const retried = new Set(resolved.map(labelOf).filter(isLocked));
          result = {
            ...result,
            added: [...result.added, ...again.added],
            errors: [...result.errors.filter((e) => !retried.has(e.path)), ...again.errors],
          };
        }
      }
      emit(result, () => describeIntake(result));
      return result.added.length === 0 && result.errors.length > 0 ? 1 : 0;
    }

    case 'layout':
      return runLayout(locker, args, v, emit);

    case 'evidence': {
      const [sub, ...a] = need(args, 1, 'evidence list|show|edit|trash|restore');
      if (sub === 'list') {
        const c = locker.getCase(need(a, 1, 'evidence list CASE')[0]!);
        const items = locker
          .listEvidence(c.id, { includeDeleted: Boolean(v.trash) })
          .filter((e) => !v.trash || e.deletedAt);
        emit(
          items.map(evidenceJson),
          () =>
            items.map((e) => `${e.id}  ${at(e)}  ${e.kind.padEnd(10)} ${e.title}`).join('\n') +
            (items.length ? '\n' : 'Nothing here yet.\n'),
        );
        return 0;
      }
      if (sub === 'show') {
        const e = locker.getEvidence(need(a, 1, 'evidence show ITEM')[0]!);
        emit({ ...evidenceJson(e), history: locker.custodyLog({ subjectId: e.id }) }, () =>
          describeEvidence(e),
        );
        return 0;
      }
      if (sub === 'edit') {
        const id = need(a, 1, 'evidence edit ITEM')[0]!;
        if (v.kind !== undefined && !EVIDENCE_KINDS.includes(v.kind as EvidenceKind)) {
          throw new UsageError(`--kind must be one of ${EVIDENCE_KINDS.join(', ')}`);
        }
        const e = await locker.updateEvidence(id, {
          title: v.title,
          notes: v.notes,
          tags: v.tags === undefined ? undefined : v.tags.split(','),
          kind: v.kind as EvidenceKind | undefined,
          occurredAt: v.at,
        });
        emit(evidenceJson(e), () => `Updated ${e.id}: ${e.title} (${at(e)})\n`);
        return 0;
      }
      if (sub === 'trash' || sub === 'restore') {
        const e = await locker.trashEvidence(need(a, 1, `evidence ${sub} ITEM`)[0]!, sub === 'trash');
        emit(evidenceJson(e), () =>
          sub === 'trash'
            ? `Moved ${e.id} to the trash. It no longer shows on the timeline or in packets; the original and its history are kept, and "locker evidence restore ${e.id}" brings it back.\n`
            : `Restored ${e.id}.\n`,
        );
        return 0;
      }
      throw new UsageError(`unknown command "evidence ${sub}"`);
    }

    case 'event': {
      const [sub, ...a] = need(args, 1, 'event add CASE');
      if (sub !== 'add') throw new UsageError(`unknown command "event ${sub}"`);
      const caseId = need(a, 1, 'event add CASE --kind K --at TIME --title T')[0]!;
      if (!v.kind || !EVENT_KINDS.includes(v.kind as EventKind))
        throw new UsageError(`--kind must be one of ${EVENT_KINDS.join(', ')}`);
      if (!v.at) throw new UsageError('--at TIME is required');
      if (!v.title) throw new UsageError('--title is required');
      const ev = await locker.addEvent(caseId, {
        kind: v.kind as EventKind,
        occurredAt: v.at,
        title: v.title,
        notes: v.notes,
        reference: v.reference,
      });
      emit(
        eventJson(ev),
        () =>
          `Added ${ev.kind} ${ev.id} at ${formatInstant({ utc: ev.occurredUtc, offset: ev.occurredOffset })}: ${ev.title}\n`,
      );
      return 0;
    }

    case 'transactions': {
      const caseId = need(args, 1, 'transactions CASE')[0]!;
      let rows = caseTransactions(locker, caseId);
      if (v.match) rows = rows.filter((t) => transactionMatches(t, v.match!));
      if (v.disputed) rows = rows.filter((t) => t.disputed);
      const out = rows.map(transactionJsonIn(caseLedger(locker, caseId)));
      emit(out, () =>
        out.length
          ? out
              .map(
                (t) =>
                  `${t.at}  ${t.direction === 'out' ? '-' : t.direction === 'in' ? '+' : ' '}${t.amount.padStart(10)} ${t.currency}  ${t.disputed ? 'DISPUTED ' : ''}${t.counterparty} · ${t.description}  [${t.status}]  ${t.id}`,
              )
              .join('\n') + '\n'
          : 'No transactions yet. File a bill export (Alipay, WeChat Pay, bank) with: locker add CASE FILE\n',
      );
      return 0;
    }

    case 'dispute': {
      const caseId = need(args, 1, 'dispute CASE --match TEXT')[0]!;
      if (!v.match && !v.id && !v.series) throw new UsageError('give --match TEXT, --id TX or --series ID');
      const ids = (v.id ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      // A series is what the user disputes: all its charges are marked and their refunds linked.
      const r = v.series
        ? await disputeSeries(locker, caseId, v.series, { match: v.match, ids, disputed: !v.undo })
        : {
            ...(await disputeTransactions(locker, caseId, { match: v.match, ids, disputed: !v.undo })),
            refundsLinked: [],
          };
      emit(
        r,
        () =>
          `${v.undo ? 'Undisputed' : 'Disputed'} ${r.matched.length} charge(s) (${r.changed} changed).\n` +
          (r.refundsLinked.length ? `Linked ${r.refundsLinked.length} refund(s) to their charges.\n` : ''),
      );
      return 0;
    }

    case 'series': {
      const caseId = locker.getCase(need(args, 1, 'series CASE')[0]!).id;
      const agreements = caseAgreements(locker, caseId);
      // Each series with the agreement behind it (null when none is recorded): closed means no next charge.
      const list = caseSeries(locker, caseId).map((x) => ({
        ...x,
        agreement: agreementOfSeries(x, agreements),
      }));
      emit(list, () =>
        list.length
          ? list
              .map(
                (x) =>
                  `${x.id}  ${x.counterparty}: ${x.count}× ${x.interval}, ${x.amount} ${x.currency}, ${x.first.slice(0, 10)} → ${x.last.slice(0, 10)}, total ${x.total}, next expected ${x.nextExpected.slice(0, 10)}` +
                  (x.priceChanges.length ? `  (price changed ${x.priceChanges.length}×)` : '') +
                  (x.disputed ? `  [${x.disputed} disputed]` : '') +
                  (x.agreement?.status === 'closed' ? `  [agreement ${x.agreement.id} closed]` : ''),
              )
              .join('\n') + '\n'
          : 'No recurring charges found (a series needs the same payee at a regular interval, usually 3 times).\n',
      );
      return 0;
    }

    case 'refund': {
      const [sub, refundId, chargeId] = need(args, 2, 'refund link REFUND_TX CHARGE_TX');
      if (sub === 'link') {
        if (!chargeId) throw new UsageError('missing argument: refund link REFUND_TX CHARGE_TX');
        const t = await linkRefund(locker, refundId!, chargeId);
        emit(t, () => `Linked refund ${t.id} to charge ${chargeId}.\n`);
        return 0;
      }
      if (sub === 'unlink') {
        const t = await linkRefund(locker, refundId!, null);
        emit(t, () => `Unlinked refund ${t.id}.\n`);
        return 0;
      }
      throw new UsageError(`unknown command "refund ${sub}"`);
    }

    case 'messages': {
      const caseId = need(args, 1, 'messages CASE')[0]!;
      let rows = caseMessages(locker, caseId);
      if (v.match) {
        const needle = v.match.toLowerCase();
        rows = rows.filter((m) => `${m.sender}\n${m.text}`.toLowerCase().includes(needle));
      }
      if (v.key) rows = rows.filter((m) => m.isKey);
      const out = rows.map(messageJson);
      emit(out, () =>
        out.length
          ? out
              .map((m) => `${m.at}  ${m.isKey ? '★ ' : ''}${m.sender || '(system)'}: ${m.text}  ${m.id}`)
              .join('\n') + '\n'
          : 'No messages yet. File a chat export or an email with: locker add CASE FILE\n',
      );
      return 0;
    }

    case 'message': {
      const [sub, id] = need(args, 2, 'message key MSG');
      if (sub !== 'key' && sub !== 'unkey') throw new UsageError(`unknown command "message ${sub}"`);
      const m = await markMessageKey(locker, id!, sub === 'key');
      emit(m, () => `${sub === 'key' ? 'Marked' : 'Unmarked'} ${m.id} as a key event.\n`);
      return 0;
    }

    case 'summary': {
      const s = caseSummary(locker, need(args, 1, 'summary CASE')[0]!);
      emit(
        s,
        () =>
          [
            `${s.evidence} item(s), ${s.events} event(s), ${s.transactions} transaction(s), ${s.messages} message(s) (${s.keyMessages} key)`,
            ...s.charges.map((x) => `all charges: ${x.total} ${x.currency} in ${x.count}`),
            s.disputed.count
              ? `disputed: ${s.disputed.count} charge(s)`
              : 'nothing disputed yet (locker dispute CASE --match TEXT)',
            ...s.disputed.totals.map(
              (x) =>
                `  ${x.currency}: charged ${x.charged}, refunded ${x.refunded}, still owed ${x.outstanding}`,
            ),
          ].join('\n') + '\n',
      );
      return 0;
    }

    case 'payments': {
      const caseId = locker.getCase(need(args, 1, 'payments CASE')[0]!).id;
      const ledger = caseLedger(locker, caseId);
      let list = ledger.payments;
      if (v.disputed) list = list.filter((p) => p.disputed);
      if (v.match) list = list.filter((p) => p.sightings.some((x) => transactionMatches(x.tx, v.match!)));
      const out = list.map((p) => paymentJson(p, ledger));
      emit(out, () =>
        out.length
          ? out
              .map((p) => {
                const sign = p.direction === 'out' ? '-' : p.direction === 'in' ? '+' : ' ';
                const seen = p.sightings.map((x) => x.source).join('+');
                const waiting = p.pending.filter((x) => x.state === 'suggested').length;
                return `${p.at}  ${sign}${p.amount.padStart(10)} ${p.currency}  ${p.disputed ? 'DISPUTED ' : ''}${p.counterparty}  [${p.rail}; seen in ${seen}${p.kind === 'charge' && p.refunded !== '0.00' ? `; refunded ${p.refunded}` : ''}${waiting ? `; ${waiting} to confirm` : ''}]  ${p.id}`;
              })
              .join('\n') + '\n'
          : 'No payments yet. File a bill export (Alipay, WeChat Pay, bank) with: locker add CASE FILE\n',
      );
      return 0;
    }

    case 'payment': {
      const sub = args[1];
      if (sub === 'confirm') {
        const caseId = need(args, 3, 'payment confirm CASE')[2]!;
        const n = await confirmSameSuggestions(locker, caseId);
        emit({ confirmed: n }, () => `Confirmed ${n} match(es) as the same payment.\n`);
        return 0;
      }
      if (sub === 'join' || sub === 'reject') {
        const [, , caseId, a, b] = need(args, 5, `payment ${sub} CASE TX TX`);
        if (sub === 'join') {
          const p = await joinSightings(locker, caseId!, a!, b!);
          emit(p, () => `Joined: ${p.id} is now seen in ${p.sightings.length} rows.\n`);
        } else {
          const kind = (v.kind ?? 'same') as LinkKind;
          if (!LINK_KINDS.includes(kind))
            throw new UsageError(`--kind must be one of ${LINK_KINDS.join(', ')}`);
          await rejectLink(locker, caseId!, a!, b!, kind);
          emit({ rejected: [a, b], kind }, () => `Kept apart: ${a} and ${b} (${kind}).\n`);
        }
        return 0;
      }
      if (sub === 'split') {
        const [, , caseId, tx] = need(args, 4, 'payment split CASE TX');
        const p = await splitSighting(locker, caseId!, tx!);
        emit(p, () => `Split: ${tx} is now payment ${p.id} on its own.\n`);
        return 0;
      }
      if (sub === 'rail') {
        const [, , caseId, tx, rail] = need(args, 5, `payment rail CASE TX ${RAILS.join('|')}|auto`);
        if (rail !== 'auto' && !RAILS.includes(rail as Rail))
          throw new UsageError(`rail must be one of ${RAILS.join(', ')}, auto`);
        const p = await setPaymentRail(locker, caseId!, tx!, rail === 'auto' ? null : (rail as Rail));
        emit(p, () => `${p.id} moved by ${p.rail} (${p.railSource}).\n`);
        return 0;
      }
      throw new UsageError(`unknown command "payment ${sub ?? ''}"`);
    }

    case 'ready': {
      const caseId = need(args, 1, 'ready CASE')[0]!;
      const recipient = (v.recipient ?? 'bank') as Recipient;
      if (!RECIPIENTS.includes(recipient))
        throw new UsageError(`--recipient must be one of ${RECIPIENTS.join(', ')}`);
      const items = packetReadiness(locker, caseId, recipient, langOf(v));
      emit(
        items,
        () =>
          items.map((x) => `${x.severity === 'block' ? '✗' : '·'} ${x.text}  (${x.screen})`).join('\n') +
          '\n',
      );
      return 0;
    }

    case 'timeline': {
      const entries = locker.timeline(need(args, 1, 'timeline CASE')[0]!);
      emit(entries, () =>
        entries.length
          ? entries
              .map(
                (e) => `${e.at}  ${e.kind.padEnd(10)} ${e.title}${e.reference ? `  [${e.reference}]` : ''}`,
              )
              .join('\n') + '\n'
          : 'Nothing on the timeline yet. Add files with: locker add CASE FILE...\n',
      );
      return 0;
    }

    case 'log': {
      const entries = locker.custodyLog(args[0] ? { caseId: args[0] } : {});
      emit(
        entries,
        () =>
          entries
            .map(
              (e) => `#${e.seq}  ${e.at}  ${e.actor.padEnd(4)} ${e.action.padEnd(16)} ${e.subjectId ?? ''}`,
            )
            .join('\n') + '\n',
      );
      return 0;
    }

    case 'export': {
      const caseId = need(args, 1, 'export CASE --out PACKET.pdf')[0]!;
      if (v.recipient !== undefined && !RECIPIENTS.includes(v.recipient as Recipient))
        throw new UsageError(`--recipient must be one of ${RECIPIENTS.join(', ')}`);
      if (v.lang !== undefined && !LANGS.includes(v.lang as Lang))
        throw new UsageError(`--lang must be one of ${LANGS.join(', ')}`);
      if (v['draft-letter']) {
        const letter = await draftPacketLetter(locker, caseId, {
          recipient: v.recipient as Recipient | undefined,
          lang: v.lang as Lang | undefined,
        });
        emit({ letter }, () => letter + '\n');
        return 0;
      }
      if (!v.out) throw new UsageError('--out PACKET.pdf is required');
      const letter = v.letter === undefined ? undefined : await readLetter(v.letter);
      const maxBytes = v['max-size'] === undefined ? undefined : parseSize(v['max-size']);
      const r = await exportPacket(locker, caseId, {
        out: v.out,
        recipient: v.recipient as Recipient | undefined,
        lang: v.lang as Lang | undefined,
        zip: v.zip,
        maxBytes,
        ...(letter === undefined ? {} : { letter }),
      });
      for (const w of r.warnings) ctx.io.err(`locker: note: ${w}\n`);
      emit(
        {
          files: r.files,
          pages: r.pages,
          exhibits: r.exhibits.map(({ number, evidenceId, title, sha256, pages, redacted, volume }) => ({
            number,
            evidenceId,
            title,
            sha256,
            pages,
            redacted,
            ...(volume ? { volume } : {}),
          })),
          ...(r.volumes ? { volumes: r.volumes } : {}),
          reference: r.reference,
        },
        () =>
          r.files.map((f) => `wrote ${f.path}  (${f.bytes} bytes, SHA-256 ${f.sha256})`).join('\n') +
          `\n${r.pages} page(s), ${r.exhibits.length} exhibit(s)${r.volumes ? ` in ${r.volumes.length} volumes` : ''}; reference ${r.reference}\n`,
      );
      return 0;
    }

    case 'backup': {
      if (!v.out) throw new UsageError('backup needs --out FILE');
      const caseId = v.case === undefined ? undefined : locker.getCase(v.case).id;
      const r = await backupLocker(locker, v.out, caseId ? { caseId } : {});
      emit(
        r,
        () =>
          `Wrote ${r.path}: ${r.objects} original(s), ${r.bytes} bytes, SHA-256 ${r.sha256}; every entry read back and checked.\n`,
      );
      return 0;
    }

    case 'verify': {
      const report = await verifyLocker(locker);
      const notes = report.notes.map((n) => `Note: ${n}\n`).join('');
      emit(report, () =>
        report.ok
          ? `Intact: ${report.objects} original(s) (${report.bytes} bytes) match their fingerprints; the custody log's ${report.logEntries} entries are unbroken.\n${notes}`
          : notes +
            `DAMAGE FOUND — ${report.problems.length} problem(s):\n` +
            report.problems.map((p) => `  - ${p.message}`).join('\n') +
            '\n' +
            (report.lastBackup
              ? `Nothing was changed. The most recent backup is ${report.lastBackup.path} (${report.lastBackup.at}); restore it into a new folder with: locker restore FILE --store NEW_FOLDER\n`
              : 'Nothing was changed. No backup of this locker is known; make copies of the folder before anything else.\n'),
      );
      return report.ok ? 0 : 3;
    }

    case 'search': {
      const [caseId, ...words] = v.all ? [null, ...args] : need(args, 2, 'search CASE|--all QUERY');
      const limit = v.limit === undefined ? undefined : Number(v.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
        throw new UsageError('--limit must be a whole number above 0');
      if (!words.length) throw new UsageError('missing argument: search CASE|--all QUERY');
      const results = searchCase(locker, caseId ?? null, words.join(' '), { limit });
      emit(results, () =>
        results.length
          ? results
              .map(
                (r) => `${r.at}  ${r.kind.padEnd(11)} ${r.title}
    ${r.snippet}  ${r.id}`,
              )
              .join('\n') + '\n'
          : 'Nothing found.\n',
      );
      return 0;
    }

    case 'ocr': {
      if (args[0] === 'on' || args[0] === 'off') {
        setOcrEnabled(locker, args[0] === 'on');
        emit({ enabled: args[0] === 'on' }, () => `Reading text from images is ${args[0]}.\n`);
        return 0;
      }
      const showProgress = !ctx.json && ctx.io.isTTY;
      const report = await runOcr(locker, {
        caseId: args[0] ?? null,
        onProgress: showProgress ? (p) => ctx.io.err(`\r  ${p.done}/${p.total} read…`) : undefined,
      });
      if (showProgress) ctx.io.err('\n');
      emit(report, () =>
        !report.enabled
          ? 'Reading text from images is off (turn it on with: locker ocr on).\n'
          : report.items
              .map(
                (i) =>
                  `${i.evidenceId}  ${i.status.padEnd(7)} ${i.title}` +
                  (i.error ? `: ${i.error}` : '') +
                  (i.text ? `\n    ${i.text.replace(/\s*\n\s*/g, ' | ').slice(0, 200)}` : ''),
              )
              .join('\n') +
            `${report.items.length ? '\n' : ''}${report.items.length} read; still waiting: ${report.queue.pending}, failed: ${report.queue.failed}.\n`,
      );
      return 0;
    }

    case 'contact':
    case 'agreement':
    case 'plan':
    case 'complaint':
    case 'claimant':
    case 'deadline':
    case 'rules':
    case 'rule':
      return runDispute(locker, command, args, v, ctx);

    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function isDatabaseDamage(error: unknown): boolean {
  if (error instanceof DatabaseUnreadableError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB|ERROR|FORMAT|RANGE|MISMATCH|SCHEMA)/.test(code);
}

/** The cover letter as the user edited it: UTF-8 text, not empty, of a size a letter has. */
async function readLetter(file: string): Promise<string> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    throw new LockerInputError(`Cannot read the letter "${file}": ${describeFsError(error)}.`);
  }
  if (!text.trim()) throw new LockerInputError(`The letter "${file}" is empty.`);
  if (text.length > 100_000)
    throw new LockerInputError(`The letter "${file}" is longer than 100,000 characters.`);
  return text;
}

/** `10MB`, `500KB`, `2.5 MB`, `800000` → bytes (1 MB = 1,000,000 bytes, as upload forms count them). */
function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?\s*$/i.exec(text);
  if (!m) throw new UsageError(`--max-size "${text}" is not a size like 10MB or 500KB`);
  const unit = (m[2] ?? 'b').toLowerCase()[0]!;
  const factor = unit === 'k' ? 1e3 : unit === 'm' ? 1e6 : unit === 'g' ? 1e9 : 1;
  return Math.floor(Number(m[1]) * factor);
}

function at(e: EvidenceRecord): string {
  return formatInstant({ utc: e.occurredUtc, offset: e.occurredOffset });
}

function evidenceJson(e: EvidenceRecord) {
  const { occurredUtc, occurredOffset, contentText, ...rest } = e;
  return {
    ...rest,
    occurredAt: formatInstant({ utc: occurredUtc, offset: occurredOffset }),
    hasText: Boolean(contentText),
  };
}

function eventJson(e: EventRecord) {
  const { occurredUtc, occurredOffset, ...rest } = e;
  return { ...rest, occurredAt: formatInstant({ utc: occurredUtc, offset: occurredOffset }) };
}

function describeIntake(r: IntakeResult): string {
  const lines: string[] = [];
  for (const a of r.added) {
    lines.push(`added      ${a.path}  → ${a.id} (${a.kind}, ${a.occurredAt} from ${a.occurredSource})`);
    if (a.format) {
      lines.push(
        `           read as ${a.formatLabel}: ${a.transactions} transaction(s), ${a.messages} message(s)` +
          (a.problemCount ? `, ${a.problemCount} line(s) not readable` : ''),
      );
    }
    if (a.columnMap) lines.push(`           read with the column map "${a.columnMap.name}"`);
    for (const w of a.warnings) lines.push(`           note: ${w}`);
    if (a.canMap) lines.push(`           map its columns: locker layout guess ${a.path}`);
  }
  for (const d of r.duplicates)
    lines.push(`already in ${d.path}  = ${d.existingId}${d.inTrash ? ' (in the trash)' : ''}`);
  for (const e of r.errors)
    lines.push(`${e.needsPassword ? 'LOCKED    ' : 'NOT ADDED '} ${e.path}: ${e.error}`);
  for (const s of r.skipped) lines.push(`skipped    ${s.path}: ${s.reason}`);
  lines.push(
    `${r.added.length} added, ${r.duplicates.length} already there, ${r.errors.length} could not be read.`,
  );
  return lines.join('\n') + '\n';
}

function describeEvidence(e: EvidenceRecord): string {
  return (
    [
      `${e.title}  (${e.id})`,
      `  kind: ${e.kind}   when: ${at(e)} (from ${e.occurredSource})`,
      `  original: ${e.originalName}, ${e.size} bytes, ${e.mime}`,
      `  SHA-256: ${e.sha256}`,
      `  filed: ${e.acquiredAt} by ${e.acquisitionMethod}${e.deletedAt ? `   IN TRASH since ${e.deletedAt}` : ''}`,
      e.tags.length ? `  tags: ${e.tags.join(', ')}` : '',
      e.notes ? `  notes: ${e.notes}` : '',
    ]
      .filter(Boolean)
      .join('\n') + '\n'
  );
}

const list = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function langOf(v: Values): DisputeLang {
  if (v.lang !== undefined && !DISPUTE_LANGS.includes(v.lang as DisputeLang))
    throw new UsageError(`--lang must be one of ${DISPUTE_LANGS.join(', ')}`);
  return (v.lang as DisputeLang | undefined) ?? 'zh-CN';
}

/** The dispute commands: contacts, agreements, the plan, complaint fields, the claimant, deadlines, rules. */
async function runDispute(
  locker: Locker,
  command: string,
  args: string[],
  v: Values,
  ctx: Ctx,
): Promise<number> {
  const { emit } = ctx;
  switch (command) {
    case 'contact': {
      const caseId = need(args, 1, 'contact CASE --with WHO --at TIME')[0]!;
      if (!v.with || !CONTACT_PARTIES.includes(v.with as ContactParty))
        throw new UsageError(`--with must be one of ${CONTACT_PARTIES.join(', ')}`);
      if (!v.at) throw new UsageError('--at TIME is required');
      if (v.channel !== undefined && !CONTACT_CHANNELS.includes(v.channel as ContactChannel))
        throw new UsageError(`--channel must be one of ${CONTACT_CHANNELS.join(', ')}`);
      if (v.agency !== undefined && !AGENCIES.includes(v.agency as Agency))
        throw new UsageError(`--agency must be one of ${AGENCIES.join(', ')}`);
      const { contact, deadlines } = await addContact(locker, caseId, {
        party: v.with as ContactParty,
        at: v.at,
        channel: v.channel as ContactChannel | undefined,
        agency: v.agency as Agency | undefined,
        direction: v.reply ? 'in' : 'out',
        ticket: v.ticket,
        note: v.note,
        evidenceIds: list(v.evidence),
        lang: langOf(v),
      });
      const all = deadlines.map(deadlineJson);
      const first = all[0];
      emit(
        {
          id: contact.id,
          at: formatInstant({ utc: contact.occurredUtc, offset: contact.occurredOffset }),
          eventId: contact.eventId,
          deadline: first ? { at: first.at, rule: first.rule, title: first.title, id: first.id } : null,
          deadlines: all,
        },
        () =>
          `Recorded contact ${contact.id} with ${contact.party}.\n` +
          all.map((d) => `  deadline ${d.at}: ${d.title} (${d.rule})\n`).join(''),
      );
      return 0;
    }

    case 'agreement': {
      const caseId = need(args, 1, 'agreement CASE --merchant NAME')[0]!;
      const input = {
        merchant: v.merchant,
        service: v.service,
        number: v.number,
        signedAt: v['signed-at'],
        closedAt: v['closed-at'],
        paymentMethod: v.method,
        seriesId: v.series,
        evidenceIds: v.evidence === undefined ? undefined : list(v.evidence),
      };
      if (v.from !== undefined) {
        // The fields read from a screenshot of the agreement page; those given on the command line win.
        const given = Object.fromEntries(Object.entries(input).filter(([, x]) => x !== undefined));
        const r = await addAgreementFromEvidence(locker, caseId, v.from, given, v.id);
        const a = agreementJson(r.agreement);
        emit(
          { ...a, found: r.found },
          () =>
            `${r.isNew ? 'Recorded' : 'Updated'} agreement ${a.id} with ${a.merchant} (${a.status}) from ${v.from}` +
            (r.found.length ? `; read: ${r.found.join(', ')}` : '') +
            (a.seriesId ? `; behind series ${a.seriesId}` : '') +
            '.\n',
        );
        return 0;
      }
      if (!v.id && v.merchant === undefined) {
        const rows = caseAgreements(locker, caseId).map(agreementJson);
        emit(rows, () =>
          rows.length
            ? rows
                .map(
                  (a) =>
                    `${a.id}  ${a.merchant}${a.number ? ` #${a.number}` : ''}  ${a.status}${a.closedAt ? ` (closed ${a.closedAt})` : ''}`,
                )
                .join('\n') + '\n'
            : 'No agreement recorded yet. Add one with: locker agreement CASE --merchant NAME\n',
        );
        return 0;
      }
      if (v.id && !caseAgreements(locker, caseId).some((a) => a.id === v.id))
        throw new LockerInputError(`No agreement "${v.id}" in this case; see: locker agreement CASE`);
      const record = v.id
        ? await updateAgreement(locker, v.id, input)
        : await addAgreement(locker, caseId, { ...input, merchant: v.merchant ?? '' });
      const a = agreementJson(record);
      emit(a, () => `${v.id ? 'Updated' : 'Recorded'} agreement ${a.id} with ${a.merchant} (${a.status}).\n`);
      return 0;
    }

    case 'plan': {
      const caseId = need(args, 1, 'plan CASE')[0]!;
      if (v.step !== undefined || v.status !== undefined) {
        if (!v.step || !PLAN_STEPS.includes(v.step as PlanStepKey))
          throw new UsageError(`--step must be one of ${PLAN_STEPS.join(', ')}`);
        if (!v.status || (v.status !== 'auto' && !STEP_STATUSES.includes(v.status as StepStatus)))
          throw new UsageError(`--status must be one of ${STEP_STATUSES.join(', ')}, auto`);
        await setPlanOverride(
          locker,
          caseId,
          v.step as PlanStepKey,
          v.status === 'auto' ? null : (v.status as StepStatus),
        );
      }
      const plan = casePlan(locker, caseId, { lang: langOf(v) });
      emit(
        plan,
        () =>
          plan.steps
            .map(
              (s, i) =>
                `${i + 1}. [${s.status}] ${s.title}${s.isOverridden ? ' (set by you)' : ''}` +
                s.missing.map((m) => `\n     - ${m}`).join(''),
            )
            .join('\n') +
          '\n' +
          (plan.deadlines.length
            ? '\nDeadlines:\n' +
              plan.deadlines
                .map((d) => `  ${d.at}  ${d.overdue ? 'OVERDUE ' : d.isDone ? 'met     ' : ''}${d.title}`)
                .join('\n') +
              '\n'
            : '') +
          `\n${plan.disclaimer}\n`,
      );
      return 0;
    }

    case 'complaint': {
      const caseId = need(args, 1, 'complaint CASE --to CHANNEL')[0]!;
      if (!v.to || !COMPLAINT_TARGETS.includes(v.to as ComplaintTarget))
        throw new UsageError(`--to must be one of ${COMPLAINT_TARGETS.join(', ')}`);
      const r = complaintFields(locker, caseId, { to: v.to as ComplaintTarget, lang: langOf(v) });
      emit({ to: r.to, lang: r.lang, fields: r.fields }, () =>
        r.fields.map((f) => `── ${f.label} ──\n${f.value}\n`).join('\n'),
      );
      return 0;
    }

    case 'claimant': {
      const caseId = args[0] ?? null;
      const r = await setClaimant(locker, caseId, {
        name: v.name,
        idNumber: v['id-number'],
        phone: v.phone,
      });
      // The values are shown masked: the terminal's scrollback and CI logs are logs too.
      const now = caseId ? claimantFor(locker, caseId) : null;
      emit(
        {
          scope: r.scope,
          changed: r.changed,
          ...(now
            ? {
                isSet: { name: !!now.name, idNumber: !!now.idNumber, phone: !!now.phone },
                masked: { idNumber: maskValue(now.idNumber), phone: maskValue(now.phone) },
              }
            : {}),
        },
        () =>
          r.changed.length
            ? `Saved ${r.changed.join(', ')} for ${r.scope === 'locker' ? 'every case' : r.scope}.\n`
            : 'Nothing changed.\n',
      );
      return 0;
    }

    case 'deadline': {
      const [sub, id] = need(args, 2, 'deadline add CASE | deadline done DEADLINE');
      if (sub === 'add') {
        if (!v.at) throw new UsageError('--at TIME is required');
        if (!v.title) throw new UsageError('--title is required');
        const d = deadlineJson(await addDeadline(locker, id!, { at: v.at, title: v.title }));
        emit(d, () => `Added deadline ${d.id} at ${d.at}: ${d.title}\n`);
        return 0;
      }
      if (sub === 'done') {
        const d = deadlineJson(await editDeadline(locker, id!, { isDone: !v.undo }));
        emit(d, () => `${d.isDone ? 'Marked' : 'Unmarked'} ${d.id} as met.\n`);
        return 0;
      }
      throw new UsageError(`unknown command "deadline ${sub}"`);
    }

    case 'rules': {
      const rules = effectiveRules(locker);
      emit(
        rules,
        () =>
          rules
            .map(
              (r) =>
                `${r.key}${r.enabled ? '' : ' (off)'}${r.isEdited ? ' (changed by you)' : ''}: ${r.days} ${r.count === 'calendar' ? 'day(s)' : 'working day(s)'}\n  ${r.title.en}\n  ${r.source.title} ${r.source.reference}`,
            )
            .join('\n') + '\n',
      );
      return 0;
    }

    default: {
      const [sub, key] = need(args, 2, 'rule set KEY | rule reset KEY');
      if (sub !== 'set' && sub !== 'reset') throw new UsageError(`unknown command "rule ${sub}"`);
      let patch: Record<string, unknown> | null = null;
      if (sub === 'set') {
        if (v.enable && v.disable) throw new UsageError('--enable and --disable together');
        patch = {};
        if (v.days !== undefined) patch.days = Number(v.days);
        if (v.count !== undefined) patch.count = v.count;
        if (v.enable || v.disable) patch.enabled = Boolean(v.enable);
        if (!Object.keys(patch).length) throw new UsageError('give --days, --count, --enable or --disable');
        const before = effectiveRules(locker).find((r) => r.key === key);
        const stored = before?.isEdited
          ? Object.fromEntries(
              (['days', 'count', 'enabled', 'parties', 'agencies', 'extendableTo'] as const).map((k) => [
                k,
                before[k],
              ]),
            )
          : {};
        patch = { ...stored, ...patch };
        for (const k of Object.keys(patch)) if (patch[k] === undefined) delete patch[k];
      }
      const r = await setRuleOverride(locker, key!, patch);
      emit(r, () => `${r.key}: ${r.days} ${r.count} day(s)${r.enabled ? '' : ' (off)'}\n`);
      return 0;
    }
  }
}
