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
    /** Called as an Azure voices call starts; its result records the outcome: the proof (or refusal) of the key it was made with. */
    private readonly beginAzureCall: () => (outcome: { ok: true } | { ok: false; error: unknown }) => void = () => () => undefined,
  ) {}

  async list(locale?: string): Promise<VoiceInfo[]> {
    const settings = this.settings.get();
    if (settings.engine === 'offline') return catalogVoices(locale);
    const signature = engineSignature(settings);
    if (this.cache?.signature === signature && Date.now() - this.cache.atMs < VOICE_CACHE_MS) return filterVoices(this.cache.voices, locale);
    const answer = this.beginAzureCall();
    const engine = await this.createEngine(settings);
    try {
      if (!canListVoices(engine)) return catalogVoices(locale);
      const voices = await engine.listVoices().catch((error: unknown) => {
        answer({ ok: false, error });
        throw error;
      });
      answer({ ok: true });
      this.cache = { signature, atMs: Date.now(), voices };
      return filterVoices(voices, locale);
    } finally {
      await engine.close().catch(() => undefined);
    }
  }

  forget(): void {
    this.cache = undefined;
  }

  /** Asks the service for its voices now (not from the cache): verifies the stored key. */
  async verify(): Promise<void> {
    this.forget();
    await this.list().catch(() => undefined);
  }
}
