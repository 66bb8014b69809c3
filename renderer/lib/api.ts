import type {
  ApiError,
  CallInput,
  CallName,
  CallOutput,
  CaseDto,
  CaseOverview,
  Charges,
  EventDto,
  ExportDraft,
  ExportSummary,
  MessageDto,
  MessageList,
  RedactionBox,
  Redactions,
  EvidenceDetail,
  ImportSummary,
  Input,
  LockerStatus,
  BackupJob,
  MenuCommand,
  Output,
  PreloadApi,
  Result,
  Timeline,
  VerifySummary,
} from '../../electron/ipc/contract.ts';
import { loadSaid, sayInPage } from '../i18n/said.ts';

/*
 * The only module that knows where the app runs. In Electron it calls the preload's frozen `window.locker`;
 * in a browser it talks to the loopback bridge with the per-run token. Either way the React app gets the
 * same typed object, and errors arrive as `LockerApiError` with the message already worded for the user.
 */

export class LockerApiError extends Error {
  constructor(readonly error: ApiError) {
    // The locker sends a code with parameters; the words are the page's language, not the backend's English.
    super(error.coded ? sayInPage(error.coded) : error.message);
    this.name = 'LockerApiError';
  }
}

export type ImportProgress = { done: number; total: number };

export type Api = {
  runtime: 'electron' | 'browser';
  /**
   * Any declared call by name (electron/services/calls), typed by its declaration. A new call needs no wrapper
   * here: `api.invoke('plan:get', { caseId, lang })`.
   */
  invoke: Invoke;
  /** Commands from the native menu (Electron only; in a browser the page's own shortcuts do the same). */
  onMenuCommand: (listener: (command: MenuCommand) => void) => () => void;
  listCases: (includeArchived?: boolean) => Promise<CaseDto[]>;
  createCase: (input: Input<'case:create'>) => Promise<CaseDto>;
  updateCase: (id: string, patch: Input<'case:update'>['patch']) => Promise<CaseDto>;
  getCase: (id: string) => Promise<CaseOverview>;
  getTimeline: (caseId: string) => Promise<Timeline>;
  getEvidence: (id: string) => Promise<EvidenceDetail>;
  updateEvidence: (id: string, patch: Input<'evidence:update'>['patch']) => Promise<EvidenceDetail>;
  trashEvidence: (id: string, trashed: boolean) => Promise<EvidenceDetail>;
  addEvent: (input: Input<'event:add'>) => Promise<EventDto>;
  deleteEvent: (id: string) => Promise<void>;
  verify: () => Promise<VerifySummary>;
  lockerStatus: () => Promise<LockerStatus>;
  encryptLocker: (input: Input<'locker:encrypt'>) => Promise<Output<'locker:encrypt'>>;
  unlock: (input: Input<'locker:unlock'>) => Promise<LockerStatus>;
  /** With `evidenceId`: only the rows read from that item (the case's totals and series still whole). */
  listTransactions: (caseId: string, evidenceId?: string) => Promise<Charges>;
  disputeTransactions: (caseId: string, ids: string[], disputed: boolean) => Promise<Charges>;
  /** The dispute ledger: join two rows into one payment, split one out, turn a suggestion down, correct a rail. */
  joinPayment: (input: Input<'payment:join'>) => Promise<Charges>;
  splitPayment: (input: Input<'payment:split'>) => Promise<Charges>;
  rejectLink: (input: Input<'payment:reject'>) => Promise<Charges>;
  confirmMatches: (caseId: string) => Promise<Charges>;
  setRail: (input: Input<'payment:rail'>) => Promise<Charges>;
  exportReadiness: (input: Input<'export:ready'>) => Promise<Output<'export:ready'>>;
  exhibitChoices: (input: Input<'exhibits:get'>) => Promise<Output<'exhibits:get'>>;
  setExhibitChoices: (input: Input<'exhibits:set'>) => Promise<Output<'exhibits:set'>>;
  listMessages: (caseId: string, evidenceId?: string) => Promise<MessageList>;
  markMessage: (id: string, isKey: boolean) => Promise<MessageDto>;
  getRedactions: (evidenceId: string) => Promise<Redactions>;
  setRedactions: (evidenceId: string, boxes: RedactionBox[]) => Promise<Redactions>;
  draftExport: (input: Input<'export:draft'>) => Promise<ExportDraft>;
  /** The same ranked full-text search as `locker search`, in one case or (`'all'`) every case. */
  search: (input: Input<'search:query'>) => Promise<Output<'search:query'>>;
  ocrStatus: (caseId?: string) => Promise<Output<'ocr:status'>>;
  retryOcr: (caseId?: string) => Promise<Output<'ocr:retry'>>;
  setOcrEnabled: (enabled: boolean) => Promise<Output<'ocr:status'>>;
  /** What OCR read from one item, with the facts it suggests (never applied until the user says so). */
  getOcr: (evidenceId: string) => Promise<Output<'ocr:get'>>;
  /** The screenshot read as an auto-debit agreement page, for the user to check (nothing is recorded). */
  readAgreement: (evidenceId: string) => Promise<Output<'agreement:read'>>;
  /** Records the agreement as the user checked it, with the screenshot as its proof. */
  addAgreement: (input: Input<'agreement:add'>) => Promise<Output<'agreement:add'>>;
  /** The case's auto-debit agreements, and the user's own records of them (the page of agreements). */
  listAgreements: (caseId: string) => Promise<Output<'agreement:list'>>;
  createAgreement: (input: Input<'agreement:create'>) => Promise<Output<'agreement:create'>>;
  updateAgreement: (
    id: string,
    patch: Input<'agreement:update'>['patch'],
  ) => Promise<Output<'agreement:update'>>;
  // The guided dispute.
  getPlan: (input: Input<'plan:get'>) => Promise<Output<'plan:get'>>;
  setPlanStep: (input: Input<'plan:set'>) => Promise<Output<'plan:set'>>;
  addContact: (input: Input<'contact:add'>) => Promise<Output<'contact:add'>>;
  getComplaint: (input: Input<'complaint:get'>) => Promise<Output<'complaint:get'>>;
  getClaimant: (caseId: string) => Promise<Output<'claimant:get'>>;
  setClaimant: (input: Input<'claimant:set'>) => Promise<Output<'claimant:set'>>;
  /**
   * Opens an item waiting for its password (`lockedId` is its evidence id) with the password, sent in the
   * body and never kept: its line, then the lines of what came out of it.
   */
  unlockImport: (lockedId: string, password: string) => Promise<ImportSummary>;
  // The column map (issue 14): a table no importer read, mapped by the user.
  /** The first rows and a proposed map; `encoding` and `headerLine` override what was detected. */
  proposeColumns: (input: Input<'columns:propose'>) => Promise<Output<'columns:propose'>>;
  previewColumns: (input: Input<'columns:preview'>) => Promise<Output<'columns:preview'>>;
  /** Files the rows once the user confirmed the sign of the two sample rows; keeps the map as a layout. */
  applyColumns: (input: Input<'columns:apply'>) => Promise<Output<'columns:apply'>>;
  /** Removes the rows a column map gave (never the original); logged. */
  undoColumns: (evidenceId: string) => Promise<Output<'columns:undo'>>;
  listLayouts: () => Promise<Output<'layout:list'>>;
  exportLayout: (id: string) => Promise<Output<'layout:export'>>;
  /** The text of a layout file the user picked. */
  importLayout: (text: string) => Promise<Output<'layout:import'>>;
  deleteLayout: (id: string) => Promise<Output<'layout:delete'>>;
  /**
   * Writes the packet. Electron: main asks where to save it (null when the user cancels). Browser: the
   * bridge writes it and each file is downloadable from `downloadUrl`.
   */
  exportPacket: (input: Input<'export:run'>) => Promise<ExportSummary | null>;
  /**
   * Starts a backup of the whole locker. Electron: main asks where to save it (null when the user cancels).
   * Browser: the bridge writes it; once finished, its `downloadId` downloads from `downloadUrl`.
   */
  startBackup: () => Promise<BackupJob | null>;
  /** Electron: main's dialogs pick the backup and a new folder, then it is restored and verified. Null in a browser. */
  restoreBackup: (() => Promise<BackupJob | null>) | null;
  /** Electron: restart on the locker a finished restore made. Null in a browser. */
  openRestored: ((jobId: string) => Promise<void>) | null;
  backupStatus: (jobId: string) => Promise<BackupJob>;
  /** Browser: where to download an exported file. Electron: '' (see revealExport). */
  downloadUrl: (downloadId: string) => string;
  /** Electron's "Show in folder" for an exported file; null in a browser, which downloads instead. */
  revealExport: ((downloadId: string) => Promise<void>) | null;
  /** Files the user dropped, pasted or chose in the page's file input. */
  importFiles: (
    caseId: string,
    files: readonly File[],
    onProgress?: (p: ImportProgress) => void,
  ) => Promise<ImportSummary>;
  /** Electron's own file dialog (folders and all); null in a browser, which uses its file input. */
  pickFiles: ((caseId: string) => Promise<ImportSummary | null>) | null;
  thumbUrl: (evidenceId: string) => string;
  originalUrl: (evidenceId: string) => string;
  /** Page `page` (1-based) of a PDF, drawn by main as a picture about `width` px wide. */
  pageUrl: (evidenceId: string, page: number, width: number) => string;
};

