import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { AudioRef } from '../../../../shared/ipc/contract';
import type { Pronunciation } from '../../../../shared/model/course';
import { pronunciationsFor } from '../course/pronunciation';
import { renderKey } from '../course/render-plan';
import { buildSsml } from '../course/ssml';
import type { EnginePool } from '../engines/engine-pool';
import { localeOfAzureVoice } from '../engines/offline/voice-map';
import { writeFileAtomic } from '../output/atomic-write';
import { durationMsOf } from '../output/audio-duration';
import type { SettingsStore } from '../settings/settings-store';
import type { AudioTokens } from './audio-tokens';
import type { PoolReadout } from './pool-readout';
import type { PoolRegistry } from './pool-registry';
import { StudioError } from './studio-error';

const AUDITION_CACHE_LIMIT = 400;

export interface AuditionOptions {
  readonly settings: SettingsStore;
  readonly pools: PoolRegistry;
  readonly readout: PoolReadout;
  readonly tokens: AudioTokens;
  readonly cacheDir: string;
  readonly audioUrl: (token: string) => string;
  /** The pool of the run that is dispatching with this engine, if any (auditions then go through it, at high priority). */
  readonly runPool: (engine: string) => EnginePool | undefined;
}

/**
 * The audition room: a short text with a voice and rate, rendered at high priority and cached by
 * content (the render key) in a bounded folder, so listening again is instant and free.
 */
export class Audition {
  private writes = 0;

  constructor(private readonly options: AuditionOptions) {}

  /** `pronunciations`: entries to apply (a pronunciation being auditioned), for the voice's locale. */
  async render(request: { text: string; voice: string; rate: number; locale?: string | undefined; pronunciations?: readonly Pronunciation[] }): Promise<AudioRef> {
    const { settings: store, pools, readout, tokens, cacheDir } = this.options;
    const settings = store.get();
    const locale = request.locale || localeOfAzureVoice(request.voice);
    if (!locale || !locale.includes('-'))
      throw new StudioError('invalid-input', `Cannot tell the language of voice "${request.voice}"; pick a voice such as "es-ES-ElviraNeural".`);
    const text = request.text.trim();
    if (!text) throw new StudioError('invalid-input', 'Type something to listen to.');
    const ssml = buildSsml({ text, voice: request.voice, rate: request.rate, locale, pronunciations: pronunciationsFor(request.pronunciations, locale) });
    const file = join(cacheDir, `${renderKey({ ssml, format: settings.format, engine: settings.engine })}.${settings.format}`);
    let bytes = await readFile(file).catch(() => undefined);
    if (!bytes) {
      const pool = this.options.runPool(settings.engine) ?? (await pools.interactivePool(settings));
      const audio = await pool.synthesize({ ssml, text, voice: request.voice, rate: request.rate, locale, format: settings.format }, undefined, 'high');
      readout.countRender();
      await writeFileAtomic(file, audio.bytes, { fsync: false });
      bytes = Buffer.from(audio.bytes);
      if (++this.writes % 50 === 0) void this.prune();
    }
    const token = await tokens.register(file);
    if (!token) throw new StudioError('not-found', 'The audition could not be saved; check the disk space.');
    return { url: this.options.audioUrl(token), durationMs: Math.round(durationMsOf(bytes, settings.format)) };
  }

  /** Keeps the audition cache bounded: the oldest files go first. */
  private async prune(): Promise<void> {
    const dir = this.options.cacheDir;
    const names = await readdir(dir).catch(() => [] as string[]);
    if (names.length <= AUDITION_CACHE_LIMIT) return;
    const dated = await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })));
    dated.sort((a, b) => a.mtime - b.mtime);
    await Promise.all(dated.slice(0, names.length - AUDITION_CACHE_LIMIT).map(({ name }) => unlink(join(dir, name)).catch(() => undefined)));
  }
}
