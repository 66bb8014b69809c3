// A wrapper of `node:fs/promises` for test/trust/fault-injection.test.ts: it numbers every file-system step taken
// under one folder (open, write, fsync, close, chmod, mkdir, rename, unlink) and makes a chosen step fail
// (ENOSPC, EIO), or stops everything at that step as a crash or a power cut would. For the power cut it keeps
// a model of what the disk holds durably: a file's data as of its last fsync, and directory entries (creates,
// renames, unlinks, mkdirs) as of their directory's last fsync; `DurabilityModel.apply` then puts the folder
// in that state, as if the machine had lost power at that step.
//
// This module is loaded inside the `vi.mock('node:fs/promises')` factory, so it must not import
// `node:fs/promises` itself: it is handed the real module, and uses synchronous `node:fs` for its own needs.
import type * as FsPromises from 'node:fs/promises';
import { constants, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type FaultCode = 'ENOSPC' | 'EIO';
export type FaultMode =
  | { kind: 'off' }
  | { kind: 'count' }
  /** Step `at` fails with `code` without doing anything (a close still closes); later steps work. */
  | { kind: 'error'; at: number; code: FaultCode }
  /** Step `at` and everything after it never happen: the process died there, or the power went. */
  | { kind: 'stop'; at: number };

export type Step = { call: string; path: string; owner: number };

const MESSAGES: Record<FaultCode, [errno: number, text: string]> = {
  ENOSPC: [-28, 'no space left on device'],
  EIO: [-5, 'i/o error'],
};

/** An error shaped like the one Node gives for a failed system call. */
export function errnoError(code: FaultCode, syscall: string, file: string): NodeJS.ErrnoException {
  const [errno, text] = MESSAGES[code];
  return Object.assign(new Error(`${code}: ${text}, ${syscall} '${file}'`), {
    code,
    errno,
    syscall,
    path: file,
  });
}

export class StoppedError extends Error {
  constructor() {
    super('the process is gone (simulated crash or power cut)');
    this.name = 'StoppedError';
  }
}

/** Steps that change what is on disk, and `open` (which can create), are numbered; reads are not. */
const COUNTED = new Set([
  'open',
  'mkdir',
  'rename',
  'unlink',
  'chmod',
  'rm',
  'rmdir',
  'writeFile',
  'copyFile',
]);
const HANDLE_COUNTED = new Set([
  'write',
  'writev',
  'writeFile',
  'appendFile',
  'sync',
  'datasync',
  'truncate',
  'close',
  'chmod',
]);

export class FaultyFs {
  /** Only steps under this folder are numbered and failed; everything else passes through. */
  root: string | null = null;
  mode: FaultMode = { kind: 'off' };
  steps: Step[] = [];
  /** Which file of a batch is being filed (the test moves it on); recorded with each step. */
  owner = 0;
  /** Whether the chosen step was reached. */
  hit = false;
  stopped = false;
  model: DurabilityModel | null = null;

  reset(root: string | null, mode: FaultMode): void {
    this.root = root;
    this.mode = mode;
    this.steps = [];
    this.owner = 0;
    this.hit = false;
    this.stopped = false;
    this.model = null;
  }

  inScope(p: unknown): p is string {
    if (!this.root || typeof p !== 'string') return false;
    const rel = path.relative(this.root, path.resolve(p));
    return !rel.startsWith('..') && !path.isAbsolute(rel);
  }

  /** Called before a step; throws the fault chosen for it. A step outside the folder is not a step. */
  step(call: string, p: string): void {
    if (this.stopped) throw new StoppedError();
    if (this.mode.kind === 'off') return;
    const i = this.steps.length;
    this.steps.push({ call, path: p, owner: this.owner });
    if (this.mode.kind === 'count' || i !== this.mode.at) return;
    this.hit = true;
    if (this.mode.kind === 'stop') {
      this.stopped = true;
      throw new StoppedError();
    }
    throw errnoError(this.mode.code, call.replace(/^handle\./, ''), p);
  }
}

export const faults = new FaultyFs();

type AnyFn = (...args: unknown[]) => unknown;

/** The real `node:fs/promises`, with every step under `faults.root` numbered, failed or stopped. */
export function wrapFsPromises(real: typeof FsPromises): typeof FsPromises {
  const wrapped: Record<string, unknown> = { ...real };
  for (const [name, value] of Object.entries(real)) {
    if (typeof value !== 'function' || name === 'constants') continue;
    const fn = value as AnyFn;
    wrapped[name] = async (...args: unknown[]) => {
      const p = args[0];
      if (!faults.inScope(p)) return fn(...args);
      if (faults.stopped) throw new StoppedError();
      if (COUNTED.has(name)) faults.step(name, p);
      const existed = faults.model?.has(p) ?? false;
      const result = await fn(...args);
      const model = faults.model;
      if (model) {
        if (name === 'open') {
          if (!existed && opensToCreate(args[1])) model.created(p, 'file');
        } else if (name === 'writeFile' || name === 'copyFile') {
          const target = name === 'copyFile' ? (args[1] as string) : p;
          if (!model.has(target)) model.created(target, 'file');
        } else if (name === 'mkdir') {
          model.madeDirs(p);
        } else if (name === 'rename') {
          model.renamed(p, args[1] as string);
        } else if (name === 'unlink' || name === 'rm' || name === 'rmdir') {
          model.unlinked(p);
        }
      }
      if (name === 'open') return wrapHandle(result as FsPromises.FileHandle, p);
      return result;
    };
  }
  return { ...(wrapped as typeof FsPromises), default: wrapped } as typeof FsPromises;
}

function opensToCreate(flags: unknown): boolean {
  if (typeof flags === 'number') return (flags & constants.O_CREAT) !== 0;
  return typeof flags === 'string' && /[wa]/.test(flags);
}

function wrapHandle(handle: FsPromises.FileHandle, p: string): FsPromises.FileHandle {
  const node = faults.model?.nodeAt(p);
  return new Proxy(handle, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      const fn = (value as AnyFn).bind(target);
      const name = String(prop);
      return async (...args: unknown[]) => {
        if (name === 'close') {
          // A close gives the descriptor back whatever it reports, so a failed one still closes.
          await fn(...args);
          faults.step('handle.close', p);
          return undefined;
        }
        if (faults.stopped) throw new StoppedError();
        if (HANDLE_COUNTED.has(name)) faults.step(`handle.${name}`, p);
        const result = await fn(...args);
        if ((name === 'sync' || name === 'datasync') && node !== undefined) faults.model?.synced(node);
        return result;
      };
    },
  });
}

