import type { StudioService } from '../../studio/studio-service';
import { StudioError } from '../../studio/studio-error';
import type { InvokeHandlers } from '../dispatcher';
import type { TransportCapabilities } from './transport';

/** course:*: open, import, sample, voice assignment (the course room). */
export function courseHandlers(
  service: StudioService,
  transport: TransportCapabilities,
): Pick<InvokeHandlers, 'course:openPath' | 'course:openDialog' | 'course:openSample' | 'course:import' | 'course:assignVoice'> {
  const { course } = service;
  return {
    'course:openPath': ({ path }) => course.openPath(path),
    'course:openDialog': async () => {
      if (!transport.chooseCourseFile) throw new StudioError('unsupported', 'There is no file dialog here: drop a course file on the window, or open the sample course.');
      const path = await transport.chooseCourseFile();
      return path ? course.openPath(path) : null;
    },
    'course:openSample': ({ name }) => course.openSample(name),
    'course:import': ({ name, text }) => course.importText(name, text),
    'course:assignVoice': ({ role, voice }) => service.assignVoice(role, voice),
  };
}
