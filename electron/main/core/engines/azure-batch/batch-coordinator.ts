import { createHash, randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { OutputFormat } from '../../../../../shared/model/audio';
import { durationMsOf } from '../../output/audio-duration';
import type { SynthesisRequest, SynthesizedAudio } from '../speech-engine';
import { ServiceUnreachableError } from '../service-unreachable-error';
import { SynthesisError, isSynthesisError } from '../synthesis-error';
import type { BatchRestClient, RemoteBatchJob } from './batch-rest-client';
import { JobBoard } from './job-board';
import type { BatchJobStore, StoredJob } from './job-store';
import { ResultArchiveReader, type InputOutcome } from './result-archive';
import { DEFAULT_LIMITS, splitIntoJobs, type BatchLimits } from './split-jobs';

/**
 * Turns many single render requests into a few batch jobs, and their results back into one answer
 * per request. Requests that arrive together (a run dispatches every missing render at once) are
 * gathered for `gatherMs` of quiet, split into jobs within the limits, stored, submitted and polled
 * (backing off to `pollMaxMs`, 15 s); a Succeeded job's zip is downloaded once, unpacked as it streams in,
 * and each input's audio, or its own failure, answers the requests for it. A job the service failed is resubmitted once under a
 * new id, then its renders fail with the reason. Jobs stored by an earlier run are picked up: a
 * request for content such a job holds waits for that job instead of submitting it again.
 * Downloaded jobs are deleted from the service at close(), after the run has committed their audio.
 */
export interface BatchCoordinatorOptions {
  readonly client: BatchRestClient;
  readonly openStore: () => Promise<BatchJobStore>;
  readonly limits?: BatchLimits;
  readonly gatherMs?: number;
  readonly pollFirstMs?: number;
  readonly pollMaxMs?: number;
  readonly log?: (line: string) => void;
}

export interface BatchStats {
  jobsSubmitted: number;
  jobsResumed: number;
  jobsResubmitted: number;
  jobsFailed: number;
  inputsFailed: number;
  resultsDelivered: number;
}

interface Waiter {
  resolve(audio: SynthesizedAudio): void;
  reject(error: unknown): void;
}

const AZURE_SAMPLE_RATE = 24_000;

/** The batch output format for a render format: what the interactive Azure engine asks for too. */
export function batchOutputFormat(format: OutputFormat): string {
  return format === 'wav' ? 'riff-24khz-16bit-mono-pcm' : 'audio-24khz-48kbitrate-mono-mp3';
}

/** One input's identity: its SSML and output format (the voice, rate and text are inside the SSML). */
export function inputKey(ssml: string, outputFormat: string): string {
  return createHash('sha256').update(`${outputFormat}\n${ssml}`).digest('hex').slice(0, 32);
}

export class BatchCoordinator {
  readonly stats: BatchStats = { jobsSubmitted: 0, jobsResumed: 0, jobsResubmitted: 0, jobsFailed: 0, inputsFailed: 0, resultsDelivered: 0 };
  /** Each job's state for the studio's Run tab. */
  readonly board = new JobBoard();
  private store: BatchJobStore | undefined;
  private ready: Promise<void> | undefined;
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly pending = new Map<string, { content: string; outputFormat: string; format: OutputFormat }>();
  private readonly formatOf = new Map<string, OutputFormat>();
  /** Inputs held by a live job (submitting, submitted), by input key. */
  private readonly jobOfKey = new Map<string, string>();
  /** Jobs that cannot go on in this process (key refused): requests for their inputs fail at once. */
  private readonly halted = new Map<string, Error>();
  /** The service as a whole cannot be used in this process (unreachable past the give-up, key refused). */
  private serviceDown: Error | undefined;
  private gatherTimer: NodeJS.Timeout | undefined;
  private quietResolve: (() => void) | undefined;
  private readonly quiet = new Promise<void>((resolve) => (this.quietResolve = resolve));
  private readonly stop = new AbortController();
  private readonly loops = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly options: BatchCoordinatorOptions) {
    // Every job's loop sleeps on this one signal (30 jobs for a 30,000-render run): not a leak.
    setMaxListeners(0, this.stop.signal);
  }

  async synthesize(request: SynthesisRequest, signal?: AbortSignal): Promise<SynthesizedAudio> {
    await this.start();
    if (this.closed) throw new SynthesisError('cancelled', 'The batch engine is closed');
    if (this.serviceDown) throw this.serviceDown;
    const outputFormat = batchOutputFormat(request.format);
    const key = inputKey(request.ssml, outputFormat);
    const halted = this.halted.get(this.jobOfKey.get(key) ?? '');
    if (halted) throw halted;
    return new Promise<SynthesizedAudio>((resolve, reject) => {
      if (signal?.aborted) return reject(new SynthesisError('cancelled', 'Cancelled'));
      const waiter: Waiter = {
        resolve: (audio) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(audio);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      const onAbort = (): void => {
        const set = this.waiters.get(key);
        set?.delete(waiter);
        if (!set?.size) {
          this.waiters.delete(key);
          this.pending.delete(key); // not sent yet and nobody wants it: never bill it
        }
        reject(new SynthesisError('cancelled', 'Cancelled'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      let set = this.waiters.get(key);
      if (!set) this.waiters.set(key, (set = new Set()));
      set.add(waiter);
      this.formatOf.set(key, request.format);
      if (!this.jobOfKey.has(key) && !this.pending.has(key)) {
        this.pending.set(key, { content: request.ssml, outputFormat, format: request.format });
        this.scheduleFlush();
      }
    });
  }

  /** Stops polling, answers outstanding requests with 'cancelled', deletes downloaded jobs at the service. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.gatherTimer);
    this.quietResolve?.();
    this.stop.abort();
    for (const [key, set] of this.waiters)
      for (const waiter of set) waiter.reject(new SynthesisError('cancelled', `The batch engine closed; ${key} stays with its job for the next run`));
    this.waiters.clear();
    // A loop inside the REST client's retries (service unreachable) is not waited for: its job stays stored.
    await Promise.race([Promise.allSettled([...this.loops]), new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    const store = this.store;
    if (!store) return;
    for (const job of store.list().filter((stored) => stored.state === 'downloaded')) {
      try {
        await this.options.client.delete(job.id);
        await store.remove(job.id);
      } catch (error) {
        this.log(`Could not delete batch job ${job.id} at the service (${(error as Error).message}); the next run tries again`);
      }
    }
  }

  private start(): Promise<void> {
    this.ready ??= (async () => {
      this.store = await this.options.openStore();
      for (const job of this.store.list()) {
        this.stats.jobsResumed++;
        // Downloaded ones too: a run killed before committing their audio finds it there, unbilled.
        for (const input of job.inputs) this.jobOfKey.set(input.key, job.id);
        this.track(job, { resumed: true });
      }
      // With nothing asked of it, still let resumed jobs proceed after a quiet spell.
      if (!this.pending.size) this.scheduleFlush();
    })();
    return this.ready;
  }

  private scheduleFlush(): void {
    if (this.pending.size >= (this.options.limits ?? DEFAULT_LIMITS).maxInputs) {
      void this.flush();
      return;
    }
    clearTimeout(this.gatherTimer);
    this.gatherTimer = setTimeout(() => {
      this.quietResolve?.();
      void this.flush();
    }, this.options.gatherMs ?? 250);
  }

  /** Sends what was gathered: jobs stored first (as 'submitting'), then submitted by their loops. */
  private async flush(): Promise<void> {
    if (!this.pending.size || this.closed || this.serviceDown) return;
    const entries = [...this.pending].map(([key, value]) => ({ key, ...value }));
    this.pending.clear();
    const byFormat = new Map<string, typeof entries>();
    for (const entry of entries) byFormat.set(entry.outputFormat, [...(byFormat.get(entry.outputFormat) ?? []), entry]);
    for (const [outputFormat, group] of byFormat) {
      const { jobs, tooLarge } = splitIntoJobs(group, this.options.limits ?? DEFAULT_LIMITS);
      for (const { input, error } of tooLarge) this.settle(input.key, error);
      for (const inputs of jobs) {
        const job: StoredJob = {
          id: newJobId(),
          attempt: 1,
          state: 'submitting',
          outputFormat,
          createdAt: new Date().toISOString(),
          inputs: inputs.map(({ key, content }) => ({ key, content })),
        };
        for (const input of job.inputs) this.jobOfKey.set(input.key, job.id);
        try {
          await this.store!.put(job);
        } catch (error) {
          for (const input of job.inputs) this.jobOfKey.delete(input.key);
          for (const input of job.inputs) this.settle(input.key, error);
          continue;
        }
        this.track(job, { resumed: false });
      }
    }
  }

  private track(job: StoredJob, how: { resumed: boolean }): void {
    this.board.track(job, how.resumed);
    const loop = this.follow(job, how.resumed).catch((error: unknown) => this.halt(job, error));
    this.loops.add(loop);
    void loop.finally(() => this.loops.delete(loop));
  }

  /** One job from submission to results. */
  private async follow(stored: StoredJob, resumed: boolean): Promise<void> {
    const { client } = this.options;
    let job = stored;
    // A resumed job waits until this run has asked for everything it wants, so its results find
    // their requests (results nobody waits for are dropped; a later request would bill them again).
    if (resumed) await this.quiet;
    if (this.closed) return;
    if (job.state === 'submitting') {
      // Resumed: the create may have reached the service before the crash; ask before sending it.
      const known = resumed ? await client.get(job.id) : undefined;
      if (!known) {
        await client.create(job.id, {
          description: `Course Audio Studio: ${job.inputs.length} renders`,
          inputKind: 'SSML',
          inputs: job.inputs.map((input) => ({ content: input.content })),
          properties: { outputFormat: job.outputFormat, concatenateResult: false, timeToLiveInHours: 168 },
        });
        this.stats.jobsSubmitted++;
      }
      job = { ...job, state: 'submitted' };
      await this.store!.put(job);
      this.board.submitted(job.id);
    }
    let delay = resumed ? 0 : (this.options.pollFirstMs ?? 1_000);
    for (;;) {
      if (delay) {
        this.board.willPoll(job.id, delay);
        await this.sleep(delay);
      }
      if (this.closed) return;
      delay = Math.min(Math.max(delay, this.options.pollFirstMs ?? 1_000) * 1.5, this.options.pollMaxMs ?? 15_000);
      const remote = await client.get(job.id);
      if (this.closed) return;
      if (!remote) return this.lost(job);
      this.board.polled(job.id, remote.status);
      if (remote.status === 'Succeeded') return this.deliver(job, remote);
      if (remote.status === 'Failed') return this.failed(job, remote);
    }
  }

  /** Streams the results zip: each input's audio answers its requests the moment its entry is unpacked. */
  private async deliver(job: StoredJob, remote: RemoteBatchJob): Promise<void> {
    for (const input of job.inputs) if (this.jobOfKey.get(input.key) === job.id) this.jobOfKey.delete(input.key);
    if (job.state === 'downloaded' && !job.inputs.some((input) => this.waiters.has(input.key))) return; // nothing left to hand out
    if (!remote.outputs?.result) throw new SynthesisError('server', `Azure batch job ${job.id} succeeded without a results URL`);
    const reader = new ResultArchiveReader(job.inputs.length, (index, outcome) => this.answer(job, index, outcome));
    for await (const chunk of await this.options.client.openDownload(remote.outputs.result)) reader.push(chunk);
    reader.finish();
    await this.store!.put({ ...job, state: 'downloaded' });
    this.board.delivered(job.id);
  }

  /** One input's outcome to the requests waiting for it. */
  private answer(job: StoredJob, index: number, outcome: InputOutcome): void {
    const input = job.inputs[index]!;
    if (outcome.ok) {
      const format = this.formatOf.get(input.key) ?? (job.outputFormat.startsWith('riff') ? 'wav' : 'mp3');
      try {
        const audio: SynthesizedAudio = { bytes: outcome.bytes, format, sampleRate: AZURE_SAMPLE_RATE, durationMs: durationMsOf(outcome.bytes, format) };
        if (this.waiters.has(input.key)) this.stats.resultsDelivered++;
        this.settle(input.key, undefined, audio);
      } catch (error) {
        this.settle(input.key, new SynthesisError('bad-request', `Azure batch job ${job.id} returned unreadable audio for input ${index + 1}`, (error as Error).message));
      }
      return;
    }
    if (this.waiters.has(input.key)) this.stats.inputsFailed++;
    this.settle(input.key, new SynthesisError('bad-request', `Azure batch synthesis failed this render (job ${job.id}, input ${index + 1}): ${outcome.reason}`, outcome.reason));
  }

  /** The service failed the whole job: resubmit it once under a new id, then report its renders. */
  private async failed(job: StoredJob, remote: RemoteBatchJob): Promise<void> {
    const error = remote.properties?.error;
    const reason = error?.message ? `${error.code ? `${error.code}: ` : ''}${error.message}` : 'no reason given';
    await this.options.client.delete(job.id);
    if (job.attempt < 2) {
      const retry: StoredJob = { ...job, id: newJobId(), attempt: 2, previousId: job.id, state: 'submitting', createdAt: new Date().toISOString() };
      for (const input of job.inputs) if (this.jobOfKey.get(input.key) === job.id) this.jobOfKey.set(input.key, retry.id);
      await this.store!.put(retry, job.id);
      this.stats.jobsResubmitted++;
      this.log(`Azure batch job ${job.id} failed (${reason}); resubmitted once as ${retry.id}`);
      this.track(retry, { resumed: false });
      return;
    }
    await this.store!.remove(job.id);
    this.stats.jobsFailed++;
    this.log(`Azure batch job ${job.id} failed again (${reason}); its ${job.inputs.length} renders are reported as failed`);
    for (const input of job.inputs) {
      if (this.jobOfKey.get(input.key) === job.id) this.jobOfKey.delete(input.key);
      this.settle(
        input.key,
        new SynthesisError('bad-request', `Azure batch synthesis failed this render twice (jobs ${job.previousId ?? '?'} and ${job.id}: ${reason}); run again to retry it`, reason),
      );
    }
  }

  /** The service no longer knows the job (expired or deleted elsewhere): its wanted inputs go out again. */
  private async lost(job: StoredJob): Promise<void> {
    await this.store!.remove(job.id);
    this.board.forget(job.id);
    if (job.state === 'downloaded') return;
    this.log(`Azure batch job ${job.id} is gone from the service (expired or deleted); its renders are submitted again`);
    for (const input of job.inputs) {
      if (this.jobOfKey.get(input.key) === job.id) this.jobOfKey.delete(input.key);
      const format = this.formatOf.get(input.key);
      if (this.waiters.has(input.key) && format) this.pending.set(input.key, { content: input.content, outputFormat: job.outputFormat, format });
    }
    if (this.pending.size) this.scheduleFlush();
  }

  /** A job that cannot go on in this process (the service refused it, or its results cannot be read). */
  private halt(job: StoredJob, error: unknown): void {
    if (this.closed) return;
    if (error instanceof ServiceUnreachableError || (isSynthesisError(error) && error.kind === 'auth')) return this.haltService(error);
    const cause = isSynthesisError(error) ? error : new SynthesisError('server', `Azure batch job ${job.id}: ${(error as Error).message}`);
    // A refused request body can never succeed: forget the job. Anything else stays stored for the next run.
    if (cause.kind === 'bad-request') void this.store!.remove(job.id).catch(() => undefined);
    // Anything else (results without a URL, an unreadable zip): fail these renders (a plain Error is
    // never retried) rather than let the queue requeue them for ever; the job resumes on the next run.
    const failure = cause.kind === 'bad-request' ? cause : new Error(`${cause.message}; the job stays stored in the output folder: run again to resume it`);
    if (cause.kind !== 'bad-request') this.halted.set(job.id, failure);
    for (const input of job.inputs) {
      if (cause.kind === 'bad-request' && this.jobOfKey.get(input.key) === job.id) this.jobOfKey.delete(input.key);
      this.settle(input.key, failure);
    }
  }

  /**
   * Every job of the run is stuck the same way (the service cannot be reached, or refuses the key):
   * every request fails now with that one reason, so the run stops at once (stopReason 'unreachable'
   * or 'auth') with every unfinished render pending, instead of waiting on each job's own give-up.
   * Nothing is forgotten: stored jobs are resumed by the next run; gathered inputs were never sent.
   */
  private haltService(error: Error): void {
    this.serviceDown ??= error;
    clearTimeout(this.gatherTimer);
    this.pending.clear();
    for (const key of [...this.waiters.keys()]) this.settle(key, this.serviceDown);
  }

  private settle(key: string, error: unknown, audio?: SynthesizedAudio): void {
    const set = this.waiters.get(key);
    this.waiters.delete(key);
    for (const waiter of set ?? []) {
      if (audio) waiter.resolve(audio);
      else waiter.reject(error);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.stop.signal.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.stop.signal.addEventListener('abort', wake, { once: true });
    });
  }

  private log(line: string): void {
    this.options.log?.(line);
  }
}

/** 3-64 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (the service's rule). */
function newJobId(): string {
  return `cas-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}
