import type { z } from 'zod';
import type { CaseStatus } from '../../db/queries/cases.ts';
import type { AgreementStatus, ContactChannel, PlanStepKey, StepStatus } from '../../db/queries/dispute.ts';
import type { EventKind } from '../../db/queries/events.ts';
import type { EvidenceKind, TimeSource } from '../../db/queries/evidence.ts';
import type { CallInput, CallName, CallOutput, ParsedCallInput } from '../services/calls/index.ts';
import type { PlanDto } from '../services/calls/dispute.ts';
import type { ImportSummary } from '../services/calls/imports.ts';
import type { ComplaintTarget } from '../services/dispute/complaint.ts';
import type { Agency, ContactParty } from '../services/dispute/rules.ts';
import type { Lang, Recipient } from '../services/export/i18n.ts';
import type { ColumnRole, TableEncoding } from '../services/importers/column-map.ts';
import type { Coded } from '../messages/say.ts';
import type { BridgeChannel, ElectronChannel, MenuCommand } from './channels.ts';
import type { RouteName, RouteOutputs, routeSchemas } from './routes.ts';

/*
 * What the untrusted renderer may know of the locker: TYPES only, every one read off the declared calls
 * (electron/services/calls) and the transports' few routes. The renderer imports this file with `import type`
 * (lint enforces it, and a test fails if zod or a schema reaches its bundle); nothing here is a value.
 */

export type { MenuCommand, CallInput, CallName, CallOutput };
export type { BridgeChannel, ElectronChannel };
export type { CaseStatus, EventKind, EvidenceKind, TimeSource };
export type { AgreementStatus, ContactChannel, PlanStepKey, StepStatus };
export type { Agency, ComplaintTarget, ContactParty, Recipient };
export type PacketLang = Lang;
export type { ColumnRole, TableEncoding };

/** Every name the page can send: a declared call, or one transport's own route. */
export type Channel = CallName | ElectronChannel | BridgeChannel;

export type Input<C extends Channel> = C extends CallName
  ? CallInput<C>
  : C extends RouteName
    ? z.input<(typeof routeSchemas)[C]>
    : never;
export type ParsedInput<C extends Channel> = C extends CallName
  ? ParsedCallInput<C>
  : C extends RouteName
    ? z.output<(typeof routeSchemas)[C]>
    : never;
export type Output<C extends Channel> = C extends CallName
  ? CallOutput<C>
  : C extends RouteName
    ? RouteOutputs[C]
    : never;

// ── The DTOs by name, each declared beside the function that builds it ──────────────────────────────────

export type { CaseDto, CaseOverview, EventDto, TimelineRow } from '../services/calls/cases.ts';
export type Timeline = Output<'timeline:get'>;
export type { EvidenceDetail, HistoryEntry, RedactionBox } from '../services/calls/evidence.ts';
export type Redactions = Output<'redaction:get'>;
export type {
  Charges,
  MessageDto,
  PaymentDto,
  RecordSource,
  SeriesDto,
  TransactionDto,
} from '../services/calls/records.ts';
export type { CurrencyTotals } from '../services/records.ts';
export type MessageList = Output<'message:list'>;
export type { ClaimantDto, PlanDto } from '../services/calls/dispute.ts';
export type PlanStepDto = PlanDto['steps'][number];
export type PlanDeadlineDto = PlanDto['deadlines'][number];
export type ContactAdded = Output<'contact:add'>;
export type ComplaintDto = Output<'complaint:get'>;
export type ReadinessDto = Output<'export:ready'>[number];
export type ExhibitChoiceDto = Output<'exhibits:get'>[number];
export type { AgreementFieldKey, AgreementReadingDto, FactSourceDto } from '../services/calls/agreements.ts';
export type AgreementDto = Output<'agreement:create'>;
export type { ExhibitDto, ExportSummary } from '../services/calls/export.ts';
export type ExportDraft = Output<'export:draft'>;
export type { FactSuggestionsDto, OcrReadingDto, PixelBox, SearchHitDto } from '../services/calls/search.ts';
export type { SearchKind } from '../../db/queries/search.ts';
export type { OcrStatusDto } from '../services/calls/define.ts';
export type { ImportOutcome, ImportSummary, ItemRead } from '../services/calls/imports.ts';
export type { BackupJob, EncryptedDto, LockerStatus } from '../services/calls/locker.ts';
export type VerifySummary = Output<'locker:verify'>;
export type MapProposalDto = Output<'columns:propose'>;
export type MapPreviewDto = Output<'columns:preview'>;
export type MapPreviewRowDto = MapPreviewDto['rows'][number];
export type ColumnMapDto = MapProposalDto['map'];
export type LayoutDto = Output<'layout:import'>;
export type LayoutFileDto = Output<'layout:export'>;

// ── The envelope ─────────────────────────────────────────────────────────────────────────────────────────

export type ErrorCode = 'bad_input' | 'not_found' | 'refused' | 'locked' | 'internal';
/** `message` is the English wording (logs, older clients); `coded` is what the app words in its language. */
export type ApiError = { code: ErrorCode; message: string; coded?: Coded };
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

// ── What each runtime exposes ────────────────────────────────────────────────────────────────────────────

/** The page's one typed door to every declared call; its names, inputs and outputs come from the declarations. */
export type CallInvoke = <N extends CallName>(name: N, input: CallInput<N>) => Promise<Result<CallOutput<N>>>;

/**
 * `window.locker` in Electron: a frozen object of named functions. `importFiles` takes File objects; the
 * preload turns them into paths with webUtils, so the page itself never sees or names a path.
 */
export type PreloadApi = {
  readonly runtime: 'electron';
  /** A declared call by name; main refuses any name that is not declared (never a transport's own route). */
  readonly invoke: CallInvoke;
  readonly pickFiles: (input: Input<'import:pick'>) => Promise<Result<Output<'import:pick'>>>;
  readonly importFiles: (caseId: string, files: readonly File[]) => Promise<Result<ImportSummary>>;
  /** Main shows the save dialog and writes the packet where the user chose. */
  readonly saveExport: (input: Input<'export:save'>) => Promise<Result<Output<'export:save'>>>;
  /** Asks where to save a backup of the whole locker (main's dialog), then starts writing it. */
  readonly saveBackup: () => Promise<Result<Output<'backup:save'>>>;
  /** Asks for a backup file and a new, empty folder (main's dialogs), then restores and verifies it there. */
  readonly restoreBackup: () => Promise<Result<Output<'backup:restore'>>>;
  /** Restarts the app on the locker a finished restore of this run made. */
  readonly openRestored: (input: Input<'backup:open'>) => Promise<Result<Output<'backup:open'>>>;
  /** Shows a file written by `saveExport` in the system's file manager, by its id. */
  readonly revealExport: (input: Input<'export:reveal'>) => Promise<Result<null>>;
  /** Native menu items (New case, Add files…, Export packet…) as they are chosen; returns an unsubscribe. */
  readonly onMenuCommand: (listener: (command: MenuCommand) => void) => () => void;
};
