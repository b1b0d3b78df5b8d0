/**
 * The engine badge's truth, main side: a key is "verified" only after the service answered a voices
 * call with it, "refused" after a 401, and a new key starts over. Against the local Azure server,
 * which accepts exactly one key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySink } from '../../../electron/main/core/ipc/event-sink';
import { ConfSettingsStore } from '../../../electron/main/core/settings/conf-settings-store';
import { FileSecretBox } from '../../../electron/main/core/settings/file-secret-box';
import { ShutdownCoordinator } from '../../../electron/main/core/shutdown';
import { engineFactory } from '../../../electron/main/core/studio/engine-factory';
import { StudioService } from '../../../electron/main/core/studio/studio-service';
import { startAzureServer, type AzureServer } from '../../support/azure-server';

async function until<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (performance.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the Azure key status', () => {
  let dir: string;
  let server: AzureServer;
  let service: StudioService;
  const events = new MemorySink();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'key-status-'));
    server = await startAzureServer({ key: 'the-right-key' });
    const secrets = new FileSecretBox(join(dir, 'settings'));
    service = new StudioService({
      settings: new ConfSettingsStore({ cwd: join(dir, 'settings'), outputDir: join(dir, 'out') }),
      secrets,
      createEngine: engineFactory(secrets),
      events,
      audioUrl: (token) => `app://audio/${token}`,
      auditionCacheDir: join(dir, 'audition'),
      transport: 'bridge',
    });
    await service.updateSettings({ engine: 'azure', azure: { host: server.url } });
  });

  afterAll(async () => {
    await new ShutdownCoordinator({ steps: () => service.shutdownSteps(), deadlineMs: 5_000 }).shutdown();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a wrong key is "refused", never Ready; the right one becomes "verified" once the service answered', async () => {
    expect((await service.settingsView()).azure.keyStatus).toBe('unset');
    const saved = await service.setKey('a-wrong-key');
    expect(saved.azure.keyStatus).toBe('unverified'); // saved, not yet proven
    const refused = await until(async () => ((await service.settingsView()).azure.keyStatus === 'refused' ? service.settingsView() : undefined));
    expect(refused.azure.keyMessage).toMatch(/refused the key/);
    expect(events.of('settings:changed').at(-1)?.azure.keyStatus).toBe('refused');

    await service.setKey('the-right-key');
    await until(async () => (await service.settingsView()).azure.keyStatus === 'verified');
    expect((await service.settingsView()).azure.keyMessage).toBeNull();
    expect(events.of('settings:changed').at(-1)?.azure.keyStatus).toBe('verified');
    // Auditions with the new key work at once (the pool built with the old key was retired).
    const audio = await service.audition({ text: 'Hola', voice: 'es-ES-ElviraNeural', rate: 1 });
    expect(audio.durationMs).toBeGreaterThan(0);
  });
});
