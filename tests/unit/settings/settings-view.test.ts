import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MemorySink } from '../../../electron/main/core/ipc/event-sink';
import { ConfSettingsStore } from '../../../electron/main/core/settings/conf-settings-store';
import { FileSecretBox } from '../../../electron/main/core/settings/file-secret-box';
import type { SpeechEngine } from '../../../electron/main/core/engines/speech-engine';
import { engineFactory } from '../../../electron/main/core/studio/engine-factory';
import { StudioService } from '../../../electron/main/core/studio/studio-service';
import type { EngineSettings } from '../../../electron/main/core/engines/create-engine';
import { useTempFolderPerTest } from '../../support/temp-folder';

const KEY = 'f00dfeedcafebabe0123456789abcdef';

const temp = useTempFolderPerTest('settings-view-');

function studio(create?: (settings: EngineSettings) => Promise<SpeechEngine>) {
  const events = new MemorySink();
  const secrets = new FileSecretBox(temp.dir);
  const service = new StudioService({
    settings: new ConfSettingsStore({ cwd: temp.dir, outputDir: join(temp.dir, 'out') }),
    secrets,
    createEngine: engineFactory(secrets, create),
    events,
    audioUrl: (token) => `app://audio/${token}`,
    auditionCacheDir: join(temp.dir, 'cache'),
    transport: 'electron',
  });
  return { service, events };
}

describe('the Azure key stays in main', () => {
  it('the settings view, the snapshot, events and settings.json show only keySet', async () => {
    const { service, events } = studio();
    expect((await service.settingsView()).azure.keySet).toBe(false);
    const view = await service.setKey(`  ${KEY}  `);
    expect(view.azure).toEqual({ region: '', host: '', keySet: true, keyStatus: 'unverified', keyMessage: null });
    await service.updateSettings({ engine: 'azure', azure: { region: 'westeurope' } });
    const everything = JSON.stringify([view, await service.settingsView(), await service.snapshot(), events.events]);
    expect(everything).not.toContain(KEY);
    for (const name of await readdir(temp.dir)) {
      if (name.endsWith('.json')) expect(await readFile(join(temp.dir, name), 'utf8')).not.toContain(KEY);
    }
    expect(events.of('settings:changed').at(-1)?.azure.keySet).toBe(true);
    await service.setKey(null);
    expect((await service.settingsView()).azure.keySet).toBe(false);
  });

  it('only the engine factory reads the key, and hands it to the engine', async () => {
    const seen: EngineSettings[] = [];
    const fake: SpeechEngine = { name: 'azure', createSynthesizer: () => Promise.reject(new Error('unused')), close: async () => undefined };
    const { service } = studio(async (settings) => {
      seen.push(settings);
      return fake;
    });
    await service.setKey(KEY);
    await service.updateSettings({ engine: 'azure', azure: { region: 'westeurope' } });
    const voices = await service.listVoices('es-ES'); // the fake engine lists none: the catalog answers
    expect(voices.length).toBeGreaterThan(0);
    // The voices call, and the key check the region change started: each with the key, from the factory,
    // with the CLI's call and connect timeouts (run-defaults.ts).
    expect(seen.length).toBeGreaterThanOrEqual(1);
    for (const settings of seen)
      expect(settings).toEqual({ engine: 'azure', azure: { key: KEY, region: 'westeurope' }, azureTuning: { callTimeoutMs: 30_000, connectTimeoutMs: 10_000, format: 'wav' } });
  });

  it('without a key (and no custom host) the Azure engine is unavailable, with words the producer can act on', async () => {
    const { service } = studio();
    await service.updateSettings({ engine: 'azure', azure: { region: 'westeurope' } });
    await expect(service.listVoices()).rejects.toMatchObject({ name: 'EngineUnavailableError', message: expect.stringMatching(/No Azure key is set/) });
  });
});
