import { ServiceUnreachableError } from '../service-unreachable-error';
import { SynthesisError } from '../synthesis-error';

/**
 * The batch synthesis REST API (Speech resource, api-version 2024-04-01): create (PUT with our own
 * id, so a create lost in a crash is found again by GET instead of being submitted twice), get,
 * list, delete, and the results download. Waits out 429 with its Retry-After and retries 5xx and
 * network failures with capped backoff; a call that keeps failing for `giveUpAfterMs` (refused,
 * DNS, no answer in time, 5xx) rejects with a ServiceUnreachableError naming the host: the run then
 * stops with stopReason 'unreachable'. An API call never waits past the give-up time for one answer. 401/403 are `auth`, other 4xx `bad-request` with the service's
 * own words. The key goes in the Ocp-Apim-Subscription-Key header of API calls only: never to the
 * results URL (a storage SAS URL on another host) and never into a message.
 */
export const BATCH_API_VERSION = '2024-04-01';
const API_PATH = '/texttospeech/batchsyntheses';

export type BatchJobStatus = 'NotStarted' | 'Running' | 'Succeeded' | 'Failed';

export interface RemoteBatchJob {
  readonly id: string;
  readonly status: BatchJobStatus;
  readonly outputs?: { readonly result?: string };
  readonly properties?: { readonly error?: { readonly code?: string; readonly message?: string } } & Record<string, unknown>;
}

export interface BatchCreateBody {
  readonly description?: string;
  readonly inputKind: 'SSML' | 'PlainText';
  readonly inputs: ReadonlyArray<{ readonly content: string }>;
  readonly properties: { readonly outputFormat: string; readonly concatenateResult: false; readonly timeToLiveInHours?: number } & Record<string, unknown>;
}

