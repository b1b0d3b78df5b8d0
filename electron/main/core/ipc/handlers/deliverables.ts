import type { StudioService } from '../../studio/studio-service';
import type { InvokeHandlers } from '../dispatcher';

/** tracks:list, tracks:build, export:anki: the deliverables room (lesson tracks and the Anki export). */
export function deliverablesHandlers(service: StudioService): Pick<InvokeHandlers, 'tracks:list' | 'tracks:build' | 'export:anki'> {
  const { deliverables } = service;
  return {
    'tracks:list': () => deliverables.listTracks(),
    'tracks:build': () => deliverables.buildTracks(),
    'export:anki': () => deliverables.exportAnki(),
  };
}