/**
 * What a disk keeps through a power cut, for one folder: the content of each file as of its last fsync (empty
 * if never), and each directory's entries as of that directory's last fsync. Everything there when the model
 * starts is taken as durable. (The SQLite database is left out: WAL with synchronous=FULL makes a commit
 * durable when it returns, so the database after a cut is the database at the cut.)
 */
export class DurabilityModel {
  private next = 0;
  private readonly live = new Map<string, number>();
  private readonly durable = new Map<string, number>();
  private readonly kind = new Map<number, 'file' | 'dir'>();
  private readonly data = new Map<number, Buffer>();
  private readonly where = new Map<number, string>();

  constructor(
    readonly root: string,
    private readonly skip: (name: string) => boolean,
  ) {
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (dir === root && skip(e.name)) continue;
        const id = this.add(p, e.isDirectory() ? 'dir' : 'file');
        this.durable.set(p, id);
        if (e.isDirectory()) walk(p);
        else this.data.set(id, readFileSync(p));
      }
    };
    // The folder itself: its fsync makes its own entries durable (the folder is taken to be durable).
    this.add(root, 'dir');
    walk(root);
  }

  private add(p: string, kind: 'file' | 'dir'): number {
    const id = this.next++;
    this.kind.set(id, kind);
    this.live.set(p, id);
    this.where.set(id, p);
    if (kind === 'file') this.data.set(id, Buffer.alloc(0));
    return id;
  }

  private tracked(p: string): boolean {
    const rel = path.relative(this.root, p);
    return !!rel && !rel.startsWith('..') && !this.skip(rel.split(path.sep)[0]!);
  }

  has(p: string): boolean {
    return this.live.has(path.resolve(p));
  }

  nodeAt(p: string): number | undefined {
    return this.live.get(path.resolve(p));
  }

  created(p: string, kind: 'file' | 'dir'): void {
    const abs = path.resolve(p);
    if (this.tracked(abs)) this.add(abs, kind);
  }

  madeDirs(p: string): void {
    const abs = path.resolve(p);
    const chain: string[] = [];
    for (let d = abs; this.tracked(d); d = path.dirname(d)) chain.unshift(d);
    for (const d of chain) if (!this.live.has(d)) this.add(d, 'dir');
  }

  renamed(from: string, to: string): void {
    const a = path.resolve(from);
    const b = path.resolve(to);
    const id = this.live.get(a);
    if (id === undefined) return;
    this.live.delete(a);
    if (this.tracked(b)) {
      this.live.set(b, id);
      this.where.set(id, b);
    }
  }

  unlinked(p: string): void {
    this.live.delete(path.resolve(p));
  }

  /** fsync of a file (its data) or a directory (its entries). */
  synced(id: number): void {
    const p = this.where.get(id);
    if (p === undefined || !this.live.has(p)) return;
    if (this.kind.get(id) === 'file') {
      this.data.set(id, readFileSync(p));
      return;
    }
    for (const q of new Set([...this.live.keys(), ...this.durable.keys()])) {
      if (path.dirname(q) !== p) continue;
      const now = this.live.get(q);
      if (now === undefined) this.durable.delete(q);
      else this.durable.set(q, now);
    }
  }

  /** Puts the folder in the state the disk would come back in after a power cut now. */
  apply(): void {
    const survives = (p: string): boolean => {
      if (!this.durable.has(p)) return false;
      const parent = path.dirname(p);
      return parent === this.root || (survives(parent) && this.kind.get(this.durable.get(parent)!) === 'dir');
    };
    const kept = [...this.durable.keys()].filter(survives).sort((a, b) => a.length - b.length);
    const contents = new Map(kept.map((p) => [p, this.data.get(this.durable.get(p)!)]));
    for (const name of readdirSync(this.root)) {
      if (!this.skip(name)) rmSync(path.join(this.root, name), { recursive: true, force: true });
    }
    for (const p of kept) {
      const id = this.durable.get(p)!;
      if (this.kind.get(id) === 'dir') mkdirSync(p, { recursive: true });
      else writeFileSync(p, contents.get(p) ?? Buffer.alloc(0));
    }
  }
}

/** Every file under a folder (for leftovers), with its size. */
export function filesUnder(dir: string): { path: string; size: number }[] {
  const out: { path: string; size: number }[] = [];
  const walk = (d: string) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push({ path: p, size: statSync(p).size });
    }
  };
  walk(dir);
  return out;
}
