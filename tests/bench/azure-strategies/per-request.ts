/**
 * Baseline (a), the old pipeline before it had a pool: a new SpeechSynthesizer (so a new socket, and
 * setup S) for every request, 8-16 requests at once. The list is cut into batches of a seeded random
 * size in [8, 16]; a batch starts all its requests together and the next batch starts when the whole
 * batch has settled (`await Promise.all(batch.map(...))`). No retries. Each synthesizer is closed
 * after its call; one whose call never came back is left open until the end of the run (the old
 * pipeline would never have reached its close), and its phrase is lost.
 */
import { closeSynthesizer, makeSynthesizer, seededRandom, speak, type StrategyInput, type StrategyResult } from './common';

export const BATCH_MIN = 8;
export const BATCH_MAX = 16;

export const PER_REQUEST_SETUP = `a new synthesizer per request, batches of ${BATCH_MIN}-${BATCH_MAX} at once (seeded sizes; each batch awaited whole), no retries`;

export async function runPerRequest(input: StrategyInput): Promise<StrategyResult> {
  const random = seededRandom(input.seed);
  const stuck: Array<ReturnType<typeof makeSynthesizer>> = [];
  let rendered = 0;
  let batches = 0;
  let failed = 0;
  const started = performance.now();
  for (let next = 0; next < input.jobs.length;) {
    const size = BATCH_MIN + Math.floor(random() * (BATCH_MAX - BATCH_MIN + 1));
    const batch = input.jobs.slice(next, next + size);
    next += batch.length;
    batches++;
    await Promise.all(
      batch.map(async (job) => {
        const synth = makeSynthesizer(input.url, input.key);
        const outcome = await speak(synth, job.ssml, input.hangGuardMs);
        if (outcome === 'ok') rendered++;
        if (outcome === 'failed') failed++;
        if (outcome === 'hung') stuck.push(synth);
        else await closeSynthesizer(synth);
      }),
    );
  }
  const wallMs = performance.now() - started;
  await Promise.all(stuck.map((synth) => closeSynthesizer(synth)));
  return {
    wallMs,
    rendered,
    lost: input.jobs.length - rendered,
    detail: `${batches} batches; ${failed} calls failed, ${stuck.length} hung`,
  };
}
