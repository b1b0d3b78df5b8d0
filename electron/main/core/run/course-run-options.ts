import type { EngineName, OutputFormat } from '../../../../shared/model/audio';
import type { Course } from '../../../../shared/model/course';
import type { EnginePool } from '../engines/engine-pool';
import type { Mp3Bitrate } from '../output/mp3';
import type { GiveUpContext } from '../queue/give-up';

/**
 * One generation run of a course into an output folder: plan the renders, take delivered ones from the
 * journal and derive the rest from the masters cache where it can (no engine call), synthesize only what
 * no master holds through the queue and the engine pool, store each master, derive and journal its file
 * at once, and keep manifest.json current. The CLI and the studio both drive this.
 */
export interface CourseRunOptions {
  readonly course: Course;
  readonly outDir: string;
  readonly engine: EngineName;
  readonly format: OutputFormat;
  readonly pool: EnginePool;
  /** Renders in flight at most (the pool size). */
  readonly maxConcurrency: number;
  readonly initialConcurrency?: number;
  readonly rateLimit?: { readonly count: number; readonly intervalMs: number };
  /** Stop after this long without a completed render (a headless run); absent = keep probing. */
  readonly giveUpAfterMs?: number;
  describeGiveUp?(context: GiveUpContext): string;
  /** Rewrite manifest.json at most this often while running (it is always written at the end). */
  readonly manifestIntervalMs?: number;
  /** MP3 constant bitrate in kbps (default: by the master's sample rate). */
  readonly mp3Bitrate?: Mp3Bitrate;
  /** Sample rate (Hz) of the delivered files (default: the master's, i.e. the engine's own). */
  readonly sampleRate?: number;
  /** Hash every master and delivered file on open instead of trusting size + mtime (`--verify`). */
  readonly verify?: boolean;
  /** Told what the integrity check found (entries ignored, files changed or removed). */
  readonly report?: (line: string) => void;
  /**
   * Build the course's tracks during the run (deliver/lesson-tracks.ts): each as soon as its parts are
   * delivered, in the derive workers; the outcome is `tracksOutcome` once `run()` resolved.
   */
  readonly tracks?: boolean;
}
