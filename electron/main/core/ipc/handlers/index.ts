import type { StudioService } from '../../studio/studio-service';
import type { InvokeHandlers } from '../dispatcher';
import { appHandlers } from './app';
import { courseHandlers } from './course';
import { editHandlers } from './edit';
import { deliverablesHandlers } from './deliverables';
import { listenHandlers } from './listen';
import { mastersHandlers } from './masters';
import { runHandlers } from './run';
import { settingsHandlers } from './settings';
import { setupHandlers } from './setup';
import { trackPlaybackHandlers } from './track-playback';
import type { TransportCapabilities } from './transport';

export type { TransportCapabilities } from './transport';

/**
 * One function per channel, each a thin call into a room of the StudioService (inputs are already
 * validated by the dispatcher), grouped by domain: one file each. The type makes a missing channel a
 * compile error.
 */
export function createHandlers(service: StudioService, transport: TransportCapabilities = {}): InvokeHandlers {
  return {
    ...appHandlers(service),
    ...courseHandlers(service, transport),
    ...editHandlers(service),
    ...runHandlers(service),
    ...listenHandlers(service),
    ...settingsHandlers(service, transport),
    ...mastersHandlers(service),
    ...setupHandlers(service),
    ...deliverablesHandlers(service),
    ...trackPlaybackHandlers(service, transport),
  };
}
