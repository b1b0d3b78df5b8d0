import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { AudioRef } from '../../../../shared/ipc/contract';
import type { AnkiExportResult, TracksBuildResult, TracksView } from '../../../../shared/ipc/deliverables-contract';
import { planRenders } from '../course/render-plan';
import { buildTracks } from '../deliver/build-tracks';
import { shapingOf } from '../deliver/course-shaping';
import { writeManifestTracks } from '../deliver/manifest-tracks';
import { readTrackIndex, type TrackRecord } from '../deliver/track-index';
import { planTracks, type TrackPlan } from '../deliver/track-plan';
import { EXPORTS_DIR, exportAnki } from '../export/export-anki';
import type { Mp3Bitrate } from '../output/mp3';
import { checkFile } from '../run/file-check';
import { FolderBusyError, lockOutputFolder } from '../run/folder-lock';
import { MANIFEST_FILE } from '../run/manifest';
import type { SettingsStore } from '../settings/settings-store';
import type { AudioTokens } from './audio-tokens';
import type { CourseSession, OpenCourse } from './course-session';
import { realFileWithin } from './path-guard';
import { formatFor } from './run-format';
import { StudioError } from './studio-error';
import { trackViews } from './track-states';

export interface DeliverablesOptions {
  readonly session: CourseSession;
  readonly settings: SettingsStore;
  readonly tokens: AudioTokens;
  readonly audioUrl: (token: string) => string;
  /** Throws when a run is on; waits for single-cell renders to finish (they write the same folder). */
  readonly beforeWrite: (what: string) => Promise<void>;
}

/** What the course's tracks are made of under the current settings, and what the folder holds of them. */
interface TrackSituation {
  readonly open: OpenCourse;
  readonly plans: readonly TrackPlan[];
  readonly records: ReadonlyMap<string, TrackRecord>;
  readonly intact: ReadonlySet<string>;
}

/**
 * The deliverables room (issue 11 in the studio): the open course's lesson tracks with their build
 * state, building them from masters (the core's `buildTracks`: only files whose parts changed), their
 * audio by token like any render, and the Anki export. Building and exporting write the output folder,
 * so they wait for single-cell renders, refuse during a run, and hold the folder's write lock (a CLI
 * run on the same folder is told apart with its pid).
 */
export class Deliverables {
  constructor(private readonly options: DeliverablesOptions) {}

  async list(): Promise<TracksView> {
    return this.viewOf(await this.situation());
  }

  async build(): Promise<TracksBuildResult> {
    const before = await this.situation();
    const { open } = before;
    if (!open.course.tracks?.length)
      throw new StudioError('not-found', `The course "${open.course.title}" declares no tracks: add a "tracks" list to it (see docs/deliverables.md).`);
    const view = this.viewOf(before);
    const files = view.tracks.flatMap((track) => track.files);
    if (files.every((file) => file.missing > 0)) {
      const missing = files.reduce((sum, file) => sum + file.missing, 0);
      throw new StudioError('not-found', `No track can be built yet: ${missing} render${missing === 1 ? ' is' : 's are'} not on disk. Generate the course first.`);
    }
    await this.options.beforeWrite('build tracks');
    const outcome = await this.withFolderLock(open, 'build the tracks', async () => {
      const outcome = await buildTracks({ course: open.course, outDir: open.outDir, engine: this.engine(), format: this.format(open), ...this.bitrate(open) });
      // The manifest lists the tracks for scripts; a folder rendered before manifests existed has none to update.
      if (await exists(join(open.outDir, MANIFEST_FILE))) await writeManifestTracks(open.outDir, outcome.tracks);
      return outcome;
    });
    return { ...(await this.list()), built: outcome.built, kept: outcome.kept, skipped: [...outcome.skipped] };
  }

