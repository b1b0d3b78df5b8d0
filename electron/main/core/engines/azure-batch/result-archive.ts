import { unzipSync } from 'fflate';

/**
 * A job's results zip: numbered audio files (0001.wav, 0002.wav … in input order) and summary.json,
 * whose `results` list each input's status (and, when Succeeded, its `audioFileName`). Every input
 * of the job gets an outcome: its audio, or why it has none.
 */
export type InputOutcome = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly reason: string };

interface SummaryResult {
  readonly status?: string;
  readonly audioFileName?: string;
  readonly error?: { readonly code?: string; readonly message?: string } | string;
  readonly errorMessage?: string;
}

export function readResultArchive(zip: Uint8Array, inputCount: number): InputOutcome[] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (error) {
    throw new Error(`The batch results are not a readable zip (${(error as Error).message})`);
  }
  const byName = new Map(Object.entries(files).map(([name, bytes]) => [name.split('/').pop()!, bytes]));
  const summaryBytes = byName.get('summary.json');
  const summary = summaryBytes ? (JSON.parse(new TextDecoder().decode(summaryBytes)) as { results?: SummaryResult[] }) : undefined;
  const outcomes: InputOutcome[] = [];
  for (let index = 0; index < inputCount; index++) {
    const result = summary?.results?.[index];
    const numbered = [...byName.keys()].find((name) => name.startsWith(`${String(index + 1).padStart(4, '0')}.`) && !name.endsWith('.json'));
    const fileName = result?.audioFileName ?? numbered;
    const bytes = fileName ? byName.get(fileName) : undefined;
    if (result && result.status !== 'Succeeded') outcomes.push({ ok: false, reason: reasonOf(result) });
    else if (!bytes || bytes.byteLength === 0) outcomes.push({ ok: false, reason: `the results hold no audio for input ${index + 1}` });
    else outcomes.push({ ok: true, bytes });
  }
  return outcomes;
}

function reasonOf(result: SummaryResult): string {
  const error = result.error;
  if (typeof error === 'string') return error;
  if (error?.message) return error.code ? `${error.code}: ${error.message}` : error.message;
  return result.errorMessage ?? `the service reports status ${result.status ?? 'unknown'}`;
}
