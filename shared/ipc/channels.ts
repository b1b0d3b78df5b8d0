// The channel names, with zero imports: the sandboxed preload bundles this file alone, and main
// rejects anything not listed here before looking further.
export const INVOKE_CHANNELS = [
  'app:info',
  'studio:snapshot',
  'course:openPath',
  'course:openDialog',
  'course:openSample',
  'course:import',
  'course:assignVoice',
  'run:estimate',
  'run:start',
  'run:startBatch',
  'run:pause',
  'run:resume',
  'run:cancel',
  'run:retryFailed',
  'run:renderCell',
  'voices:list',
  'audition:render',
  'preview:get',
  'settings:get',
  'settings:update',
  'settings:setKey',
  'shell:showInFolder',
  'masters:view',
  'masters:cleanUnused',
  'edit:apply',
  'edit:undo',
  'edit:redo',
  'edit:save',
  'edit:resolveConflict',
  'edit:state',
  'setup:get',
  'setup:impact',
  'setup:save',
  'setup:useVoice',
  'setup:auditionEntry',
  'tracks:list',
  'tracks:build',
  'export:anki',
  'tracks:audio',
  'deliverables:reveal',
] as const;

export const EVENT_CHANNELS = ['run:changed', 'cells:changed', 'pool:changed', 'course:changed', 'settings:changed', 'edit:changed'] as const;

export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];
export type EventChannel = (typeof EVENT_CHANNELS)[number];
