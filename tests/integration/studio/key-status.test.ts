/**
 * The engine badge's truth, main side: a key is "verified" only after the service answered a voices
 * call with it, "refused" after a 401, and a new key starts over. Against the local Azure server,
 * which accepts exactly one key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySink } from '../../../electron/main/core/ipc/event-sink';
import type { StudioService } from '../../../electron/main/core/studio/studio-service';
import { startAzureServer, type AzureServer } from '../../support/azure-server';
import { startTestStudio, until, type TestStudio } from '../../support/studio-fixture';

describe('the Azure key status', () => {
  let studio: TestStudio;
  let server: AzureServer;
  let service: StudioService;
  const events = new MemorySink();

  beforeAll(async () => {
    server = await startAzureServer({ key: 'the-right-key' });
    studio = await startTestStudio({ events });
    service = studio.service;
    await service.updateSettings({ engine: 'azure', azure: { host: server.url } });
  });

  afterAll(async () => {
    await studio.close();
    await server.close();
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
