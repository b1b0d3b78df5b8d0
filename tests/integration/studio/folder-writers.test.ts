/**
 * Every writer of an output folder in the studio (a run, Build tracks, Export to Anki, Clean unused
 * masters) goes through the studio's one FolderLocks. Asked the moment a run says finished, each
 * waits for the run to let go of the folder instead of refusing with "being written by another run"
 * naming the studio's own process; a real CLI run writing the folder refuses each of them at once,
 * naming the CLI's pid, in the same words.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { folderLockHolder } from '../../../electron/main/core/run/folder-lock';
import type { StudioService } from '../../../electron/main/core/studio/studio-service';
import { holdFolderWithCli } from '../../support/cli-folder-holder';
import { qaCourse } from '../../support/deliverables-fixtures';
import { finishedNow, startTestStudio, until, type TestStudio } from '../../support/studio-fixture';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('the studio’s writers of an output folder', () => {
  let dir: string;
  let studio: TestStudio;
  let service: StudioService;

  beforeAll(async () => {
    studio = await startTestStudio({ transport: 'electron', settings: { engine: 'offline', format: 'wav' } });
    ({ service, dir } = studio);
  });

  afterAll(async () => {
    await studio.close();
  });

  /** Imports `course`, runs it to the end and waits until the run has let go of its output folder. */
  const generated = async (course: { id: string }): Promise<string> => {
    const out = join(dir, 'out', course.id);
    await service.importText(`${course.id}.json`, JSON.stringify(course));
    await service.startRun();
    await until(() => service.runView().state === 'finished', { what: `the run of ${course.id} to finish` });
    await until(async () => (await folderLockHolder(out)) === undefined, { what: `the run of ${course.id} to let go of its folder` });
    return out;
  };

  it('Clean unused masters asked the moment a run says finished waits for the run and cleans', async () => {
    const out = await generated(qaCourse('clean-at-finish'));

    // An edit leaves one master unused; the next run renders the new text and is cleaned at its finish.
    const edited = qaCourse('clean-at-finish');
    (edited.phrases as Array<{ target: string }>)[0]!.target = 'Hola, buenos días.';
    await service.importText('clean-at-finish.json', JSON.stringify(edited));
    await service.startRun();
    await finishedNow(service);
    const settled = vi.spyOn(service.runs, 'settled');
    await expect(service.cleanUnusedMasters()).resolves.toMatchObject({ removed: 1, masters: { count: 3, unusedCount: 0 } });
    // It waited for the run to end (RunController.settled: journal closed, folder let go, pool closed),
    // instead of sharing the hold of a run still closing its masters.
    expect(settled).toHaveBeenCalledOnce();
    await expect(settled.mock.results[0]!.value).resolves.toBeUndefined();
    expect(service.liveSynthesizers()).toBe(0);
    settled.mockRestore();
    expect(studio.errors).toEqual([]);
    expect(await folderLockHolder(out)).toBeUndefined(); // the clean let go too
  }, 60_000);

  it('Build tracks and Export right after a cell render wait for its journal to close, not refuse naming this process', async () => {
    const out = await generated(qaCourse('after-cell'));

    await service.renderCell('ok', 'target');
    await expect(service.deliverables.buildTracks()).resolves.toMatchObject({ skipped: [] });
    await service.renderCell('ok', 'target');
    await expect(service.deliverables.exportAnki()).resolves.toMatchObject({ notes: 3 });
    expect(studio.errors).toEqual([]);
    expect(await folderLockHolder(out)).toBeUndefined(); // every hold was let go
  }, 60_000);

  it('a CLI run writing the folder: Build tracks, Export and Clean are refused at once naming its pid', async () => {
    const json = qaCourse('cli-holds');
    const out = await generated(json);

    const cli = await holdFolderWithCli(json, out);
    try {
      const busy = new RegExp(
        `^${escape(out)} is being written by another run \\(pid ${cli.pid}, started \\d\\d:\\d\\d\\)\\. Wait for it to finish, or choose another output folder\\.$`,
      );
      await expect(service.deliverables.buildTracks()).rejects.toMatchObject({ code: 'busy', message: expect.stringMatching(busy) });
      await expect(service.deliverables.exportAnki()).rejects.toMatchObject({ code: 'busy', message: expect.stringMatching(busy) });
      await expect(service.cleanUnusedMasters()).rejects.toMatchObject({ code: 'busy', message: expect.stringMatching(busy) });
    } finally {
      await cli.stop();
    }
    // The dead holder is nobody: every writer works again (a run first puts back what the CLI's course removed).
    await generated(json);
    await expect(service.deliverables.buildTracks()).resolves.toMatchObject({ skipped: [] });
    await expect(service.deliverables.exportAnki()).resolves.toMatchObject({ notes: 3 });
  }, 90_000);
});