/** A call's value, or its error worded in the page's language (the catalogue loaded first, if it is not yet). */
async function unwrap<T>(result: Result<T>): Promise<T> {
  if (result.ok) return result.value;
  if (result.error.coded) await loadSaid();
  throw new LockerApiError(result.error);
}

/**
 * What boot.js asked: each call's Result, or null when it could not be asked (the app then asks itself). When
 * this script ran first (boot.js is loaded async), an empty map: a boot.js running later sees it and asks
 * nothing, as the app asks for itself.
 */
function bootAnswers(): Map<string, Promise<Result<unknown> | null>> {
  const page = window as unknown as { __lockerBoot?: Map<string, Promise<Result<unknown> | null>> };
  page.__lockerBoot ??= new Map();
  return page.__lockerBoot;
}

/**
 * The answer public/boot.js already asked for this call and input before this script loaded, taken once: a
 * later call asks again. Null when it was not asked.
 */
function takeBootAnswer<T>(name: string, input: unknown): Promise<Result<T> | null> | null {
  const asked = bootAnswers();
  const key = `${name} ${JSON.stringify(input)}`;
  const answer = asked.get(key);
  if (!answer) return null;
  asked.delete(key);
  return answer as Promise<Result<T> | null>;
}

/** Any declared call by name, typed by its declaration: `invoke('case:get', { id })` gives a CaseOverview. */
export type Invoke = <N extends CallName>(name: N, input: CallInput<N>) => Promise<CallOutput<N>>;

