import { join } from 'node:path';
import type { TrackView } from '../../../../shared/ipc/deliverables-contract';
import { EXPORTS_DIR } from '../export/export-anki';
import type { AudioTokens } from './audio-tokens';
import type { CourseSession } from './course-session';
import { realFileWithin } from './path-guard';
import { StudioError } from './studio-error';

export interface TrackPlaybackOptions {
  readonly session: CourseSession;
  readonly tokens: AudioTokens;
  readonly audioUrl: (token: string) => string;
  /** The open course's track files with their state (the deliverables room's tracks:list). */
  readonly listTracks: () => Promise<TrackView[]>;
}

/**
 * What the Tracks tab plays and reveals: a built track's audio by opaque token (served like a render's,
 * Range included; an outdated file still plays what was built before), and the path of a track or an
 * export for the file manager. Only files the open course names are ever answered, and only inside
 * its output folder (path-guard).
 */
export class TrackPlayback {
  constructor(private readonly options: TrackPlaybackOptions) {}

  async audio(file: string): Promise<{ url: string; durationMs: number }> {
    const open = this.options.session.require();
    const track = (await this.options.listTracks()).find((candidate) => candidate.file === file);
    if (!track) throw new StudioError('not-found', `The course has no track file "${file}".`);
    if (track.state === 'not-built' || track.durationMs === undefined) throw new StudioError('not-found', `The track "${track.title}" is not built yet: press Build tracks.`);
    const token = await this.options.tokens.register(join(open.outDir, file));
    if (!token) throw new StudioError('not-found', `The track file ${file} is no longer in the output folder: press Build tracks.`);
    return { url: this.options.audioUrl(token), durationMs: track.durationMs };
  }

  async locate(file: string): Promise<{ path: string }> {
    const open = this.options.session.require();
    const exports = [`${EXPORTS_DIR}/${open.course.id}.apkg`, `${EXPORTS_DIR}/${open.course.id}.csv`];
    const known = exports.includes(file) || (await this.options.listTracks()).some((track) => track.file === file);
    if (!known) throw new StudioError('not-found', `"${file}" is not a track or an export of this course.`);
    const path = await realFileWithin([open.outDir], join(open.outDir, file));
    if (!path) throw new StudioError('not-found', `${file} is not in the output folder yet.`);
    return { path };
  }
}
