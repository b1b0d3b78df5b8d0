/**
 * The Azure Speech engine: the SpeechEngine port on `microsoft-cognitiveservices-speech-sdk`.
 *
 * - `SpeechConfig.fromSubscription(key, region)` for the cloud, `fromHost(url, key)` for on-prem
 *   speech containers and any server that speaks the protocol (tests: the local emulator). Never
 *   `fromEndpoint` with a bare host: it adds an HTTPS redirect probe per connection (docs/design/azure-tts-protocol.md section 4.12).
 * - Each synthesizer is one SDK SpeechSynthesizer whose socket is opened ahead of use with
 *   `Connection.openConnection()` (an upgrade only, never a billed request). How many exist, their
 *   recycling by age and call count, and the per-call hard timeout are the EnginePool's business.
 * - The voice list is fetched from the service and cached (voice-list.ts); `unsupportedVoices()`
 *   checks a course's voices against it before a run starts.
 * - The key is kept out of every message we produce (redact.ts): the SDK puts it in the query
 *   string of every socket URL.
 */
import sdk from 'microsoft-cognitiveservices-speech-sdk';
import type { OutputFormat } from '../../../../../shared/model/audio';
import type { VoiceInfo } from '../../../../../shared/ipc/contract';
import { EngineUnavailableError } from '../engine-unavailable-error';
import type { SpeechEngine, VoiceProblem, VoiceUse } from '../speech-engine';
import { DEFAULT_CALL_TIMEOUT_MS } from '../call-timeout';
import { SynthesisError } from '../synthesis-error';
import { AzureSynthesizer, sdkOutputFormat, type Mp3Bitrate } from './azure-synthesizer';
import { ensureSdkUsesNpmWebSocket, type SdkRuntime } from './sdk-runtime';
import { unknownVoices } from './unknown-voices';
import { publicVoiceInfo, VoiceList } from './voice-list';

export interface AzureEngineOptions {
  /** Speech resource key. Required for the cloud; optional with `host` (speech containers need none). */
  readonly key?: string;
  /** Azure region, e.g. `westeurope` (the cloud). */
  readonly region?: string;
  /** `http(s)://host[:port]` of a speech container or a protocol-compatible server; wins over `region`. */
  readonly host?: string;
  /** The synthesizer's own bound on one call (the EnginePool's timer normally fires first). Default 30 s. */
  readonly callTimeoutMs?: number;
  /** Bound on opening a socket. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** How long the voice list is cached. Default 1 h. */
  readonly voicesCacheTtlMs?: number;
  /** The format new synthesizers connect for (a request in the other format swaps the SDK object). Default wav. */
  readonly format?: OutputFormat;
  /** MP3 bitrate: 48 (default) or 96 kbit/s, both 24 kHz mono. */
  readonly mp3Bitrate?: Mp3Bitrate;
  /** A synthesizer refuses further calls after this many (the pool's maxUses normally retires it first). Default 2000. */
  readonly maxUsesPerSynthesizer?: number;
  /** Injected in tests (voice list). */
  readonly fetch?: typeof fetch;
}

export interface AzureEngineStats {
  readonly synthesizersCreated: number;
  readonly connectFailures: number;
  readonly live: number;
}

const REGION = /^[a-z0-9][a-z0-9-]{1,40}$/i;

/** Normalizes and checks the endpoint settings; throws EngineUnavailableError with words a producer can act on. */
export function resolveAzureEndpoint(options: Pick<AzureEngineOptions, 'key' | 'region' | 'host'>): { key?: string; region?: string; host?: URL } {
  const key = options.key?.trim() || undefined;
  const region = options.region?.trim() || undefined;
  const hostText = options.host?.trim() || undefined;
  if (hostText) {
    let host: URL;
    try {
      host = new URL(hostText);
    } catch {
      throw new EngineUnavailableError(`The Azure host "${hostText}" is not a URL; use e.g. http://localhost:5000 for a speech container.`);
    }
    if (host.protocol === 'ws:') host.protocol = 'http:';
    if (host.protocol === 'wss:') host.protocol = 'https:';
    if (host.protocol !== 'http:' && host.protocol !== 'https:') {
      throw new EngineUnavailableError(`The Azure host must start with http:// or https://, got "${hostText}".`);
    }
    return { ...(key ? { key } : {}), ...(region ? { region } : {}), host };
  }
  if (!key) {
    throw new EngineUnavailableError('The Azure engine needs a Speech resource key: pass --azure-key (or set AZURE_SPEECH_KEY) and --azure-region, or use --engine offline.');
  }
  if (!region) {
    throw new EngineUnavailableError(
      'The Azure engine needs the region of the Speech resource (e.g. westeurope): pass --azure-region (or set AZURE_SPEECH_REGION), or --azure-host for a container.',
    );
  }
  if (!REGION.test(region)) throw new EngineUnavailableError(`"${region}" is not an Azure region name (e.g. westeurope, eastus).`);
  return { key, region };
}

