import { describe, expect, it } from 'vitest';
import { SERVICE_LIMITS, splitIntoJobs } from '../../../../electron/main/core/engines/azure-batch';

const inputs = (count: number, size = 10) => Array.from({ length: count }, (_, i) => ({ content: `${'x'.repeat(size)}${i}` }));

describe('splitIntoJobs', () => {
  it('keeps input order and caps the inputs per job', () => {
    const { jobs, tooLarge } = splitIntoJobs(inputs(25), { maxInputs: 10, maxPayloadBytes: 1_000_000 });
    expect(jobs.map((job) => job.length)).toEqual([10, 10, 5]);
    expect(jobs.flat().map((input) => input.content)).toEqual(inputs(25).map((input) => input.content));
    expect(tooLarge).toEqual([]);
  });

  it('keeps every create body within the payload limit, counting the JSON exactly', () => {
    const limit = 10_000;
    const { jobs } = splitIntoJobs(inputs(100, 300), { maxInputs: 10_000, maxPayloadBytes: limit });
    expect(jobs.length).toBeGreaterThan(3);
    for (const job of jobs) {
      const body = JSON.stringify({ inputKind: 'SSML', inputs: job, properties: { outputFormat: 'riff-24khz-16bit-mono-pcm', concatenateResult: false } });
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(limit);
    }
  });

  it('counts multi-byte and escaped characters as the wire does', () => {
    const heavy = [{ content: '"ñ"'.repeat(1_000) }, { content: '"ñ"'.repeat(1_000) }];
    // 3,000 characters, but 5,000 bytes each once escaped and UTF-8 encoded: they cannot share a 9 KB job.
    expect(splitIntoJobs(heavy, { maxInputs: 10, maxPayloadBytes: 9_000 + 1_024 }).jobs).toHaveLength(2);
  });

  it('never goes past the service limits, whatever is asked', () => {
    const { jobs } = splitIntoJobs(inputs(10_001, 1), { maxInputs: 50_000, maxPayloadBytes: 100 * 1024 * 1024 });
    expect(jobs.map((job) => job.length)).toEqual([SERVICE_LIMITS.maxInputs, 1]);
  });

  it('sets aside an input too large for any job, with what to do', () => {
    const { jobs, tooLarge } = splitIntoJobs([{ content: 'ok' }, { content: 'y'.repeat(5_000) }], { maxInputs: 10, maxPayloadBytes: 4_000 });
    expect(jobs).toEqual([[{ content: 'ok' }]]);
    expect(tooLarge).toHaveLength(1);
    expect(tooLarge[0]!.error.kind).toBe('bad-request');
    expect(tooLarge[0]!.error.message).toMatch(/more than a batch synthesis request can carry .* shorten the text/);
  });
});
