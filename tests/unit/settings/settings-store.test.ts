import { describe, expect, it } from 'vitest';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ZodError } from 'zod';
import { ConfSettingsStore } from '../../../electron/main/core/settings/conf-settings-store';
import { defaultSettings, SettingsSchema } from '../../../electron/main/core/settings/settings-schema';
import { defaultOfflineWorkers } from '../../../electron/main/core/engines/offline/default-workers';
import { useTempFolderPerTest } from '../../support/temp-folder';

const temp = useTempFolderPerTest('settings-');

const store = (extra: Partial<ConstructorParameters<typeof ConfSettingsStore>[0]> = {}): ConfSettingsStore =>
  new ConfSettingsStore({ cwd: temp.dir, outputDir: '/data/Course Audio Studio', ...extra });

describe('ConfSettingsStore', () => {
  it('starts from the documented defaults', () => {
    expect(store().get()).toEqual({
      engine: 'offline',
      azure: { region: '', host: '' },
      outputDir: '/data/Course Audio Studio',
      format: 'wav',
      maxConnections: defaultOfflineWorkers(),
      pricePerMillionChars: 15,
    });
  });

  it('defaults the output folder to <Documents or home>/Course Audio Studio', () => {
    expect(defaultSettings().outputDir).toMatch(/[\\/]Course Audio Studio$/);
  });

  it('persists updates across instances, in settings.json readable only by the owner', async () => {
    store().update({ format: 'mp3', azure: { region: 'westeurope' }, maxConnections: 6 });
    const reopened = store().get();
    expect(reopened).toMatchObject({ format: 'mp3', maxConnections: 6, azure: { region: 'westeurope', host: '' } });
    const file = join(temp.dir, 'settings.json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ format: 'mp3' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('merges a partial azure patch instead of replacing the object', () => {
    const settings = store();
    settings.update({ azure: { region: 'eastus' } });
    settings.update({ azure: { host: 'ws://127.0.0.1:9999' } });
    expect(settings.get().azure).toEqual({ region: 'eastus', host: 'ws://127.0.0.1:9999' });
  });

  it('rejects values outside the schema and keeps the stored settings', async () => {
    const settings = store();
    settings.update({ maxConnections: 4 });
    const before = await readFile(join(temp.dir, 'settings.json'), 'utf8');
    expect(() => settings.update({ maxConnections: 0 })).toThrow(ZodError);
    expect(() => settings.update({ engine: 'google' as never })).toThrow(ZodError);
    expect(() => settings.update({ pricePerMillionChars: -1 })).toThrow(ZodError);
    expect(settings.get().maxConnections).toBe(4);
    expect(await readFile(join(temp.dir, 'settings.json'), 'utf8')).toBe(before);
  });

  it('switches maxConnections to the new engine default only when it was left at the old default', () => {
    const settings = store();
    expect(settings.update({ engine: 'azure' }).maxConnections).toBe(8);
    expect(settings.update({ engine: 'offline' }).maxConnections).toBe(defaultOfflineWorkers());
    settings.update({ maxConnections: 3 });
    expect(settings.update({ engine: 'azure' }).maxConnections).toBe(3);
    expect(settings.update({ engine: 'offline', maxConnections: 5 }).maxConnections).toBe(5);
  });

  it('hands out copies: mutating a result does not change the store', () => {
    const settings = store();
    const got = settings.get();
    got.azure.region = 'hacked';
    expect(settings.get().azure.region).toBe('');
  });

  it.each([
    ['is not JSON', '{ "engine": "offline", '],
    ['breaks the schema', JSON.stringify({ ...defaultSettings('/x'), maxConnections: 'lots' })],
    ['has unknown fields', JSON.stringify({ ...defaultSettings('/x'), azureKey: 'plain' })],
  ])('keeps a settings file that %s aside and starts from defaults', async (_name, content) => {
    await writeFile(join(temp.dir, 'settings.json'), content);
    const repairs: string[] = [];
    const settings = store({ onRepair: (message) => repairs.push(message), now: () => new Date('2026-01-02T03:04:05.678Z') });
    expect(settings.get()).toEqual(defaultSettings('/data/Course Audio Studio'));
    const files = await readdir(temp.dir);
    const aside = files.find((name) => name.startsWith('settings.json.corrupt-'));
    expect(aside).toBe('settings.json.corrupt-2026-01-02T03-04-05-678Z');
    expect(await readFile(join(temp.dir, aside!), 'utf8')).toBe(content);
    expect(repairs[0]).toMatch(/kept as .*corrupt/);
    // And the repaired store works.
    settings.update({ format: 'mp3' });
    expect(store().get().format).toBe('mp3');
  });

  it('the schema is strict: the Azure key can never be a setting', () => {
    expect(SettingsSchema.safeParse({ ...defaultSettings('/x'), azure: { region: '', host: '', key: 'k' } }).success).toBe(false);
  });
});