export class AzureEngine implements SpeechEngine {
  readonly name = 'azure' as const;
  /** How the SDK's WebSocket was set up on this runtime (see sdk-runtime.ts). */
  readonly runtime: SdkRuntime;
  private readonly key: string | undefined;
  private readonly region: string | undefined;
  private readonly host: URL | undefined;
  private readonly configs = new Map<OutputFormat, sdk.SpeechConfig>();
  private readonly voiceList: VoiceList;
  private readonly live = new Set<AzureSynthesizer>();
  /** Synthesizers still opening their socket: close() aborts them (their sockets are destroyed). */
  private readonly connecting = new Set<AbortController>();
  private created = 0;
  private connectFailures = 0;
  private closed = false;

  constructor(private readonly options: AzureEngineOptions) {
    const endpoint = resolveAzureEndpoint(options);
    this.key = endpoint.key;
    this.region = endpoint.region;
    this.host = endpoint.host;
    this.runtime = ensureSdkUsesNpmWebSocket();
    this.voiceList = new VoiceList({
      ...(this.host ? { host: this.host.href } : { region: this.region! }),
      ...(this.key ? { key: this.key } : {}),
      ...(options.voicesCacheTtlMs !== undefined ? { ttlMs: options.voicesCacheTtlMs } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** Where the engine connects (no key): for logs and the settings page. */
  get endpoint(): string {
    return this.host ? this.host.origin : `${this.region} (Azure)`;
  }

  /** A new synthesizer with its socket open. Rejects with a classified SynthesisError. */
  async createSynthesizer(signal?: AbortSignal): Promise<AzureSynthesizer> {
    if (this.closed) throw new SynthesisError('cancelled', 'The Azure engine is closed');
    // Aborted by the caller (the pool's create timeout or drain) or by close(), whichever comes first.
    const opening = new AbortController();
    const onAbort = (): void => opening.abort(signal?.reason);
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    this.connecting.add(opening);
    let synthesizer: AzureSynthesizer;
    try {
      synthesizer = await AzureSynthesizer.create({
        makeSdkSynthesizer: (format) => new sdk.SpeechSynthesizer(this.configFor(format), null as unknown as sdk.AudioConfig),
        format: this.options.format ?? 'wav',
        ...(this.key ? { key: this.key } : {}),
        callTimeoutMs: this.options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
        ...(this.options.connectTimeoutMs !== undefined ? { connectTimeoutMs: this.options.connectTimeoutMs } : {}),
        ...(this.options.maxUsesPerSynthesizer !== undefined ? { maxUses: this.options.maxUsesPerSynthesizer } : {}),
        onClose: () => this.live.delete(synthesizer),
        signal: opening.signal,
      });
    } catch (error) {
      this.connectFailures++;
      throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.connecting.delete(opening);
    }
    this.created++;
    if (this.closed) {
      await synthesizer.close();
      throw new SynthesisError('cancelled', 'The Azure engine was closed while a synthesizer was connecting');
    }
    this.live.add(synthesizer);
    return synthesizer;
  }

  /** The service's voices (cached). Rejects with a classified SynthesisError (auth, network, throttled…). */
  async listVoices(): Promise<VoiceInfo[]> {
    return (await this.voiceList.list()).map(publicVoiceInfo);
  }

  /**
   * Voices of a course that this resource does not offer, by the service's own list (short names and
   * full names, any case, as the service accepts them). Rejects when the list cannot be had.
   */
  async unsupportedVoices(uses: ReadonlyArray<VoiceUse>): Promise<VoiceProblem[]> {
    return unknownVoices(uses, await this.voiceList.list(), this.endpoint);
  }

  stats(): AzureEngineStats {
    return { synthesizersCreated: this.created, connectFailures: this.connectFailures, live: this.live.size };
  }

  /** Marks the engine closed, destroys sockets still connecting, and closes any synthesizer its pool has not closed (normally none). Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    for (const opening of this.connecting) opening.abort(new SynthesisError('cancelled', 'The Azure engine was closed'));
    await Promise.all([...this.live].map((synthesizer) => synthesizer.close()));
    this.configs.forEach((config) => config.close());
    this.configs.clear();
  }

  private configFor(format: OutputFormat): sdk.SpeechConfig {
    let config = this.configs.get(format);
    if (!config) {
      config = this.host ? sdk.SpeechConfig.fromHost(this.host, this.key) : sdk.SpeechConfig.fromSubscription(this.key!, this.region!);
      config.speechSynthesisOutputFormat = sdkOutputFormat(format, this.options.mp3Bitrate);
      this.configs.set(format, config);
    }
    return config;
  }
}
