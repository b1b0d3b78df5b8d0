import type { StudioService } from '../../studio/studio-service';
import type { InvokeHandlers } from '../dispatcher';

/** setup:*: the course's setup and pronunciation table (the setup room). */
export function setupHandlers(service: StudioService): Pick<InvokeHandlers, 'setup:get' | 'setup:impact' | 'setup:save' | 'setup:useVoice' | 'setup:auditionEntry'> {
  const { setup } = service;
  return {
    'setup:get': () => setup.view(),
    'setup:impact': (change) => setup.impact(change),
    'setup:save': (change) => setup.save(change),
    'setup:useVoice': (request) => setup.useVoice(request),
    'setup:auditionEntry': (entry) => service.assertingOpen(() => setup.auditionEntry(entry)),
  };
}
