import type { BatchJobView, VoiceInfo } from '../../../../../shared/ipc/contract';
import type { SpeechEngine, SynthesisRequest, SynthesizedAudio, Synthesizer, VoiceProblem, VoiceUse } from '../speech-engine';
import { EngineUnavailableError } from '../engine-unavailable-error';
import { unknownVoices } from '../azure/unknown-voices';
import { publicVoiceInfo, VoiceList } from '../azure/voice-list';
import { BatchCoordinator, type BatchStats } from './batch-coordinator';
import { BatchRestClient, type BatchRestStats } from './batch-rest-client';
import { BatchJobStore } from './job-store';
import type { BatchLimits } from './split-jobs';

/**
 * Azure's batch synthesis as a `SpeechEngine`, so a run uses it through the same pool, queue,
 * masters, journal and manifest as an interactive Azure run. Its name is 'azure': the audio is the
 * same service's, so the render keys, manifest and journal are exactly those of an interactive run.
 * Its "synthesizers" hold no socket: each hands its request to the coordinator, which gathers the
 * run's requests into batch jobs. The pool around it therefore needs as many slots as there are
 * renders in flight and a call timeout as long as a batch job may take (`BATCH_POOL_OPTIONS`).
 * The course's voices and styles are checked against the resource's voice list before anything is
 * submitted, as for an interactive run (`{host}/cognitiveservices/voices/list`, or the region's
 * `https://{region}.tts.speech.microsoft.com/cognitiveservices/voices/list`).
 */
export interface AzureBatchEngineOptions {
  readonly key?: string;
  /** The Speech resource's region (https://{region}.api.cognitive.microsoft.com) … */
  readonly region?: string;
  /** … or its endpoint as a URL (a custom domain, or the local batch server). */
  readonly host?: string;
  /** The output folder: its state dir keeps the jobs (batch-jobs.json) for the next run. */
  readonly outDir: string;
  readonly limits?: BatchLimits;
  readonly gatherMs?: number;
  readonly pollFirstMs?: number;
  readonly pollMaxMs?: number;
  /** Keep retrying an unreachable or failing service this long (default 600 s). */
  readonly giveUpAfterMs?: number;
  readonly log?: (line: string) => void;
}

/** Longest timer Node keeps (about 24.8 days): a render waits for its batch job as long as it takes. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Pool settings for this engine: a slot per render in flight, no per-call deadline of the interactive kind. */
export const BATCH_POOL_OPTIONS = { maxConnections: 1_000_000, callTimeoutMs: LONGEST_TIMER_MS } as const;

export class AzureBatchEngine implements SpeechEngine {
  readonly name = 'azure' as const;
  readonly endpoint: string;
  private readonly client: BatchRestClient;
  private readonly coordinator: BatchCoordinator;
  private readonly voiceList: VoiceList;

  constructor(options: AzureBatchEngineOptions) {
    this.endpoint = batchEndpoint(options);
    this.voiceList = new VoiceList({ ...(options.host ? { host: this.endpoint } : { region: options.region! }), ...(options.key ? { key: options.key } : {}) });
    this.client = new BatchRestClient({
      endpoint: this.endpoint,
      ...(options.key ? { key: options.key } : {}),
      ...(options.giveUpAfterMs !== undefined ? { giveUpAfterMs: options.giveUpAfterMs } : {}),
    });
    this.coordinator = new BatchCoordinator({
      client: this.client,
      openStore: () => BatchJobStore.open(options.outDir, options.log),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.gatherMs !== undefined ? { gatherMs: options.gatherMs } : {}),
      ...(options.pollFirstMs !== undefined ? { pollFirstMs: options.pollFirstMs } : {}),
      ...(options.pollMaxMs !== undefined ? { pollMaxMs: options.pollMaxMs } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
  }

  async createSynthesizer(): Promise<Synthesizer> {
    const coordinator = this.coordinator;
    return {
      synthesize: (request: SynthesisRequest, signal?: AbortSignal): Promise<SynthesizedAudio> => coordinator.synthesize(request, signal),
      isUsable: () => true,
      close: async () => undefined,
    };
  }

  /** The resource's voices (cached). Rejects with a classified SynthesisError (auth, network, throttled…). */
  async listVoices(): Promise<VoiceInfo[]> {
    return (await this.voiceList.list()).map(publicVoiceInfo);
  }

  /** Voices of a course this resource does not offer: checked before any job is submitted. */
  async unsupportedVoices(uses: ReadonlyArray<VoiceUse>): Promise<VoiceProblem[]> {
    return unknownVoices(uses, await this.voiceList.list(), this.endpoint);
  }

  /** The run's batch jobs as the studio lists them (see job-board.ts). */
  jobs(): BatchJobView[] {
    return this.coordinator.board.list();
  }

  /** Calls `listener` whenever a job changes (submitted, polled, delivered). Returns the unsubscribe. */
  onJobsChanged(listener: () => void): () => void {
    return this.coordinator.board.onChange(listener);
  }

  /** What the batch path did: jobs, resubmissions, failures, HTTP requests and 429s. */
  stats(): BatchStats & BatchRestStats {
    return { ...this.coordinator.stats, ...this.client.stats };
  }

  async close(): Promise<void> {
    await this.coordinator.close();
  }
}

/** One line for the end of a run: "Azure batch: 3 jobs submitted, 1 resumed, …, 41 requests (2 answered 429)". */
export function describeBatchStats(stats: BatchStats & BatchRestStats): string {
  const parts = [`${stats.jobsSubmitted} job${stats.jobsSubmitted === 1 ? '' : 's'} submitted`];
  if (stats.jobsResumed) parts.push(`${stats.jobsResumed} resumed from an earlier run`);
  if (stats.jobsResubmitted) parts.push(`${stats.jobsResubmitted} resubmitted after the service failed them`);
  if (stats.jobsFailed) parts.push(`${stats.jobsFailed} failed twice`);
  if (stats.inputsFailed) parts.push(`${stats.inputsFailed} renders failed by the service`);
  parts.push(`${stats.requests} HTTP requests${stats.throttled ? ` (${stats.throttled} answered 429)` : ''}`);
  return `Azure batch: ${parts.join(', ')}.`;
}

/** The REST endpoint of a Speech resource, from its host or region; says what to change when neither works. */
export function batchEndpoint(options: { readonly key?: string; readonly region?: string; readonly host?: string }): string {
  if (options.host) {
    let url: URL;
    try {
      url = new URL(options.host);
    } catch {
      throw new EngineUnavailableError(`The Azure host "${options.host}" is not a URL; give it as https://<resource>.cognitiveservices.azure.com or http://127.0.0.1:<port>`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EngineUnavailableError(`The Azure batch endpoint must be http(s), not ${url.protocol}`);
    return url.origin + url.pathname.replace(/\/+$/, '');
  }
  if (!options.key) throw new EngineUnavailableError('Azure batch synthesis needs a key: set AZURE_SPEECH_KEY (or --azure-key), with --azure-region or --azure-host');
  if (!options.region || !/^[a-z0-9-]+$/i.test(options.region))
    throw new EngineUnavailableError("Azure batch synthesis needs the resource's region (--azure-region, e.g. westeurope) or its endpoint (--azure-host)");
  return `https://${options.region.toLowerCase()}.api.cognitive.microsoft.com`;
}
