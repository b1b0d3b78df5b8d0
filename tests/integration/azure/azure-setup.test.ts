/**
 * A pronunciation entry added in the studio (the setup room, as the Course panel saves it) changes
 * the SSML that reaches the service for exactly the renders whose text holds the word: checked on
 * the local Azure server's side, which records every SSML it receives. The real Speech SDK, real
 * WebSockets, the producer's course file on disk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySink } from '../../../electron/main/core/ipc/event-sink';
import { ConfSettingsStore } from '../../../electron/main/core/settings/conf-settings-store';
import { FileSecretBox } from '../../../electron/main/core/settings/file-secret-box';
import { ShutdownCoordinator } from '../../../electron/main/core/shutdown';
import { engineFactory } from '../../../electron/main/core/studio/engine-factory';
import { StudioService } from '../../../electron/main/core/studio/studio-service';
import type { AzureServer } from '../../support/azure-server';
import { TEST_KEY, makeCourse, startServer } from './azure-harness';

async function until<T>(probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const TEXTS = ['Hola, Ana.', 'Buenos días.', 'Anabel y el Sr. Pérez.', 'Adiós, ana.'];

describe('a pronunciation entry saved in the studio reaches the service', () => {
  let dir: string;
  let server: AzureServer;
  let service: StudioService;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'azure-setup-'));
    server = await startServer();
    const secrets = new FileSecretBox(join(dir, 'settings'));
    service = new StudioService({
      settings: new ConfSettingsStore({ cwd: join(dir, 'settings'), outputDir: join(dir, 'out') }),
      secrets,
      createEngine: engineFactory(secrets),
      events: new MemorySink(),
      audioUrl: (token) => `app://audio/${token}`,
      auditionCacheDir: join(dir, 'audition'),
      transport: 'bridge',
    });
    await service.updateSettings({ engine: 'azure', azure: { host: server.url }, maxConnections: 2, format: 'wav' });
    await service.setKey(TEST_KEY);
  });

  afterAll(async () => {
    await new ShutdownCoordinator({ steps: () => service.shutdownSteps(), deadlineMs: 5_000 }).shutdown();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const runToEnd = async (): Promise<void> => {
    await service.startRun();
    await until(() => service.runView().state === 'finished');
  };

  it('exactly the renders holding the word are sent again, with <phoneme> (the estimate said how many and at what cost)', async () => {
    const file = join(dir, 'course.json');
    await writeFile(file, JSON.stringify(makeCourse(TEXTS.length, { texts: (i) => TEXTS[i]! }), null, 2));
    await service.openPath(file);
    await runToEnd();
    const before = server.turnLog().length;
    expect(before).toBe(8);

    // ignoreCase: "ana" in p004 counts too; "Anabel" is another word.
    const entry = { locale: 'es-ES', text: 'Ana', phoneme: 'ˈana', alphabet: 'ipa' as const, ignoreCase: true };
    const impact = await service.setup.impact({ pronunciations: [entry] });
    expect(impact).toMatchObject({ affected: 4, finished: 4 });
    expect(impact.costUsd).toBeGreaterThan(0);
    await service.setup.save({ pronunciations: [entry] });
    expect(JSON.parse(await readFile(file, 'utf8')).pronunciations).toEqual([entry]);
    expect((await service.estimate()).toRender).toBe(4);
    expect((await service.estimate()).billableChars).toBe(impact.billableChars);

    await runToEnd();
    const resent = server.turnLog().slice(before);
    expect(resent).toHaveLength(4);
    expect(resent.map((turn) => turn.text).sort()).toEqual(['Adiós, ana.', 'Adiós, ana.', 'Hola, Ana.', 'Hola, Ana.']);
    for (const turn of resent) expect(turn.ssml).toMatch(/<phoneme alphabet="ipa" ph="ˈana">[Aa]na<\/phoneme>/);
    expect(service.runView().progress).toMatchObject({ total: 8, failed: 0 });
  });
});