function makeApi(
  runtime: Api['runtime'],
  invoke: Invoke,
  rest: Pick<
    Api,
    | 'importFiles'
    | 'pickFiles'
    | 'thumbUrl'
    | 'originalUrl'
    | 'pageUrl'
    | 'exportPacket'
    | 'startBackup'
    | 'restoreBackup'
    | 'openRestored'
    | 'downloadUrl'
    | 'revealExport'
    | 'onMenuCommand'
  >,
): Api {
  return {
    runtime,
    invoke,
    listCases: (includeArchived) => invoke('case:list', includeArchived ? { includeArchived } : {}),
    createCase: (input) => invoke('case:create', input),
    updateCase: (id, patch) => invoke('case:update', { id, patch }),
    getCase: (id) => invoke('case:get', { id }),
    getTimeline: (caseId) => invoke('timeline:get', { caseId }),
    getEvidence: (id) => invoke('evidence:get', { id }),
    updateEvidence: (id, patch) => invoke('evidence:update', { id, patch }),
    trashEvidence: (id, trashed) => invoke('evidence:trash', { id, trashed }),
    addEvent: (input) => invoke('event:add', input),
    deleteEvent: async (id) => {
      await invoke('event:delete', { id });
    },
    verify: () => invoke('locker:verify', {}),
    lockerStatus: () => invoke('locker:status', {}),
    encryptLocker: (input) => invoke('locker:encrypt', input),
    backupStatus: (jobId) => invoke('backup:status', { jobId }),
    unlock: (input) => invoke('locker:unlock', input),
    listTransactions: (caseId, evidenceId) =>
      invoke('transaction:list', evidenceId ? { caseId, evidenceId } : { caseId }),
    disputeTransactions: (caseId, ids, disputed) => invoke('transaction:dispute', { caseId, ids, disputed }),
    joinPayment: (input) => invoke('payment:join', input),
    splitPayment: (input) => invoke('payment:split', input),
    rejectLink: (input) => invoke('payment:reject', input),
    confirmMatches: (caseId) => invoke('payment:confirm', { caseId }),
    setRail: (input) => invoke('payment:rail', input),
    exportReadiness: (input) => invoke('export:ready', input),
    exhibitChoices: (input) => invoke('exhibits:get', input),
    setExhibitChoices: (input) => invoke('exhibits:set', input),
    listMessages: (caseId, evidenceId) =>
      invoke('message:list', evidenceId ? { caseId, evidenceId } : { caseId }),
    markMessage: (id, isKey) => invoke('message:mark', { id, isKey }),
    getRedactions: (evidenceId) => invoke('redaction:get', { evidenceId }),
    setRedactions: (evidenceId, boxes) => invoke('redaction:set', { evidenceId, boxes }),
    draftExport: (input) => invoke('export:draft', input),
    search: (input) => invoke('search:query', input),
    ocrStatus: (caseId) => invoke('ocr:status', caseId ? { caseId } : {}),
    retryOcr: (caseId) => invoke('ocr:retry', caseId ? { caseId } : {}),
    setOcrEnabled: (enabled) => invoke('ocr:set', { enabled }),
    getOcr: (evidenceId) => invoke('ocr:get', { evidenceId }),
    readAgreement: (evidenceId) => invoke('agreement:read', { evidenceId }),
    addAgreement: (input) => invoke('agreement:add', input),
    listAgreements: (caseId) => invoke('agreement:list', { caseId }),
    createAgreement: (input) => invoke('agreement:create', input),
    updateAgreement: (id, patch) => invoke('agreement:update', { id, patch }),
    getPlan: (input) => invoke('plan:get', input),
    setPlanStep: (input) => invoke('plan:set', input),
    addContact: (input) => invoke('contact:add', input),
    getComplaint: (input) => invoke('complaint:get', input),
    getClaimant: (caseId) => invoke('claimant:get', { caseId }),
    setClaimant: (input) => invoke('claimant:set', input),
    unlockImport: (lockedId, password) => invoke('import:unlock', { lockedId, password }),
    proposeColumns: (input) => invoke('columns:propose', input),
    previewColumns: (input) => invoke('columns:preview', input),
    applyColumns: (input) => invoke('columns:apply', input),
    undoColumns: (evidenceId) => invoke('columns:undo', { evidenceId }),
    listLayouts: () => invoke('layout:list', {}),
    exportLayout: (id) => invoke('layout:export', { id }),
    importLayout: (text) => invoke('layout:import', { text }),
    deleteLayout: (id) => invoke('layout:delete', { id }),
    ...rest,
  };
}

