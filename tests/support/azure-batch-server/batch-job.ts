/**
 * One batch synthesis job as the service keeps it: NotStarted for a while, then Running while its
 * inputs are synthesized, then Succeeded (a results zip: 0001.wav … plus summary.json with each
 * input's status) or Failed (`properties.error`). The JSON shapes follow the 2024-04-01 reference.
 */
import { randomBytes } from 'node:crypto';
import { zipSync } from 'fflate';
import { countChars } from '../azure-server/latency-model';
import type { VoiceCatalog } from '../azure-server/voices';
import { renderInput } from './render-input';

export type JobStatus = 'NotStarted' | 'Running' | 'Succeeded' | 'Failed';

export interface JobPlan {
  readonly id: string;
  readonly description?: string;
  readonly inputKind: 'PlainText' | 'SSML';
  readonly inputs: readonly string[];
  readonly properties: Record<string, unknown>;
  readonly synthesisConfig?: Record<string, unknown>;
  readonly startAfterMs: number;
  readonly runMs: number;
  /** Why the whole job fails, when it is planned to. */
  readonly failure?: string;
  /** Inputs that fail on their own. */
  readonly failInput: (content: string) => boolean;
}

export class BatchJob {
  readonly createdAt = new Date();
  readonly resultSignature = randomBytes(12).toString('hex');
  private status: JobStatus = 'NotStarted';
  private lastAction = new Date();
  private zip: Uint8Array | undefined;
  private stats: Record<string, unknown> = {};
  private error: { code: string; message: string } | undefined;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    readonly plan: JobPlan,
    private readonly voices: VoiceCatalog,
    private readonly seed: number,
    private readonly onSynthesized: (inputs: number) => void,
  ) {
    this.timers.push(setTimeout(() => this.move('Running'), plan.startAfterMs));
    this.timers.push(setTimeout(() => void this.finish(), plan.startAfterMs + plan.runMs));
  }

  get id(): string {
    return this.plan.id;
  }

  get results(): Uint8Array | undefined {
    return this.zip;
  }

  /** The job as GET returns it; `resultUrl` is where its zip can be fetched (a SAS-like URL). */
  toJson(resultUrl: string): Record<string, unknown> {
    const { plan } = this;
    return {
      id: plan.id,
      ...(plan.description ? { description: plan.description } : {}),
      status: this.status,
      createdDateTime: this.createdAt.toISOString(),
      lastActionDateTime: this.lastAction.toISOString(),
      inputKind: plan.inputKind,
      customVoices: {},
      ...(plan.synthesisConfig ? { synthesisConfig: plan.synthesisConfig } : {}),
      properties: {
        timeToLiveInHours: 744,
        outputFormat: 'riff-24khz-16bit-mono-pcm',
        concatenateResult: false,
        decompressOutputFiles: false,
        wordBoundaryEnabled: false,
        sentenceBoundaryEnabled: false,
        ...plan.properties,
        ...this.stats,
        ...(this.error ? { error: this.error } : {}),
      },
      ...(this.status === 'Succeeded' ? { outputs: { result: resultUrl } } : {}),
    };
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }

  private move(status: JobStatus): void {
    this.status = status;
    this.lastAction = new Date();
  }

  private async finish(): Promise<void> {
    const { plan } = this;
    if (plan.failure) {
      this.error = { code: 'InternalServerError', message: plan.failure };
      this.move('Failed');
      return;
    }
    const outputFormat = String(plan.properties.outputFormat ?? 'riff-24khz-16bit-mono-pcm');
    const extension = outputFormat.includes('mp3') ? 'mp3' : 'wav';
    const files: Record<string, Uint8Array> = {};
    const results: unknown[] = [];
    let succeeded = 0;
    let sizeInBytes = 0;
    let durationMs = 0;
    let characters = 0;
    for (const [index, content] of plan.inputs.entries()) {
      const ssml = plan.inputKind === 'SSML' ? content : plainTextSsml(content, plan.synthesisConfig);
      try {
        if (plan.failInput(content)) throw new Error('Synthesis of this input failed on the service side');
        const audio = await renderInput(ssml, outputFormat, this.voices, this.seed);
        const name = `${String(index + 1).padStart(4, '0')}.${extension}`;
        files[name] = audio.bytes;
        const chars = countChars(content.replace(/<[^>]*>/g, ''));
        characters += chars;
        sizeInBytes += audio.bytes.byteLength;
        durationMs += audio.durationMs;
        succeeded++;
        results.push({
          texts: [content],
          status: 'Succeeded',
          billingDetails: { CustomNeural: '0', Neural: String(chars) },
          audioFileName: name,
          properties: { audioSize: audio.bytes.byteLength, durationInMilliseconds: Math.round(audio.durationMs) },
        });
      } catch (error) {
        results.push({ texts: [content], status: 'Failed', error: { code: 'InvalidRequest', message: (error as Error).message } });
      }
    }
    this.onSynthesized(plan.inputs.length);
    const failed = plan.inputs.length - succeeded;
    this.stats = {
      sizeInBytes,
      succeededAudioCount: succeeded,
      failedAudioCount: failed,
      durationInMilliseconds: Math.round(durationMs),
      billingDetails: { neuralCharacters: characters },
    };
    if (succeeded === 0) {
      this.error = { code: 'InvalidRequest', message: 'Every input of this job failed; see summary.json' };
    }
    files['summary.json'] = new TextEncoder().encode(JSON.stringify({ jobID: plan.id, status: succeeded ? 'Succeeded' : 'Failed', results }, null, 2));
    // Already-compressed audio is stored, not deflated again (as the service's zips do).
    this.zip = zipSync(Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, [bytes, { level: name.endsWith('.json') ? 6 : 0 }]])));
    this.move(succeeded ? 'Succeeded' : 'Failed');
  }
}

function plainTextSsml(text: string, config: Record<string, unknown> | undefined): string {
  const voice = String(config?.voice ?? '');
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-US"><voice name="${voice}">${escaped}</voice></speak>`;
}
