import { mkdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Preview } from '../../../../shared/ipc/contract';
import { durationMsOf } from '../output/audio-duration';
import type { SettingsStore } from '../settings/settings-store';
import type { AudioTokens } from './audio-tokens';
import type { CourseSession } from './course-session';
import type { Logger } from './logger';
import { wavPeaks } from './peaks';
import { StudioError } from './studio-error';

/** The preview room: a rendered cell's file to play (with its waveform), and where files are on disk. */
export class Previews {
  constructor(
    private readonly session: CourseSession,
    private readonly settings: SettingsStore,
    private readonly tokens: AudioTokens,
    private readonly audioUrl: (token: string) => string,
    private readonly log: Logger,
  ) {}

  /**
   * The rendered file of a cell: a URL to play, its duration and a waveform. WAV: ~200 peaks read from
   * the PCM here. MP3: none (main has no MP3 decoder; see peaks.ts): the page decodes the file itself
   * with Web Audio, fetching the same URL (app://audio answers app://studio's fetch with CORS).
   */
  async preview(phraseId: string, variantId: string): Promise<Preview> {
    const open = this.session.require();
    const job = this.session.jobOf(open, phraseId, variantId);
    const path = join(open.outDir, job.file);
    const bytes = await readFile(path).catch(() => undefined);
    if (!bytes) throw new StudioError('not-found', `"${phraseId}" (${variantId}) has not been rendered yet. Press Enter to render it, or Generate.`);
    const token = await this.tokens.register(path);
    if (!token) throw new StudioError('not-found', `The file of "${phraseId}" (${variantId}) is not in the output folder.`);
    let durationMs = 0;
    let peaks: number[] = [];
    try {
      durationMs = Math.round(durationMsOf(bytes, job.format));
      peaks = job.format === 'wav' ? wavPeaks(bytes) : [];
    } catch (error) {
      this.log.warn(`preview: ${job.file} could not be parsed: ${(error as Error).message}`);
    }
    return { url: this.audioUrl(token), durationMs, file: job.file, peaks, voice: job.voice, rate: job.rate };
  }

  /** The file of a cell (when rendered), else the course's output folder (else the output root); the transport reveals it. */
  async showInFolder(ref: { phraseId?: string | undefined; variantId?: string | undefined }): Promise<{ path: string }> {
    const open = this.session.current;
    if (!open) {
      const root = resolve(this.settings.get().outputDir);
      await mkdir(root, { recursive: true });
      return { path: root };
    }
    if (ref.phraseId && ref.variantId) {
      const job = open.byId.get(`${ref.phraseId}/${ref.variantId}`);
      if (job) {
        const file = join(open.outDir, job.file);
        if (
          await stat(file).then(
            (info) => info.isFile(),
            () => false,
          )
        )
          return { path: file };
      }
    }
    await mkdir(open.outDir, { recursive: true });
    return { path: open.outDir };
  }
}
