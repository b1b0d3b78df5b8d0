import { SynthesisError } from '../synthesis-error';

/**
 * Splitting renders into batch jobs within the service's per-job limits: 2 MB of JSON per create
 * request, and 10,000 inputs by the quotas page but "up to 1,000 text objects" for separate audio
 * files by the batch synthesis properties page (docs/azure-batch-synthesis.md, "Limits"). Our default
 * job keeps to the smaller documented figure; memory no longer bounds it (results are unpacked as they
 * stream in), and a smaller job delivers its first results sooner and resubmits less.
 */
export interface BatchLimits {
  readonly maxInputs: number;
  readonly maxPayloadBytes: number;
}

export const SERVICE_LIMITS: BatchLimits = { maxInputs: 10_000, maxPayloadBytes: 2 * 1024 * 1024 };
export const DEFAULT_LIMITS: BatchLimits = { maxInputs: 1_000, maxPayloadBytes: SERVICE_LIMITS.maxPayloadBytes };

/** Room kept in every request for the envelope (inputKind, properties, description). */
const ENVELOPE_BYTES = 1_024;

export interface SplitResult<T> {
  readonly jobs: T[][];
  /** Inputs that alone exceed the payload limit: they can never be sent. */
  readonly tooLarge: Array<{ readonly input: T; readonly error: SynthesisError }>;
}

/** Packs inputs, in order, into as few jobs as the limits allow. */
export function splitIntoJobs<T extends { readonly content: string }>(inputs: readonly T[], limits: BatchLimits = DEFAULT_LIMITS): SplitResult<T> {
  const maxInputs = Math.min(limits.maxInputs, SERVICE_LIMITS.maxInputs);
  const budget = Math.min(limits.maxPayloadBytes, SERVICE_LIMITS.maxPayloadBytes) - ENVELOPE_BYTES;
  const jobs: T[][] = [];
  const tooLarge: SplitResult<T>['tooLarge'] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const input of inputs) {
    // Exactly what the input adds to the JSON body: {"content":"…"} plus a comma.
    const size = Buffer.byteLength(JSON.stringify({ content: input.content })) + 1;
    if (size > budget) {
      tooLarge.push({
        input,
        error: new SynthesisError('bad-request', `This render's SSML is ${size} bytes, more than a batch synthesis request can carry (${budget} bytes); shorten the text`),
      });
      continue;
    }
    if (current.length >= maxInputs || bytes + size > budget) {
      jobs.push(current);
      current = [];
      bytes = 0;
    }
    current.push(input);
    bytes += size;
  }
  if (current.length) jobs.push(current);
  return { jobs, tooLarge };
}
