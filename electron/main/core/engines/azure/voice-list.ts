/**
 * The service's voice list: `GET <base>/cognitiveservices/voices/list` with the key header
 * (docs/design/azure-tts-protocol.md section 1.9), for audition and for checking a course's voices before a run.
 *
 * Fetched ourselves rather than through `SpeechSynthesizer.getVoicesAsync()`: the SDK's version
 * needs a synthesizer, rejects or resolves inconsistently by status (400-404 resolve as Canceled,
 * 429/5xx reject) and hides Retry-After. `base` is the host (speech containers, local servers) or
 * `https://<region>.tts.speech.microsoft.com`, the same path real Azure serves.
 *
 * Cached for `ttlMs` (default 1 h); concurrent callers share one request; after a failure a stale
 * list is served if there is one. A 429 is honoured: a short Retry-After (≤ 5 s) is waited out once,
 * a longer one fails fast with `retryAfterMs` and no request is sent before it has passed.
 */
import type { VoiceInfo } from '../../../../../shared/ipc/contract';
import { SynthesisError } from '../synthesis-error';
import { cleanDetails } from './classify-error';
import { redactSecrets } from './redact';

export interface VoiceListOptions {
  /** `http(s)://host[:port]`; `ws(s)://` is accepted and mapped to `http(s)://`. */
  readonly host?: string;
  readonly region?: string;
  readonly key?: string;
  /** Default 3_600_000 (1 h). */
  readonly ttlMs?: number;
  /** Per request. Default 15_000. */
  readonly timeoutMs?: number;
  /** Injected in tests. */
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

/** A Retry-After at most this long is waited out once inside `list()`. */
const MAX_INLINE_RETRY_AFTER_MS = 5_000;

export function voiceListUrl(options: { host?: string; region?: string }): string {
  if (options.host) {
    const base = new URL(options.host);
    if (base.protocol === 'ws:') base.protocol = 'http:';
    if (base.protocol === 'wss:') base.protocol = 'https:';
    return `${base.origin}${base.pathname.replace(/\/+$/, '')}/cognitiveservices/voices/list`;
  }
  if (options.region) return `https://${encodeURIComponent(options.region.trim().toLowerCase())}.tts.speech.microsoft.com/cognitiveservices/voices/list`;
  throw new Error('voiceListUrl needs a host or a region');
}

/** One entry of the service's JSON, as far as we read it. */
interface ServiceVoice {
  ShortName?: unknown;
  Name?: unknown;
  DisplayName?: unknown;
  LocalName?: unknown;
  Locale?: unknown;
  LocaleName?: unknown;
  Gender?: unknown;
  StyleList?: unknown;
}

export interface ListedVoice extends VoiceInfo {
  /** The long form, e.g. "Microsoft Server Speech Text to Speech Voice (en-US, JennyNeural)". */
  readonly fullName?: string;
}

/** What the studio's page may see of a listed voice (no full name). */
export function publicVoiceInfo({ shortName, displayName, locale, localeName, gender, styles }: ListedVoice): VoiceInfo {
  return { shortName, displayName, locale, localeName, gender, ...(styles ? { styles } : {}) };
}

export function toVoiceInfo(entry: ServiceVoice): ListedVoice | undefined {
  if (typeof entry.ShortName !== 'string' || typeof entry.Locale !== 'string') return undefined;
  const gender = entry.Gender === 'Male' || entry.Gender === 'Female' ? entry.Gender : 'Neutral';
  const displayName = typeof entry.DisplayName === 'string' ? entry.DisplayName : typeof entry.LocalName === 'string' ? entry.LocalName : entry.ShortName;
  return {
    shortName: entry.ShortName,
    displayName,
    locale: entry.Locale,
    localeName: typeof entry.LocaleName === 'string' ? entry.LocaleName : entry.Locale,
    gender,
    ...(typeof entry.Name === 'string' ? { fullName: entry.Name } : {}),
    ...(Array.isArray(entry.StyleList) ? { styles: entry.StyleList.filter((style): style is string => typeof style === 'string') } : {}),
  };
}

/** Seconds or an HTTP date (RFC 9110 section 10.2.3) → ms, or undefined. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class VoiceList {
  private readonly url: string;
  private readonly ttlMs: number;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private cache: { voices: ListedVoice[]; at: number } | undefined;
  private inflight: Promise<ListedVoice[]> | undefined;
  private notBefore = 0;

  constructor(private readonly options: VoiceListOptions) {
    this.url = voiceListUrl(options);
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.fetchImpl = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  /** The voices, from the cache while fresh. Rejects with a classified SynthesisError. */
  list(): Promise<ListedVoice[]> {
    if (this.cache && this.now() - this.cache.at < this.ttlMs) return Promise.resolve(this.cache.voices);
    this.inflight ??= this.refresh().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  /** Forgets the cached list (e.g. after the key changed). */
  invalidate(): void {
    this.cache = undefined;
  }

  private async refresh(): Promise<ListedVoice[]> {
    try {
      const voices = await this.fetchOnce(true);
      this.cache = { voices, at: this.now() };
      return voices;
    } catch (error) {
      // A stale list is better than none for audition and validation; credentials errors still surface.
      if (this.cache && !(error instanceof SynthesisError && (error.kind === 'auth' || error.kind === 'quota'))) return this.cache.voices;
      throw error;
    }
  }

  private async fetchOnce(mayWait: boolean): Promise<ListedVoice[]> {
    const wait = this.notBefore - this.now();
    if (wait > 0) {
      throw new SynthesisError('throttled', `The voice list is rate limited; try again in ${Math.ceil(wait / 1000)} s`, undefined, wait);
    }
    const key = this.options.key;
    let response: Response;
    try {
      response = await this.fetchImpl(this.url, {
        headers: { ...(key ? { 'Ocp-Apim-Subscription-Key': key } : {}), Accept: 'application/json' },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      const detail = cleanDetails(cause ?? error, key);
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new SynthesisError(
        timedOut ? 'timeout' : 'network',
        timedOut ? `The voice list did not answer within ${this.timeoutMs / 1000} s` : `Cannot reach Azure Speech for the voice list (${detail})`,
        detail,
      );
    }
    if (response.ok) {
      let body: unknown;
      try {
        body = await response.json();
      } catch (error) {
        throw new SynthesisError('server', 'The voice list is not valid JSON', cleanDetails(error, key));
      }
      if (!Array.isArray(body)) throw new SynthesisError('server', 'The voice list is not a JSON array');
      return body.flatMap((entry) => (entry && typeof entry === 'object' ? (toVoiceInfo(entry as ServiceVoice) ?? []) : []));
    }
    const text = redactSecrets(await response.text().catch(() => ''), key).slice(0, 500);
    const detail = `HTTP ${response.status}${text ? `: ${text.replace(/\s+/g, ' ')}` : ''}`;
    switch (response.status) {
      case 401:
        throw new SynthesisError('auth', 'Azure Speech refused the key when listing voices (HTTP 401): check the key, and that it belongs to this region or host.', detail);
      case 403:
        throw new SynthesisError(
          /quota/i.test(text) ? 'quota' : 'auth',
          'Azure Speech denied access to the voice list (HTTP 403): the key may be disabled, belong to another resource or region, or be out of quota.',
          detail,
        );
      case 429: {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), Date.now()) ?? 1_000;
        this.notBefore = this.now() + retryAfterMs;
        if (mayWait && retryAfterMs <= MAX_INLINE_RETRY_AFTER_MS) {
          await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
          this.notBefore = 0;
          return this.fetchOnce(false);
        }
        throw new SynthesisError('throttled', `The voice list is rate limited (HTTP 429); try again in ${Math.ceil(retryAfterMs / 1000)} s`, detail, retryAfterMs);
      }
      case 404:
        throw new SynthesisError('bad-request', `This host does not serve a voice list (HTTP 404 at ${new URL(this.url).pathname})`, detail);
      default:
        throw new SynthesisError(response.status >= 500 ? 'server' : 'bad-request', `The voice list request failed (HTTP ${response.status})`, detail);
    }
  }
}