  /** A track file's audio URL (a stale file still plays: it is what was built before). */
  async trackAudio(file: string): Promise<AudioRef> {
    const situation = await this.situation();
    const plan = situation.plans.find((candidate) => candidate.file === file);
    if (!plan) throw new StudioError('not-found', `The course has no track file "${file}".`);
    const record = situation.records.get(file);
    if (!record || !situation.intact.has(file)) throw new StudioError('not-found', `The track "${plan.title}" is not built yet: press Build.`);
    const token = await this.options.tokens.register(join(situation.open.outDir, file));
    if (!token) throw new StudioError('not-found', `The track file ${file} is not in the output folder.`);
    return { url: this.options.audioUrl(token), durationMs: record.durationMs };
  }

  async exportAnki(): Promise<AnkiExportResult> {
    const open = this.options.session.require();
    if (!(await exists(join(open.outDir, MANIFEST_FILE)))) {
      throw new StudioError('not-found', `Nothing of "${open.course.title}" is rendered yet: Generate the course first, then export it.`);
    }
    await this.options.beforeWrite('export the course');
    const result = await this.withFolderLock(open, 'export the Anki deck', () => exportAnki(open.course, open.outDir));
    return { files: result.files, paths: result.files.map((file) => join(open.outDir, file)), notes: result.notes, media: result.media };
  }

  /** The absolute path of a track or export file of the open course, for the file manager. */
  async locate(file: string): Promise<{ path: string }> {
    const situation = await this.situation();
    const course = situation.open.course;
    const known = situation.plans.some((plan) => plan.file === file) || [`${EXPORTS_DIR}/${course.id}.apkg`, `${EXPORTS_DIR}/${course.id}.csv`].includes(file);
    if (!known) throw new StudioError('not-found', `"${file}" is not a track or export of this course.`);
    const path = await realFileWithin([situation.open.outDir], join(situation.open.outDir, file));
    if (!path) throw new StudioError('not-found', `${file} is not in the output folder yet.`);
    return { path };
  }

  private async situation(): Promise<TrackSituation> {
    const open = this.options.session.require();
    const jobs = planRenders(open.course, { engine: this.engine(), format: this.format(open), ...this.bitrate(open) });
    let plans: TrackPlan[];
    try {
      plans = planTracks(open.course, jobs, { format: this.format(open), mp3Bitrate: open.course.output?.bitrate, shaping: shapingOf(open.course) });
    } catch (error) {
      throw new StudioError('course-invalid', `${open.view.file}: ${(error as Error).message}`);
    }
    const records = new Map((await readTrackIndex(open.outDir)).map((record) => [record.file, record]));
    const intact = new Set<string>();
    for (const record of records.values()) {
      if ((await checkFile(join(open.outDir, record.file), record)).status === 'trusted') intact.add(record.file);
    }
    return { open, plans, records, intact };
  }

  private viewOf({ open, plans, records, intact }: TrackSituation): TracksView {
    const { session } = this.options;
    const rendered = (phraseId: string, variantId: string): boolean => {
      const job = open.byId.get(`${phraseId}/${variantId}`);
      const status = job ? session.cellOf(job)?.status : undefined;
      return status === 'done' || status === 'cached';
    };
    return {
      outDir: open.outDir,
      format: this.format(open),
      tracks: trackViews({ course: open.course, plans, records, fileIntact: (record) => intact.has(record.file), rendered }),
    };
  }

  private async withFolderLock<T>(open: OpenCourse, what: string, work: () => Promise<T>): Promise<T> {
    let lock;
    try {
      lock = await lockOutputFolder(open.outDir);
    } catch (error) {
      if (error instanceof FolderBusyError) throw new StudioError('busy', `Cannot ${what} now: ${error.message}. Try again when it has finished.`);
      throw error;
    }
    try {
      return await work();
    } catch (error) {
      if (error instanceof StudioError) throw error;
      throw new StudioError('io-error', `Could not ${what}: ${(error as Error).message}`);
    } finally {
      await lock.release();
    }
  }

  private engine() {
    return this.options.settings.get().engine;
  }

  private format(open: OpenCourse) {
    return formatFor(open.course, this.options.settings.get());
  }

  private bitrate(open: OpenCourse): { mp3Bitrate?: Mp3Bitrate } {
    return open.course.output?.bitrate ? { mp3Bitrate: open.course.output.bitrate as Mp3Bitrate } : {};
  }
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );
