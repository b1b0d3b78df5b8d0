import type { StudioService } from '../../studio/studio-service';
import type { InvokeHandlers } from '../dispatcher';
import type { TransportCapabilities } from './transport';

/** settings:* and shell:showInFolder (the settings room; the transport reveals the folder). */
export function settingsHandlers(
  service: StudioService,
  transport: TransportCapabilities,
): Pick<InvokeHandlers, 'settings:get' | 'settings:update' | 'settings:setKey' | 'shell:showInFolder'> {
  const { settings } = service;
  return {
    'settings:get': () => settings.view(),
    'settings:update': (patch) => settings.update(patch),
    'settings:setKey': ({ key }) => settings.setKey(key),
    'shell:showInFolder': async (ref) => {
      const result = await service.previews.showInFolder(ref);
      transport.revealInFolder?.(result.path);
      return result;
    },
  };
}
