import type { Locker } from '../locker.ts';
import { prepareImage, type Exhibit, type PreparedImage } from './prepare.ts';

/** Images prepared ahead of the one being placed: enough to keep sharp busy, few enough to stay small. */
const LOOKAHEAD = 3;

/**
 * Prepares each image exhibit just before the renderer places it, a few ahead, and lets go of it once placed:
 * the packet's memory stays flat in the number of exhibits (the pixels of 200 screenshots are never held at
 * once). An image that cannot be decoded is described instead, with one warning however often it is rendered.
 */
export class ImageFeed {
  /** The recompression step the next render uses (the size budget raises it). */
  step = 0;
  private readonly failed = new Set<number>();

  constructor(
    private readonly locker: Locker,
    private readonly warnings: string[],
  ) {}

  /** A reader over one render's exhibits, in the order they are placed. */
  open(order: Exhibit[]): (ex: Exhibit) => Promise<PreparedImage[] | null> {
    const images = order.filter((x) => x.body.type === 'image');
    const position = new Map(images.map((x, i) => [x.number, i]));
    const pending = new Map<number, Promise<PreparedImage[] | Error>>();
    const step = this.step;
    const start = (x: Exhibit) => {
      if (pending.has(x.number) || x.body.type !== 'image') return;
      const job = prepareImage(this.locker, x.evidence, x.body.redactions, step).catch((error: unknown) =>
        error instanceof Error ? error : new Error(String(error)),
      );
      pending.set(x.number, job);
    };
    return async (ex) => {
      const at = position.get(ex.number) ?? -1;
      start(ex);
      for (const next of images.slice(at + 1, at + 1 + LOOKAHEAD)) start(next);
      const result = await pending.get(ex.number);
      pending.delete(ex.number);
      if (!result || result instanceof Error) {
        this.describeInstead(ex, result);
        return null;
      }
      return result;
    };
  }

  /**
   * The size budget needs each image's weight at a step before it renders: each is prepared (three at a
   * time), weighed and let go.
   */
  async weigh(exhibits: Exhibit[]): Promise<void> {
    const todo = exhibits.filter((x) => x.body.type === 'image');
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const x = todo[next++]!;
        if (x.body.type !== 'image') continue;
        try {
          const slices = await prepareImage(this.locker, x.evidence, x.body.redactions, this.step);
          x.weight = slices.reduce((n, s) => n + s.data.length, 0);
        } catch (error) {
          this.describeInstead(x, error);
        }
      }
    };
    await Promise.all([worker(), worker(), worker()]);
  }

  private describeInstead(x: Exhibit, error: unknown): void {
    if (!this.failed.has(x.number)) {
      this.failed.add(x.number);
      this.warnings.push(
        `${x.evidence.originalName}: the image could not be decoded (${(error as Error | undefined)?.message ?? 'no image'}); described instead`,
      );
    }
    x.body = { type: 'described', reason: 'unreadable' };
    x.weight = 4000;
  }
}
