// The channel names, with zero imports: the sandboxed preload bundles this file alone.
export const INVOKE_CHANNELS = ['app:info'] as const;
export const EVENT_CHANNELS = [] as const;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];
export type EventChannel = (typeof EVENT_CHANNELS)[number];
