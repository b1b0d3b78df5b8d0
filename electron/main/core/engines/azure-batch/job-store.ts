import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../output/atomic-write';
import { STATE_DIR } from '../../run/state-dir';

/**
 * The batch jobs of one output folder, persisted in its state dir as `batch-jobs.json` (written
 * atomically on every change), so a run closed after submitting picks its jobs up again: nothing is
 * submitted twice. A job is stored BEFORE its create request is sent ('submitting'): a crash in
 * between is settled on the next run by asking the service for that id. Each input keeps its
 * content, so a job the service failed or lost can be sent again without the course.
 */
export const BATCH_JOBS_FILE = 'batch-jobs.json';

const StoredJobSchema = z.object({
  id: z.string(),
  /** 1 for the first submission, 2 for the one resubmission after a failed job. */
  attempt: z.number().int().min(1).max(2),
  /** The id this job replaces (attempt 2). */
  previousId: z.string().optional(),
  state: z.enum(['submitting', 'submitted', 'downloaded']),
  outputFormat: z.string(),
  createdAt: z.string(),
  inputs: z.array(z.object({ key: z.string(), content: z.string() })),
});
export type StoredJob = z.infer<typeof StoredJobSchema>;

const FileSchema = z.object({ version: z.literal(1), jobs: z.array(StoredJobSchema) });

export class BatchJobStore {
  private readonly jobs = new Map<string, StoredJob>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(readonly path: string) {}

  /** Reads the folder's jobs; a missing file is no jobs, an unreadable one is reported and kept aside. */
  static async open(outDir: string, report: (line: string) => void = () => undefined): Promise<BatchJobStore> {
    const store = new BatchJobStore(join(outDir, STATE_DIR, BATCH_JOBS_FILE));
    const text = await readFile(store.path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text !== undefined) {
      let parsed;
      try {
        parsed = FileSchema.safeParse(JSON.parse(text));
      } catch {
        parsed = undefined;
      }
      if (parsed?.success) for (const job of parsed.data.jobs) store.jobs.set(job.id, job);
      else {
        const aside = `${store.path}.unreadable-${Date.now()}`;
        await writeFileAtomic(aside, text);
        report(`${store.path} could not be read; kept as ${aside}. Jobs listed there are not resumed (see them with the Azure portal or the batch API's list).`);
      }
    }
    return store;
  }

  /**
   * The jobs stored in a folder, read-only (the studio shows them before a run picks them up): a missing
   * or unreadable file is no jobs here (the run that opens the store reports and keeps it aside).
   */
  static async peek(outDir: string): Promise<StoredJob[]> {
    try {
      const parsed = FileSchema.safeParse(JSON.parse(await readFile(join(outDir, STATE_DIR, BATCH_JOBS_FILE), 'utf8')));
      return parsed.success ? parsed.data.jobs : [];
    } catch {
      return [];
    }
  }

  list(): StoredJob[] {
    return [...this.jobs.values()];
  }

  /** Adds or updates a job (by id) and, when `replaces` is given, drops that one in the same write. */
  put(job: StoredJob, replaces?: string): Promise<void> {
    if (replaces) this.jobs.delete(replaces);
    this.jobs.set(job.id, job);
    return this.save();
  }

  remove(id: string): Promise<void> {
    if (!this.jobs.delete(id)) return this.writing;
    return this.save();
  }

  /** Writes are serialized; each writes the whole current list (small: content of live jobs only). */
  private save(): Promise<void> {
    const next = this.writing.then(async () => {
      await writeFileAtomic(this.path, JSON.stringify({ version: 1, jobs: this.list() }));
    });
    this.writing = next.catch(() => undefined);
    return next;
  }
}