export interface BatchRestClientOptions {
  /** The Speech resource endpoint, e.g. https://westeurope.api.cognitive.microsoft.com (or a local server). */
  readonly endpoint: string;
  readonly key?: string;
  /** Keep retrying a failing call this long before giving up. Default 600 s. */
  readonly giveUpAfterMs?: number;
  /** One HTTP exchange at most this long. Default 60 s (downloads: 10 min). */
  readonly requestTimeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface BatchRestStats {
  /** HTTP requests made (API calls and downloads, retries included). */
  requests: number;
  /** Answers that were 429. */
  throttled: number;
}

export class BatchRestClient {
  readonly stats: BatchRestStats = { requests: 0, throttled: 0 };
  private readonly base: string;
  private readonly giveUpAfterMs: number;
  private readonly requestTimeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: BatchRestClientOptions) {
    this.base = options.endpoint.replace(/\/+$/, '');
    this.giveUpAfterMs = options.giveUpAfterMs ?? 600_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  get endpoint(): string {
    return this.base;
  }

  async create(id: string, body: BatchCreateBody): Promise<RemoteBatchJob> {
    const response = await this.call('PUT', this.jobUrl(id), JSON.stringify(body));
    return (await response.json()) as RemoteBatchJob;
  }

  /** The job, or undefined when the service does not know it (never created, deleted or expired). */
  async get(id: string): Promise<RemoteBatchJob | undefined> {
    const response = await this.call('GET', this.jobUrl(id), undefined, { allow404: true });
    return response.status === 404 ? undefined : ((await response.json()) as RemoteBatchJob);
  }

  /** Every job of the resource, following @nextLink. */
  async list(): Promise<RemoteBatchJob[]> {
    const jobs: RemoteBatchJob[] = [];
    let url: string | undefined = `${this.base}${API_PATH}?maxpagesize=100&api-version=${BATCH_API_VERSION}`;
    while (url) {
      const page = (await (await this.call('GET', url)).json()) as { value?: RemoteBatchJob[]; '@nextLink'?: string };
      jobs.push(...(page.value ?? []));
      url = page['@nextLink'];
    }
    return jobs;
  }

  /** Deletes a job; one the service no longer knows counts as deleted. */
  async delete(id: string): Promise<void> {
    await this.call('DELETE', this.jobUrl(id), undefined, { allow404: true });
  }

  /** Downloads the whole results zip (small archives, tests). */
  async download(url: string): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of await this.openDownload(url)) chunks.push(chunk);
    return new Uint8Array(Buffer.concat(chunks));
  }

  /**
   * The results zip as a stream of chunks, to unpack as it arrives (never held whole). The key is sent
   * only when the URL is on the API's own origin.
   */
  async openDownload(url: string): Promise<AsyncIterable<Uint8Array>> {
    const sameOrigin = new URL(url).origin === new URL(this.base).origin;
    const response = await this.call('GET', url, undefined, { withKey: sameOrigin, timeoutMs: Math.max(this.requestTimeoutMs, 600_000) });
    if (!response.body) throw new SynthesisError('server', `The batch results download from ${new URL(url).host} has no body`);
    return response.body as AsyncIterable<Uint8Array>;
  }

  /** One line naming the host: since when, for how long, the last failure, and what to do. */
  private unreachable(started: number, elapsedMs: number, last: string): ServiceUnreachableError {
    const since = new Date(started).toTimeString().slice(0, 5);
    return new ServiceUnreachableError(
      `Cannot reach Azure batch synthesis at ${new URL(this.base).host} since ${since} (${Math.round(elapsedMs / 1000)} s of failed requests; last: ${last}). ` +
        'The run stopped; unfinished renders are pending and submitted jobs stay stored: check the network or host, then run again to resume.',
      last,
    );
  }

  private jobUrl(id: string): string {
    return `${this.base}${API_PATH}/${encodeURIComponent(id)}?api-version=${BATCH_API_VERSION}`;
  }

  private async call(method: string, url: string, body?: string, options: { allow404?: boolean; withKey?: boolean; timeoutMs?: number } = {}): Promise<Response> {
    const started = Date.now();
    const where = `${method} ${redactUrl(url)}`;
    for (let attempt = 1; ; attempt++) {
      let response: Response | undefined;
      let failure: string;
      let waitMs: number | undefined;
      try {
        this.stats.requests++;
        response = await fetch(url, {
          method,
          headers: {
            ...(options.withKey !== false && this.options.key ? { 'Ocp-Apim-Subscription-Key': this.options.key } : {}),
            ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body } : {}),
          // A host that accepts and never answers must not hold a call past the give-up time.
          signal: AbortSignal.timeout(options.timeoutMs ?? Math.min(this.requestTimeoutMs, Math.max(1_000, this.giveUpAfterMs - (Date.now() - started)))),
        });
      } catch (error) {
        response = undefined;
        failure = `${(error as Error).name === 'TimeoutError' ? 'no answer in time' : describeFetchError(error)}`;
      }
      if (response) {
        if (response.ok || (response.status === 404 && options.allow404)) return response;
        const said = await serviceWords(response);
        if (response.status === 401 || response.status === 403) {
          throw new SynthesisError('auth', `Azure batch synthesis refused the key (HTTP ${response.status}) at ${this.base}; check the key and region`, said);
        }
        if (response.status === 429) {
          this.stats.throttled++;
          waitMs = retryAfterMs(response.headers.get('retry-after'));
          failure = `HTTP 429 ${said}`;
        } else if (response.status >= 500 || response.status === 408) {
          failure = `HTTP ${response.status} ${said}`;
        } else {
          throw new SynthesisError('bad-request', `Azure batch synthesis rejected ${where} (HTTP ${response.status}): ${said}`, said);
        }
      }
      const elapsed = Date.now() - started;
      if (elapsed >= this.giveUpAfterMs) throw this.unreachable(started, elapsed, `${where}: ${failure!}`);
      // Retry-After when the service gave one; otherwise capped exponential backoff with jitter.
      const backoff = Math.min(30_000, 500 * 2 ** Math.min(attempt - 1, 6)) * (0.5 + Math.random() / 2);
      await this.sleep(Math.min(waitMs ?? backoff, Math.max(0, this.giveUpAfterMs - elapsed) + 1));
    }
  }
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 section 10.2.3); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

async function serviceWords(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string }; code?: string; message?: string };
    const error = parsed.error ?? parsed;
    if (error.message) return error.code ? `${error.code}: ${error.message}` : error.message;
  } catch {
    // not JSON: use the text as is
  }
  return text.slice(0, 300) || response.statusText;
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** A results URL carries a SAS signature in its query: never print it. */
function redactUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
