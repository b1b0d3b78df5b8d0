import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { DEFAULT_SHAPING } from '../../../electron/main/core/deliver/shaping';
import { DerivePool } from '../../../electron/main/core/derive-pool/derive-pool';
import { deliverFromMaster, type DeliverySettings } from '../../../electron/main/core/output/deliver';
import { encodeWav } from '../../../electron/main/core/output/wav';

/** A master as an engine would give it: 22.05 kHz mono 16-bit, a tone between silences. */
function master(seconds: number, hz: number): Uint8Array {
  const rate = 22_050;
  const pcm = new Int16Array(Math.round(seconds * rate));
  for (let i = Math.round(0.3 * rate); i < pcm.length - Math.round(0.3 * rate); i++) pcm[i] = Math.round(8_000 * Math.sin((2 * Math.PI * hz * i) / rate));
  return encodeWav(pcm, rate);
}
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const pool = new DerivePool({ size: 2 });
afterAll(() => pool.close());

describe('DerivePool', () => {
  it('derives in its workers exactly what deliverFromMaster gives in this thread, hashes it, and moves the master instead of copying it', async () => {
    const settings: DeliverySettings = { format: 'mp3', sampleRate: 16_000, shaping: DEFAULT_SHAPING };
    const spoken = { text: 'A tone', rate: 1 };
    const masters = [master(1.2, 440), master(0.8, 660), master(1.5, 220), master(1, 330)];
    const expected = await Promise.all(masters.map((wav) => deliverFromMaster(wav, settings, spoken)));
    const sent = masters.map((wav) => wav.slice());
    const results = await Promise.all(sent.map((wav, i) => pool.deliver({ kind: 'deliver', wav, sha256: sha256(masters[i]!), settings, spoken })));
    results.forEach((result, i) => {
      if (!result.ok) throw new Error(`master ${i} was refused`);
      expect(Buffer.from(result.audio.bytes).equals(Buffer.from(expected[i]!.bytes))).toBe(true);
      expect(result.sha256).toBe(sha256(expected[i]!.bytes));
      expect(result.audio).toMatchObject({ durationMs: expected[i]!.durationMs, loudnessLufs: expected[i]!.loudnessLufs, qa: expected[i]!.qa });
    });
    // Transferred: the sender's buffers are detached, not copied.
    expect(sent.every((wav) => wav.byteLength === 0)).toBe(true);
  });

  it('refuses a master whose bytes no longer match its recorded hash', async () => {
    const wav = master(1, 440);
    const recorded = sha256(wav);
    wav[wav.length - 1] = 255 - wav[wav.length - 1]!;
    expect(await pool.deliver({ kind: 'deliver', wav, sha256: recorded, settings: { format: 'wav' }, spoken: { text: 'x', rate: 1 } })).toEqual({ ok: false });
  });

  it('reports a task that fails in the worker as its error, and goes on with the next', async () => {
    const notWav = new Uint8Array(64);
    await expect(pool.deliver({ kind: 'deliver', wav: notWav, sha256: sha256(notWav), settings: { format: 'mp3' }, spoken: { text: 'x', rate: 1 } })).rejects.toThrow(/./);
    const wav = master(1, 440);
    expect((await pool.deliver({ kind: 'deliver', wav, sha256: sha256(wav), settings: { format: 'wav' }, spoken: { text: 'x', rate: 1 } })).ok).toBe(true);
  });

  it('uses only as many workers as its limit (the cores an engine leaves), and more when raised and tasks wait for them', async () => {
    const limited = new DerivePool({ size: 3 });
    try {
      limited.setLimit(1);
      limited.warm();
      const deliver = (m: Uint8Array) => limited.deliver({ kind: 'deliver', wav: m, sha256: sha256(m), settings: { format: 'wav' }, spoken: { text: 'x', rate: 1 } });
      const first = await Promise.all([master(0.5, 440), master(0.6, 220)].map(deliver));
      expect(first.every((result) => result.ok)).toBe(true);
      expect([limited.size, limited.started]).toEqual([3, 1]);
      limited.setLimit(5); // clamped to the size; workers start only for tasks that wait
      expect(limited.started).toBe(1);
      const results = await Promise.all([master(0.6, 220), master(0.7, 330), master(0.8, 550)].map(deliver));
      expect(results.every((result) => result.ok)).toBe(true);
      expect(limited.started).toBe(3);
      limited.setLimit(0); // at least one
      expect((await deliver(master(0.4, 300))).ok).toBe(true);
    } finally {
      await limited.close();
    }
  });
});