/** Files per call to main during an import in Electron: small enough for the bar to move, few calls. */
const ELECTRON_IMPORT_CHUNK = 10;

function electronApi(preload: PreloadApi): Api {
  const invoke: Invoke = async (name, input) =>
    unwrap(
      (await takeBootAnswer<CallOutput<typeof name>>(name, input)) ?? (await preload.invoke(name, input)),
    );
  return makeApi('electron', invoke, {
    // Main files what it is given in one go; handing it the files a few at a time lets the progress bar move
    // during a long import (the same order, so the first of two equal files is still the one filed).
    importFiles: async (caseId, files, onProgress) => {
      const outcomes: ImportSummary['files'] = [];
      onProgress?.({ done: 0, total: files.length });
      for (let i = 0; i < files.length; i += ELECTRON_IMPORT_CHUNK) {
        const chunk = files.slice(i, i + ELECTRON_IMPORT_CHUNK);
        outcomes.push(...(await unwrap(await preload.importFiles(caseId, chunk))).files);
        onProgress?.({ done: i + chunk.length, total: files.length });
      }
      return { caseId, files: outcomes };
    },
    pickFiles: async (caseId) => unwrap(await preload.pickFiles({ caseId })),
    onMenuCommand: (listener) => preload.onMenuCommand(listener),
    thumbUrl: (id) => `evidence://thumb/${encodeURIComponent(id)}`,
    originalUrl: (id) => `evidence://original/${encodeURIComponent(id)}`,
    pageUrl: (id, page, width) =>
      `evidence://page/${encodeURIComponent(id)}/${Math.trunc(page)}/${Math.trunc(width)}`,
    exportPacket: async (input) => unwrap(await preload.saveExport(input)),
    startBackup: async () => unwrap(await preload.saveBackup()),
    restoreBackup: async () => unwrap(await preload.restoreBackup()),
    openRestored: async (jobId) => {
      await unwrap(await preload.openRestored({ jobId }));
    },
    // Electron saves where the user chose in main's dialog: there is nothing to download.
    downloadUrl: () => '',
    revealExport: async (downloadId) => {
      await unwrap(await preload.revealExport({ downloadId }));
    },
  });
}

