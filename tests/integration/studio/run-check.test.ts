/**
 * One run setup for both front ends: the studio's Generate refuses a course for exactly what the CLI
 * refuses it for, in the CLI's words, before anything is synthesized. A speaking style the voice does
 * not list (the voice list's StyleList) is the case the studio used to miss: it checked voices only.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Course } from '../../../shared/model/course';
import type { AzureServer } from '../../support/azure-server';
import { runGenerate } from '../../support/run-generate';
import { startTestStudio, type TestStudio } from '../../support/studio-fixture';
import { TEST_KEY, makeCourse, startServer } from '../azure/azure-harness';

describe('the studio and the CLI refuse a run for the same reasons', () => {
  let server: AzureServer;
  let studio: TestStudio;

  beforeAll(async () => {
    server = await startServer();
    studio = await startTestStudio();
    await studio.service.updateSettings({ engine: 'azure', maxConnections: 2, azure: { host: server.url } });
    await studio.service.setKey(TEST_KEY);
  });

  afterAll(async () => {
    await studio.close();
    await server.close();
  });

  it('a style the voice does not list: Generate is refused with the CLI message, and nothing is billed', async () => {
    const course = makeCourse(2, { id: 'styled' });
    const styled: Course = { ...course, variants: course.variants.map((variant) => (variant.id === 'target-slow' ? { ...variant, style: 'cheerful' } : variant)) };
    const file = join(studio.dir, 'styled.json');
    await writeFile(file, JSON.stringify(styled, null, 2));

    const cli = await runGenerate([file, '--engine', 'azure', '--azure-host', server.url, '--azure-key', TEST_KEY, '--out', join(studio.dir, 'cli-out'), '--json']);
    expect(cli.code).toBe(2);

    await studio.service.openPath(file);
    const refused = (await studio.service.startRun().then(
      () => undefined,
      (error: unknown) => error,
    )) as { code: string; message: string } | undefined;
    expect(refused).toMatchObject({ code: 'course-invalid' });
    const line =
      JSON.stringify(styled, null, 2)
        .split('\n')
        .findIndex((text) => text.includes('"style": "cheerful"')) + 1;
    // The style's place in the file, as the CLI gives it, and the whole message word for word.
    expect(refused!.message).toContain(`${file}:${line}:16: variant "target-slow": voice "es-ES-ElviraNeural" has no style "cheerful"`);
    expect(cli.stderr).toContain(`${refused!.message}\n`);
    expect(studio.service.runs.activeRun()).toBeUndefined();
    expect(server.turnLog()).toHaveLength(0);
  });
});
