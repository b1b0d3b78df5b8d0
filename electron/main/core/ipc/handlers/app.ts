import type { StudioService } from '../../studio/studio-service';
import type { InvokeHandlers } from '../dispatcher';

/** app:info and studio:snapshot: what the page loads first. */
export function appHandlers(service: StudioService): Pick<InvokeHandlers, 'app:info' | 'studio:snapshot'> {
  return {
    'app:info': () => service.appInfo(),
    'studio:snapshot': () => service.snapshot(),
  };
}
