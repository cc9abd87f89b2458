// One machine for the window's "after a pause, and only the latest" work: the draft saved as the
// clerk types, the case search as the query is typed, the library fetched again after a change.
// A request waits `pauseMs` for the next one (debounce: a waiting request is replaced by a newer
// one, and `flush` starts it at once); the answer of a request that a newer one superseded is
// never delivered (latest-only), so an older answer arriving last cannot replace a newer one.
// Plain TypeScript over the platform's timers: unit-tested with fake timers
// (tests/unit/latest.test.ts); the screen state that owns it keeps what it shows in $state.

export interface LatestOptions {
  /** How long a request waits for a newer one before it runs (0: at once). */
  pauseMs?: number;
  /**
   * One run at a time: a request due while a run is under way starts when it ends, with the
   * state as it is then (writes, which must land in the order made). Otherwise runs may
   * overlap (reads); either way only the newest request's answer is delivered.
   */
  serial?: boolean;
}

export class Latest<T> {
  readonly #run: () => Promise<T>;
  readonly #deliver: (answer: T) => void;
  readonly #pauseMs: number;
  readonly #serial: boolean;
  /** The newest request's number; a run's answer is delivered only if it is still the newest. */
  #newest = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The request waiting for its pause (or, when serial, for the run before it to end). */
  #waiting: { id: number; settle: (delivered: boolean) => void } | null = null;
  #running = 0;
  #queued = false;
  #closed = false;
  /** Resolves when the newest request so far is answered (true) or superseded (false). */
  #settled: Promise<boolean> = Promise.resolve(true);
  #idle: Array<() => void> = [];

  /**
   * `run` reads what it needs when it runs (the form as it is then, the query as typed then);
   * `deliver` receives the answer of the newest request only.
   */
  constructor(run: () => Promise<T>, deliver: (answer: T) => void, options: LatestOptions = {}) {
    this.#run = run;
    this.#deliver = deliver;
    this.#pauseMs = options.pauseMs ?? 0;
    this.#serial = options.serial ?? false;
  }

  /**
   * Asks for a run after `pauseMs` (the option's pause unless given), replacing a request that
   * is still waiting. Resolves true once this request's answer has been delivered, false when
   * a newer request superseded it or the machine was closed.
   */
  request(pauseMs = this.#pauseMs): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    const id = ++this.#newest;
    this.#dropWaiting();
    this.#settled = new Promise<boolean>((settle) => {
      this.#waiting = { id, settle };
      if (pauseMs > 0) this.#timer = setTimeout(() => this.#start(), pauseMs);
      else this.#start();
    });
    return this.#settled;
  }

  /** Starts the request waiting for its pause now (nothing when none waits). */
  flush(): void {
    if (this.#timer !== undefined) this.#start();
  }

  /** A request waits for its pause (a change not yet sent). */
  get waiting(): boolean {
    return this.#timer !== undefined;
  }

  /** A request is waiting, queued or running: what the clerk sees may not be the latest yet. */
  get pending(): boolean {
    return this.#waiting !== null || this.#running > 0;
  }

  /** Resolves when the newest request made so far is answered (true) or superseded (false). */
  settled(): Promise<boolean> {
    return this.#settled;
  }

  /** Drops the request waiting for its pause (what it would have sent is no longer wanted); later requests run as usual. */
  cancel(): void {
    this.#newest++;
    this.#dropWaiting();
  }

  /**
   * No further run: the waiting request is dropped, answers still to come are not delivered,
   * later requests are refused. Resolves once no run is under way any more (a write started
   * before the close has landed).
   */
  close(): Promise<void> {
    this.#closed = true;
    this.#newest++;
    this.#dropWaiting();
    return this.#running > 0 ? new Promise((resolve) => this.#idle.push(resolve)) : Promise.resolve();
  }

  #dropWaiting(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queued = false;
    this.#waiting?.settle(false);
    this.#waiting = null;
  }

  #start(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const waiting = this.#waiting;
    if (!waiting) return;
    if (this.#serial && this.#running > 0) {
      this.#queued = true;
      return;
    }
    this.#waiting = null;
    this.#running++;
    void this.#run().then(
      (answer) => this.#ended(waiting, () => this.#deliver(answer)),
      (error: unknown) => {
        this.#ended(waiting, () => undefined);
        throw error;
      },
    );
  }

  #ended(request: { id: number; settle: (delivered: boolean) => void }, deliver: () => void): void {
    this.#running--;
    const newest = request.id === this.#newest && !this.#closed;
    if (newest) deliver();
    request.settle(newest);
    if (this.#running === 0) for (const resolve of this.#idle.splice(0)) resolve();
    if (this.#queued) {
      this.#queued = false;
      this.#start();
    }
  }
}