const TOKEN_KEY = 'evidence-locker.token';

/**
 * The bridge prints `http://127.0.0.1:PORT/?token=…`. The token is kept for this tab (a reload still works)
 * and taken out of the address bar, so it is not left in view or in the history.
 */
function readToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function browserApi(): Api {
  const token = readToken();
  const post = async <T>(channel: string, input: unknown): Promise<T> => {
    const booted = await takeBootAnswer<T>(channel, input);
    if (booted) return unwrap(booted);
    const response = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Locker-Token': token },
      body: JSON.stringify(input),
    });
    if (response.status === 403) {
      throw new LockerApiError({
        code: 'refused',
        message: 'This page is not allowed to use the locker. Open the address printed by “npm start”.',
      });
    }
    return unwrap((await response.json()) as Result<T>);
  };
  const invoke: Invoke = (channel, input) => post(channel, input);
  const fileUrl = (variant: string, id: string) =>
    `/files/${variant}/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`;

  return makeApi('browser', invoke, {
    // A browser tab has no native menu: the page's own keyboard shortcuts do the same things.
    onMenuCommand: () => () => undefined,
    importFiles: async (caseId, files, onProgress) => {
      const { batchId } = await post<Output<'import:begin'>>('import:begin', { caseId });
      let done = 0;
      onProgress?.({ done, total: files.length });
      // Two uploads at a time: the server streams each to disk, and one slow file does not hold up the rest.
      let next = 0;
      const lane = async () => {
        while (next < files.length) {
          const file = files[next++]!;
          const response = await fetch(`/upload/${batchId}`, {
            method: 'PUT',
            headers: {
              'X-Locker-Token': token,
              'X-File-Name': encodeURIComponent(file.name),
              'X-File-Modified': String(file.lastModified),
              'Content-Type': 'application/octet-stream',
            },
            body: file,
          });
          await unwrap((await response.json()) as Result<null>);
          done += 1;
          onProgress?.({ done, total: files.length });
        }
      };
      await Promise.all([lane(), lane()]);
      return post<ImportSummary>('import:commit', { batchId });
    },
    pickFiles: null,
    thumbUrl: (id) => fileUrl('thumb', id),
    originalUrl: (id) => fileUrl('original', id),
    pageUrl: (id, page, width) =>
      `/files/page/${encodeURIComponent(id)}/${Math.trunc(page)}/${Math.trunc(width)}?token=${encodeURIComponent(token)}`,
    exportPacket: (input) => post<ExportSummary>('export:run', input),
    startBackup: () => post<BackupJob>('backup:run', {}),
    // The browser cannot name a folder on this computer: restoring is the locker command's (or the app's).
    restoreBackup: null,
    openRestored: null,
    downloadUrl: (id) => fileUrl('export', id),
    revealExport: null,
  });
}

function createApi(): Api {
  const preload = (window as unknown as { locker?: PreloadApi }).locker;
  return preload?.runtime === 'electron' ? electronApi(preload) : browserApi();
}

export const api: Api = createApi();
