import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readResultArchive } from '../../../../electron/main/core/engines/azure-batch';

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
});
