import type { StudioService } from '../../studio/studio-service';
import type { InvokeHandlers } from '../dispatcher';

/** masters:*: the open course's masters cache (the masters room). */
export function mastersHandlers(service: StudioService): Pick<InvokeHandlers, 'masters:view' | 'masters:cleanUnused'> {
  return {
    'masters:view': () => service.masters.view(),
    'masters:cleanUnused': () => service.cleanUnusedMasters(),
  };
}
