import { Unzip, UnzipInflate } from 'fflate';
import { concatBytes } from '../../bytes';

/**
 * A job's results zip: numbered audio files (0001.wav, 0002.wav … in input order) and summary.json,
 * whose `results` list each input's status (and, when Succeeded, its `audioFileName`). Every input
 * of the job gets an outcome: its audio, or why it has none.
 *
 * Read as a stream (fflate's streaming Unzip): each audio entry is handed over the moment its last
 * byte arrives, so a 10,000-input job never sits in memory as a whole zip, only one entry at a time
 * (plus what the run has not stored yet). An audio entry is a success (the service writes audio for
 * succeeded inputs only); inputs left without audio at the end fail with summary.json's reason.
 */
export type InputOutcome = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly reason: string };

interface SummaryResult {
  readonly status?: string;
  readonly audioFileName?: string;
  readonly error?: { readonly code?: string; readonly message?: string } | string;
  readonly errorMessage?: string;
}

/** Local file header and end-of-central-directory (an empty zip) signatures: "PK\3\4", "PK\5\6". */
const ZIP_STARTS = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
];

/**
 * Unpacks a results zip as it is downloaded, calling `onOutcome(index, outcome)` once per input
 * (0-based): audio entries as they complete, inputs without audio once the archive has ended.
 */
export class ResultArchiveReader {
  private readonly unzip: Unzip;
  private readonly settled = new Set<number>();
  private summaryChunks: Uint8Array[] | undefined;
  private summary: { results?: SummaryResult[] } | undefined;
  private head: Uint8Array = new Uint8Array(0);
  private failure: Error | undefined;

  constructor(
    private readonly inputCount: number,
    private readonly onOutcome: (index: number, outcome: InputOutcome) => void,
  ) {
    this.unzip = new Unzip((file) => {
      const name = file.name.split('/').pop()!;
      if (name === 'summary.json') {
        const chunks: Uint8Array[] = (this.summaryChunks = []);
        file.ondata = (error, data, final) => {
          if (error) return void (this.failure ??= error);
          chunks.push(data);
          if (final) this.summary = parseSummary(concatBytes(chunks));
        };
        file.start();
        return;
      }
      const index = this.indexOf(name);
      if (index === undefined) return; // not one of ours (a folder, a stray file): skipped, never buffered
      const chunks: Uint8Array[] = [];
      file.ondata = (error, data, final) => {
        if (error) return void (this.failure ??= error);
        chunks.push(data);
        if (!final) return;
        const bytes = concatBytes(chunks);
        if (bytes.byteLength) this.settle(index, { ok: true, bytes });
      };
      file.start();
    });
    this.unzip.register(UnzipInflate);
  }

  /** Feeds the next downloaded chunk; throws when the download is not a zip or an entry is corrupt. */
  push(chunk: Uint8Array): void {
    if (this.head.byteLength < 4) {
      this.head = concatBytes([this.head, chunk.subarray(0, 4 - this.head.byteLength)]);
      if (this.head.byteLength >= 4 && !ZIP_STARTS.some((sig) => sig.every((byte, i) => this.head[i] === byte))) {
        throw new Error('The batch results are not a readable zip (it does not start like one)');
      }
    }
    try {
      this.unzip.push(chunk);
    } catch (error) {
      throw new Error(`The batch results are not a readable zip (${(error as Error).message})`);
    }
    if (this.failure) throw new Error(`The batch results are not a readable zip (${this.failure.message})`);
  }

  /** The download ended: every input without audio gets its failure (the summary's reason when it has one). */
  finish(): void {
    try {
      this.unzip.push(new Uint8Array(0), true);
    } catch (error) {
      throw new Error(`The batch results are not a readable zip (${(error as Error).message})`);
    }
    if (this.head.byteLength < 4) throw new Error('The batch results are not a readable zip (empty download)');
    if (this.failure) throw new Error(`The batch results are not a readable zip (${this.failure.message})`);
    for (let index = 0; index < this.inputCount; index++) {
      if (this.settled.has(index)) continue;
      const result = this.summary?.results?.[index];
      this.settle(index, { ok: false, reason: result && result.status !== 'Succeeded' ? reasonOf(result) : `the results hold no audio for input ${index + 1}` });
    }
  }

  /** Which input an entry answers: by summary.json's audioFileName when it came first, else by its number. */
  private indexOf(name: string): number | undefined {
    const listed = this.summary?.results?.findIndex((result) => result.audioFileName === name);
    if (listed !== undefined && listed >= 0) return listed;
    const numbered = /^(\d+)\.(?!json$)\w+$/.exec(name);
    const index = numbered ? Number(numbered[1]) - 1 : -1;
    return index >= 0 && index < this.inputCount ? index : undefined;
  }

  private settle(index: number, outcome: InputOutcome): void {
    if (this.settled.has(index)) return;
    // An entry whose input the summary marks as failed is not audio to deliver.
    const result = this.summary?.results?.[index];
    const final = outcome.ok && result && result.status !== 'Succeeded' ? { ok: false as const, reason: reasonOf(result) } : outcome;
    this.settled.add(index);
    this.onOutcome(index, final);
  }
}

/** The whole archive at once (tests, small archives): one outcome per input, in order. */
export function readResultArchive(zip: Uint8Array, inputCount: number): InputOutcome[] {
  const outcomes: InputOutcome[] = [];
  const reader = new ResultArchiveReader(inputCount, (index, outcome) => (outcomes[index] = outcome));
  reader.push(zip);
  reader.finish();
  return outcomes;
}

function parseSummary(bytes: Uint8Array): { results?: SummaryResult[] } | undefined {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as { results?: SummaryResult[] };
  } catch {
    return undefined; // no usable summary: inputs without audio fail with "no audio"
  }
}

function reasonOf(result: SummaryResult): string {
  const error = result.error;
  if (typeof error === 'string') return error;
  if (error?.message) return error.code ? `${error.code}: ${error.message}` : error.message;
  return result.errorMessage ?? `the service reports status ${result.status ?? 'unknown'}`;
}
