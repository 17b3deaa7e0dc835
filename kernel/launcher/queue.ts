/**
 * The execution queue: cells run one at a time, in arrival order. After a failure in a
 * request with `stop_on_error` (the default), the requests the client sent before it could see
 * the error are aborted, as ipykernel does:
 * - those already queued behind the failing one (a "Run All");
 * - those arriving later from the same session but sent (by the client's clock, header.date)
 *   before the error reply went out, i.e. still in flight.
 * A request sent after the client saw the error runs normally, and a failure with
 * `stop_on_error: false` (nbconvert --allow-errors, papermill) aborts nothing. (tslab's own
 * queue aborted every request arriving within 200 ms of any error, so with --allow-errors all
 * later cells silently lost their output.)
 */
export type Outcome<T> = { status: "ran"; value: T; ok: boolean } | { status: "aborted" };

/** Where a request came from: its session and the client's send time (ms, NaN if unknown). */
export interface Origin {
  session?: string;
  sentAt?: number;
}

export class ExecQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private epoch = 0;
  /** Requests of this session sent before this client time are aborted. */
  private cutoff: { session: string | undefined; sentBefore: number; at: number } | null = null;

  /** `windowMs`: when a request carries no usable date, abort it if it arrives this soon after a failure. */
  constructor(private readonly windowMs = 50) {}

  /**
   * Queue `task`; it resolves to its value and whether it succeeded. A failing task with
   * `stopOnError` aborts the requests sent before its failure was reported.
   */
  run<T>(task: () => Promise<{ value: T; ok: boolean }>, stopOnError: boolean, origin: Origin = {}): Promise<Outcome<T>> {
    const epoch = this.epoch;
    const arrived = Date.now();
    const result = this.tail.then(async (): Promise<Outcome<T>> => {
      if (epoch !== this.epoch || this.inFlight(origin, arrived)) return { status: "aborted" };
      const started = Date.now();
      const { value, ok } = await task();
      if (!ok && stopOnError) {
        this.epoch++;
        const sentAt = origin.sentAt ?? NaN;
        // the client's clock when the error reply goes out ≈ its send time + our time on it
        this.cutoff = { session: origin.session, sentBefore: sentAt + (Date.now() - Math.min(arrived, started)), at: Date.now() };
      }
      return { status: "ran", value, ok };
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  private inFlight(origin: Origin, arrived: number): boolean {
    const c = this.cutoff;
    if (!c || arrived < c.at) return false;
    const sentAt = origin.sentAt ?? NaN;
    if (Number.isFinite(sentAt) && Number.isFinite(c.sentBefore)) return origin.session === c.session && sentAt < c.sentBefore;
    return arrived - c.at <= this.windowMs;
  }
}
