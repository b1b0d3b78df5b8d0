/**
 * A SpeechEngine over the simulated service (service-model.ts): one synthesizer = one socket, opened
 * by createSynthesizer() like the Azure engine does ahead of use, unusable once the service closed it.
 * The product's EnginePool runs on top of it unchanged.
 */
import { SynthesisError } from '../../../electron/main/core/engines/synthesis-error';
import type { SpeechEngine, SynthesisRequest, SynthesizedAudio, Synthesizer } from '../../../electron/main/core/engines/speech-engine';
import type { ServiceModel, SimSocket } from './service-model';

class SimSynthesizer implements Synthesizer {
  calls = 0;

  constructor(
    private readonly service: ServiceModel,
    private readonly socket: SimSocket,
  ) {}

  async synthesize(request: SynthesisRequest, signal?: AbortSignal): Promise<SynthesizedAudio> {
    this.calls++;
    if (!this.socket.open) throw new SynthesisError('network', 'Websocket not ready', 'websocket send error: Websocket not ready');
    const trip = (): Promise<void> => delay(this.service.oneWayDelay());
    const call = (async (): Promise<SynthesizedAudio> => {
      await trip();
      try {
        await this.service.turn(this.socket, request.text, request.rate);
      } finally {
        await trip();
      }
      return { bytes: new Uint8Array(0), format: request.format, sampleRate: 24_000, durationMs: 0 };
    })();
    if (!signal) return call;
    return new Promise((resolve, reject) => {
      const onAbort = (): void => reject(new SynthesisError('cancelled', 'Cancelled'));
      if (signal.aborted) onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      call.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  isUsable(): boolean {
    return this.socket.open;
  }

  async close(): Promise<void> {
    this.service.disconnect(this.socket);
  }
}

export class SimEngine implements SpeechEngine {
  readonly name = 'azure' as const;

  constructor(private readonly service: ServiceModel) {}

  async createSynthesizer(): Promise<Synthesizer> {
    return new SimSynthesizer(this.service, await this.service.connect());
  }

  async close(): Promise<void> {}
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
