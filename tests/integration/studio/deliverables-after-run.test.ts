/**
 * The Tracks tab's "Build tracks" and "Export" are enabled the moment the Run tab says Finished. The
 * run still holds the output folder's write lock for a few milliseconds after that (it lets go once
 * its journal and manifest are closed): a build asked in that moment waits for it, instead of
 * refusing with "being written by another run" naming the studio's own process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudioService } from '../../../electron/main/core/studio/studio-service';
import { qaCourse } from '../../support/deliverables-fixtures';
import { finishedNow, startTestStudio, type TestStudio } from '../../support/studio-fixture';

describe('deliverables asked for right as a run finishes', () => {
  let studio: TestStudio;
  let service: StudioService;

  beforeAll(async () => {
    studio = await startTestStudio({ transport: 'electron', settings: { engine: 'offline', format: 'wav' } });
    ({ service } = studio);
  });

  afterAll(async () => {
    await studio.close();
  });

  it('builds the tracks and exports to Anki the moment the run says finished', async () => {
    await service.importText('at-finish.json', JSON.stringify(qaCourse('at-finish')));
    await service.startRun();
    await finishedNow(service);
    await expect(service.deliverables.buildTracks()).resolves.toMatchObject({ built: 2 });

    await service.importText('at-finish.json', JSON.stringify({ ...qaCourse('at-finish'), title: 'Renamed' }));
    await service.startRun();
    await finishedNow(service);
    await expect(service.deliverables.exportAnki()).resolves.toMatchObject({ notes: 3 });
    expect(studio.errors).toEqual([]);
  });
});
