/**
 * A pronunciation entry added in the studio (the setup room, as the Course panel saves it) changes
 * the SSML that reaches the service for exactly the renders whose text holds the word: checked on
 * the local Azure server's side, which records every SSML it receives. The real Speech SDK, real
 * WebSockets, the producer's course file on disk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StudioService } from '../../../electron/main/core/studio/studio-service';
import type { AzureServer } from '../../support/azure-server';
import { startTestStudio, until, type TestStudio } from '../../support/studio-fixture';
import { TEST_KEY, makeCourse, startServer } from './azure-harness';

const TEXTS = ['Hola, Ana.', 'Buenos días.', 'Anabel y el Sr. Pérez.', 'Adiós, ana.'];

describe('a pronunciation entry saved in the studio reaches the service', () => {
  let dir: string;
  let server: AzureServer;
  let studio: TestStudio;
  let service: StudioService;

  beforeAll(async () => {
    server = await startServer();
    studio = await startTestStudio({ settings: { engine: 'azure', azure: { host: server.url }, maxConnections: 2, format: 'wav' }, key: TEST_KEY });
    ({ service, dir } = studio);
  });

  afterAll(async () => {
    await studio.close();
    await server.close();
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
