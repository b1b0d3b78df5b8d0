import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readResultArchive, ResultArchiveReader, type InputOutcome } from '../../../../electron/main/core/engines/azure-batch';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('readResultArchive', () => {
  it('maps numbered files and summary.json results back to inputs, failures with their reason', () => {
    const zip = zipSync({
      '0001.wav': bytes('audio one'),
      '0003.wav': bytes('audio three'),
      'summary.json': bytes(
        JSON.stringify({
          jobID: 'j',
          status: 'Succeeded',
          results: [
            { texts: ['a'], status: 'Succeeded', audioFileName: '0001.wav' },
            { texts: ['b'], status: 'Failed', error: { code: 'InvalidRequest', message: 'Unsupported voice xx-Nope.' } },
            { texts: ['c'], status: 'Succeeded', audioFileName: '0003.wav' },
          ],
        }),
      ),
    });
    const outcomes = readResultArchive(zip, 3);
    expect(outcomes[0]).toEqual({ ok: true, bytes: bytes('audio one') });
    expect(outcomes[1]).toEqual({ ok: false, reason: 'InvalidRequest: Unsupported voice xx-Nope.' });
    expect(outcomes[2]).toEqual({ ok: true, bytes: bytes('audio three') });
  });

  it('an input the archive has no audio for is a failure, not a silent gap', () => {
    const outcomes = readResultArchive(zipSync({ '0001.wav': bytes('x') }), 2);
    expect(outcomes[0]!.ok).toBe(true);
    expect(outcomes[1]).toEqual({ ok: false, reason: 'the results hold no audio for input 2' });
  });

  it('says so when the download is not a zip', () => {
    expect(() => readResultArchive(bytes('<html>gateway error</html>'), 1)).toThrow(/not a readable zip/);
  });

  it('says so when a "zip" is empty', () => {
    expect(() => readResultArchive(new Uint8Array(0), 1)).toThrow(/not a readable zip/);
  });
});

describe('ResultArchiveReader (streaming)', () => {
  const audio = (n: number): Uint8Array => new Uint8Array(50_000).fill(n);
  const summary = bytes(
    JSON.stringify({
      results: [
        { status: 'Succeeded', audioFileName: '0001.wav' },
        { status: 'Failed', error: { code: 'InvalidRequest', message: 'Bad SSML.' } },
        { status: 'Succeeded', audioFileName: '0003.wav' },
      ],
    }),
  );
  // Stored entries (as the service stores audio), summary.json last, as the service writes it.
  const zip = zipSync({ '0001.wav': [audio(1), { level: 0 }], '0003.wav': [audio(3), { level: 0 }], 'summary.json': summary });

  it('hands each audio entry over as soon as its bytes arrived, before the archive ends', () => {
    const seen: Array<{ index: number; outcome: InputOutcome; atByte: number }> = [];
    let pushed = 0;
    const reader = new ResultArchiveReader(3, (index, outcome) => seen.push({ index, outcome, atByte: pushed }));
    for (let offset = 0; offset < zip.byteLength; offset += 4_096) {
      const chunk = zip.subarray(offset, offset + 4_096);
      pushed += chunk.byteLength;
      reader.push(chunk);
    }
    expect(seen.map((s) => s.index)).toEqual([0, 2]); // both audio entries out before finish()
    expect(seen[0]!.atByte).toBeLessThan(60_000); // input 1 out while input 3 was still downloading
    reader.finish();
    expect(seen.map((s) => s.index)).toEqual([0, 2, 1]);
    expect(seen[0]!.outcome).toEqual({ ok: true, bytes: audio(1) });
    expect(seen[1]!.outcome).toEqual({ ok: true, bytes: audio(3) });
    expect(seen[2]!.outcome).toEqual({ ok: false, reason: 'InvalidRequest: Bad SSML.' });
  });

  it('deflated entries and one-byte chunks unpack the same', () => {
    const deflated = zipSync({ '0001.wav': [audio(1), { level: 6 }], 'summary.json': bytes('{"results":[{"status":"Succeeded"}]}') });
    const outcomes: InputOutcome[] = [];
    const reader = new ResultArchiveReader(1, (index, outcome) => (outcomes[index] = outcome));
    for (let offset = 0; offset < deflated.byteLength; offset++) reader.push(deflated.subarray(offset, offset + 1));
    reader.finish();
    expect(outcomes).toEqual([{ ok: true, bytes: audio(1) }]);
  });
});
