/**
 * The shutdown coordinator: quitting must never lose a finished render, leave an eSpeak worker or an
 * Azure socket behind, or hang the app on a stuck call. It runs named steps strictly in order (stop
 * dispatch, settle or cancel in-flight renders, persist the journal and manifest, close every pool),
 * is idempotent (every caller gets the same promise), and is bounded by a deadline: when the deadline
 * passes it resolves anyway and reports which steps did not finish, so the caller can exit.
 */

export interface ShutdownStep {
  readonly name: string;
  /**
   * Does the step. `signal` aborts when the overall deadline passes: a step should stop waiting then
   * (the coordinator will not wait for it any longer in any case).
   */
  run(signal: AbortSignal): Promise<void> | void;
}

export interface ShutdownReport {
  /** Steps that finished, in order. */
  readonly completed: readonly string[];
  /** Steps that threw (they do not stop later steps: closing the pools matters even if the journal failed). */
  readonly failed: ReadonlyArray<{ readonly name: string; readonly message: string }>;
  /** The step running at the deadline and every step after it. */
  readonly unfinished: readonly string[];
  readonly timedOut: boolean;
  readonly elapsedMs: number;
}

export interface ShutdownOptions {
  readonly steps: readonly ShutdownStep[] | (() => readonly ShutdownStep[]);
  /** The whole shutdown, every step included. */
  readonly deadlineMs: number;
  readonly log?: (line: string) => void;
}

export class ShutdownCoordinator {
  private promise: Promise<ShutdownReport> | undefined;

  constructor(private readonly options: ShutdownOptions) {}

  get started(): boolean {
    return this.promise !== undefined;
  }

  /** Starts the shutdown, or returns the one already under way. Never rejects. */
  shutdown(): Promise<ShutdownReport> {
    this.promise ??= this.run();
    return this.promise;
  }

  private async run(): Promise<ShutdownReport> {
    const started = performance.now();
    const steps = typeof this.options.steps === 'function' ? this.options.steps() : this.options.steps;
    const log = this.options.log ?? (() => undefined);
    const controller = new AbortController();
    const completed: string[] = [];
    const failed: Array<{ name: string; message: string }> = [];
    let index = 0;

    const sequence = (async () => {
      for (; index < steps.length && !controller.signal.aborted; index++) {
        const step = steps[index]!;
        try {
          await step.run(controller.signal);
          if (controller.signal.aborted) return; // finished only after the deadline: still reported unfinished
          completed.push(step.name);
        } catch (error) {
          if (controller.signal.aborted) return;
          const message = error instanceof Error ? error.message : String(error);
          failed.push({ name: step.name, message });
          log(`shutdown: step "${step.name}" failed: ${message}`);
        }
      }
    })();

    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), this.options.deadlineMs);
    });
    const outcome = await Promise.race([sequence.then(() => 'done' as const), deadline]);
    clearTimeout(timer);
    const timedOut = outcome === 'deadline';
    if (timedOut) controller.abort(new Error('Shutdown deadline passed'));
    const unfinished = timedOut ? steps.slice(index).map((step) => step.name) : [];
    if (timedOut) log(`shutdown: deadline of ${this.options.deadlineMs} ms passed; not finished: ${unfinished.join(', ')}`);
    return { completed, failed, unfinished, timedOut, elapsedMs: Math.round(performance.now() - started) };
  }
}
