import type { VoiceInfo } from '../../../../shared/ipc/contract';
import { catalogVoices, filterVoices } from '../engines/voice-catalog';
import { canListVoices } from '../engines/voice-list';
import type { SettingsStore } from '../settings/settings-store';
import type { EngineFactory } from './engine-factory';
import { engineSignature } from './pool-registry';

const VOICE_CACHE_MS = 10 * 60_000;

/**
 * The voices room: the offline engine's catalog, or the Azure service's voice list, cached for ten
 * minutes per engine configuration and forgotten when the key or the engine settings change.
 */
export class VoiceDirectory {
  private cache: { signature: string; atMs: number; voices: VoiceInfo[] } | undefined;

  constructor(
    private readonly settings: SettingsStore,
    private readonly createEngine: EngineFactory,
  ) {}

  async list(locale?: string): Promise<VoiceInfo[]> {
    const settings = this.settings.get();
    if (settings.engine === 'offline') return catalogVoices(locale);
    const signature = engineSignature(settings);
    if (this.cache?.signature === signature && Date.now() - this.cache.atMs < VOICE_CACHE_MS) return filterVoices(this.cache.voices, locale);
    const engine = await this.createEngine(settings);
    try {
      if (!canListVoices(engine)) return catalogVoices(locale);
      const voices = await engine.listVoices();
      this.cache = { signature, atMs: Date.now(), voices };
      return filterVoices(voices, locale);
    } finally {
      await engine.close().catch(() => undefined);
    }
  }

  forget(): void {
    this.cache = undefined;
  }
}
