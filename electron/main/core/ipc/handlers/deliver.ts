import type { StudioService } from '../../studio/studio-service';
import type { InvokeHandlers } from '../dispatcher';
import type { TransportCapabilities } from './transport';

/** tracks:*, export:anki and deliverables:reveal: what a producer ships (the deliverables room). */
export function deliverHandlers(
  service: StudioService,
  transport: TransportCapabilities,
): Pick<InvokeHandlers, 'tracks:list' | 'tracks:build' | 'tracks:audio' | 'export:anki' | 'deliverables:reveal'> {
  const { deliverables } = service;
  return {
    'tracks:list': () => deliverables.list(),
    'tracks:build': () => deliverables.build(),
    'tracks:audio': ({ file }) => deliverables.trackAudio(file),
    'export:anki': () => deliverables.exportAnki(),
    'deliverables:reveal': async ({ file }) => {
      const result = await deliverables.locate(file);
      transport.revealInFolder?.(result.path);
      return result;
    },
  };
}
