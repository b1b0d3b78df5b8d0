import { join } from 'node:path';
import type { AnkiExport, TrackView, TracksBuild } from '../../../../shared/ipc/deliverables-contract';
import { buildTracks } from '../deliver/build-tracks';
import { shapingOf } from '../deliver/course-shaping';
import { writeManifestTracks } from '../deliver/manifest-tracks';
import { readTrackIndex, type TrackRecord } from '../deliver/track-index';
import { planTracks } from '../deliver/track-plan';
import { exportAnki } from '../export/export-anki';
import type { Mp3Bitrate } from '../output/mp3';
import { pathExists } from '../path-exists';
import { MANIFEST_FILE } from '../run/manifest';
import type { SettingsStore } from '../settings/settings-store';
import type { CourseSession, OpenCourse } from './course-session';
import { holdBetweenRuns, type BetweenRuns } from './folder-locks';
import { formatFor } from './run-format';
import { StudioError } from './studio-error';

/**
 * The deliverables room (issue 11 in the studio): the open course's lesson tracks with their build
 * state, building them from masters, and the Anki export, exactly as the CLI does at the end of a run.
 * Building and exporting write the output folder, so they wait for no run to be on and hold it
 * through the studio's FolderLocks, like every other writer of the folder (another process writing it
 * is reported as 'busy', naming that process).
 */
/** Building and exporting write the folder between runs: `BetweenRuns` is what they wait for and hold (folder-locks.ts). */
export interface DeliverablesRoomOptions extends BetweenRuns {
  readonly session: CourseSession;
  readonly settings: SettingsStore;
  /** Throws a 'busy' StudioError while a run is on (the service's rule for anything that writes the folder). */
  readonly assertIdle: (what: string) => void;
}

export class DeliverablesRoom {
  constructor(private readonly options: DeliverablesRoomOptions) {}

  /** The course's tracks: built (current), outdated or not built, with duration and chapters when built. */
  async listTracks(): Promise<TrackView[]> {
    const open = this.options.session.require();
    return trackViews(open, this.delivery(open), await readTrackIndex(open.outDir));
  }

  /** Builds what is outdated or missing (from masters only: never a synthesis), keeps the rest. */
  async buildTracks(): Promise<TracksBuild> {
    const open = this.options.session.require();
    if (!open.course.tracks?.length) throw new StudioError('not-found', 'This course declares no tracks: add a "tracks" list to the course file.');
    this.options.assertIdle('build the tracks');
    const delivery = this.delivery(open);
    const outcome = await this.whileLocked(open.outDir, async () => {
      const built = await buildTracks({ course: open.course, outDir: open.outDir, engine: delivery.engine, format: delivery.format, ...delivery.bitrate });
      await writeManifestTracks(open.outDir, built.tracks);
      return built;
    });
    return { built: outcome.built, kept: outcome.kept, skipped: [...outcome.skipped], tracks: trackViews(open, delivery, await readTrackIndex(open.outDir)) };
  }

  /** exports/{course}.apkg and .csv from the delivered files the manifest lists. */
  async exportAnki(): Promise<AnkiExport> {
    const open = this.options.session.require();
    this.options.assertIdle('export to Anki');
    if (!(await pathExists(join(open.outDir, MANIFEST_FILE)))) throw new StudioError('not-found', 'Nothing is delivered yet: generate the course first, then export.');
    return this.whileLocked(open.outDir, () => exportAnki(open.course, open.outDir));
  }

  private delivery(open: OpenCourse) {
    const settings = this.options.settings.get();
    const bitrate = open.course.output?.bitrate as Mp3Bitrate | undefined;
    return { engine: settings.engine, format: formatFor(open.course, settings), bitrate: bitrate ? { mp3Bitrate: bitrate } : {} };
  }

  private async whileLocked<T>(outDir: string, work: () => Promise<T>): Promise<T> {
    const release = await holdBetweenRuns(outDir, this.options);
    try {
      return await work();
    } finally {
      await release();
    }
  }
}

function trackViews(open: OpenCourse, delivery: { format: 'wav' | 'mp3'; bitrate: { mp3Bitrate?: Mp3Bitrate } }, records: readonly TrackRecord[]): TrackView[] {
  const byFile = new Map(records.map((record) => [record.file, record]));
  const plans = planTracks(open.course, open.jobs, { format: delivery.format, mp3Bitrate: delivery.bitrate.mp3Bitrate, shaping: shapingOf(open.course) });
  return plans.map((plan) => {
    const record = byFile.get(plan.file);
    const base = { track: plan.track, lesson: plan.lesson, file: plan.file, title: plan.title };
    if (!record) return { ...base, state: 'not-built', chapters: [] };
    return {
      ...base,
      state: record.key === plan.key ? 'built' : 'outdated',
      durationMs: record.durationMs,
      ...(record.loudnessLufs !== undefined ? { loudnessLufs: record.loudnessLufs } : {}),
      chapters: record.phrases,
    };
  });
}
