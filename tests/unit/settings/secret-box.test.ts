import { describe, expect, it } from 'vitest';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { FileSecretBox } from '../../../electron/main/core/settings/file-secret-box';
import { useTempFolderPerTest } from '../../support/temp-folder';

const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

const temp = useTempFolderPerTest('secret-box-');

describe('FileSecretBox', () => {
  it('round-trips a secret and knows whether one is set', async () => {
    const box = new FileSecretBox(temp.dir);
    expect(await box.has()).toBe(false);
    expect(await box.get()).toBeNull();
    await box.set(KEY);
    expect(await box.has()).toBe(true);
    expect(await new FileSecretBox(temp.dir).get()).toBe(KEY);
    await box.set('another');
    expect(await box.get()).toBe('another');
    await box.clear();
    expect(await box.has()).toBe(false);
    expect(await box.get()).toBeNull();
  });

  it('creates the key file and the sealed secret with mode 0600', async () => {
    const box = new FileSecretBox(temp.dir);
    await box.set(KEY);
    expect((await stat(box.keyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(box.secretFile)).mode & 0o777).toBe(0o600);
    expect((await readFile(box.keyFile)).length).toBe(32);
  });

  it('stores ciphertext that contains neither the key nor its base64', async () => {
    const box = new FileSecretBox(temp.dir);
    await box.set(KEY);
    const sealed = await readFile(box.secretFile, 'utf8');
    expect(sealed).not.toContain(KEY);
    expect(sealed).not.toContain(Buffer.from(KEY).toString('base64'));
    expect(sealed).not.toContain(Buffer.from(KEY).toString('hex'));
    // Sealing twice gives different ciphertext (fresh IV).
    const first = JSON.parse(sealed) as { data: string; iv: string };
    await box.set(KEY);
    const second = JSON.parse(await readFile(box.secretFile, 'utf8')) as { data: string; iv: string };
    expect(second.iv).not.toBe(first.iv);
  });

  it('treats tampered ciphertext and a lost key file as "not set" rather than failing', async () => {
    const box = new FileSecretBox(temp.dir);
    await box.set(KEY);
    const sealed = JSON.parse(await readFile(box.secretFile, 'utf8')) as { data: string };
    const flipped = Buffer.from(sealed.data, 'base64');
    flipped[0]! ^= 1;
    await writeFile(box.secretFile, JSON.stringify({ ...sealed, data: flipped.toString('base64') }));
    expect(await box.get()).toBeNull();
    await box.set(KEY);
    await rm(box.keyFile);
    expect(await box.get()).toBeNull();
  });
});
