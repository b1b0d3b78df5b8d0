import type { StudioService } from '../../studio/studio-service';
import type { InvokeHandlers } from '../dispatcher';

/** voices:list, audition:render, preview:get: everything the producer listens to. */
export function listenHandlers(service: StudioService): Pick<InvokeHandlers, 'voices:list' | 'audition:render' | 'preview:get'> {
  return {
    'voices:list': ({ locale }) => service.voices.list(locale),
    'audition:render': (input) => service.audition(input),
    'preview:get': ({ phraseId, variantId }) => service.previews.preview(phraseId, variantId),
  };
}
