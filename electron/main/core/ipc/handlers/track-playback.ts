import type { StudioService } from '../../studio/studio-service';
import type { InvokeHandlers } from '../dispatcher';
import type { TransportCapabilities } from './transport';

/** tracks:audio and deliverables:reveal: playing a built track, revealing a track or export (the transport opens the file manager). */
export function trackPlaybackHandlers(service: StudioService, transport: TransportCapabilities): Pick<InvokeHandlers, 'tracks:audio' | 'deliverables:reveal'> {
  const { trackPlayback } = service;
  return {
    'tracks:audio': ({ file }) => trackPlayback.audio(file),
    'deliverables:reveal': async ({ file }) => {
      const result = await trackPlayback.locate(file);
      transport.revealInFolder?.(result.path);
      return result;
    },
  };
}
