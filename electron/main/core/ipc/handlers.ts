import type { StudioService } from '../studio/studio-service';
import { StudioError } from '../studio/studio-error';
import type { InvokeHandlers } from './dispatcher';

/** What only the transport can do (native dialogs, the file manager). */
export interface TransportCapabilities {
  /** Shows a native open dialog and resolves the chosen path, or null when dismissed. Absent: 'unsupported'. */
  readonly chooseCourseFile?: () => Promise<string | null>;
  /** Reveals a file or folder in the system file manager. Absent: the path is only returned. */
  readonly revealInFolder?: (path: string) => void;
}

/** One function per channel, each a thin call into the StudioService (inputs are already validated). */
export function createHandlers(service: StudioService, transport: TransportCapabilities = {}): InvokeHandlers {
  return {
    'app:info': () => service.appInfo(),
    'studio:snapshot': () => service.snapshot(),
    'course:openPath': ({ path }) => service.openPath(path),
    'course:openDialog': async () => {
      if (!transport.chooseCourseFile) throw new StudioError('unsupported', 'There is no file dialog here: drop a course file on the window, or open the sample course.');
      const path = await transport.chooseCourseFile();
      return path ? service.openPath(path) : null;
    },
    'course:openSample': ({ name }) => service.openSample(name),
    'course:import': ({ name, text }) => service.importText(name, text),
    'course:assignVoice': ({ role, voice }) => service.assignVoice(role, voice),
    'run:estimate': () => service.estimate(),
    'run:start': () => service.startRun(),
    'run:pause': () => service.pauseRun(),
    'run:resume': () => service.resumeRun(),
    'run:cancel': () => service.cancelRun(),
    'run:retryFailed': () => service.retryFailed(),
    'run:renderCell': ({ phraseId, variantId }) => service.renderCell(phraseId, variantId),
    'voices:list': ({ locale }) => service.listVoices(locale),
    'audition:render': (input) => service.audition(input),
    'preview:get': ({ phraseId, variantId }) => service.preview(phraseId, variantId),
    'settings:get': () => service.settingsView(),
    'settings:update': (patch) => service.updateSettings(patch),
    'settings:setKey': ({ key }) => service.setKey(key),
    'shell:showInFolder': async (ref) => {
      const result = await service.showInFolder(ref);
      transport.revealInFolder?.(result.path);
      return result;
    },
  };
}
