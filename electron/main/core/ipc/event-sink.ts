import { eventContract, type EventPayload } from '../../../../shared/ipc/contract';
import type { EventChannel } from '../../../../shared/ipc/channels';
import type { Logger } from '../studio/logger';

/**
 * Where the studio publishes events (main -> renderer). Electron sends them with webContents.send,
 * the bridge over its WebSocket; tests collect them. The studio never knows which.
 */
export interface EventSink {
  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void;
}

/**
 * Checks every event against the contract before it leaves (dev and tests; a pass-through in
 * production builds), so a payload the renderer cannot parse is caught here, with a log line, instead
 * of as a blank panel.
 */
export function validatingSink(inner: EventSink, log?: Logger, enabled = process.env.NODE_ENV !== 'production'): EventSink {
  if (!enabled) return inner;
  return {
    emit(event, payload) {
      const parsed = eventContract[event].safeParse(payload);
      if (!parsed.success) {
        log?.error(`event ${event} does not match the contract: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
        return;
      }
      inner.emit(event, payload);
    },
  };
}

/** Sends every event to each sink (the window, and the taskbar/notification indicators). */
export function teeSink(...sinks: EventSink[]): EventSink {
  return {
    emit(event, payload) {
      for (const sink of sinks) sink.emit(event, payload);
    },
  };
}

/** Collects events in memory (tests, and a window not yet open). */
export class MemorySink implements EventSink {
  readonly events: Array<{ event: EventChannel; payload: unknown; atMs: number }> = [];
  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
    this.events.push({ event, payload, atMs: performance.now() });
  }
  of<E extends EventChannel>(event: E): Array<EventPayload<E>> {
    return this.events.filter((entry) => entry.event === event).map((entry) => entry.payload as EventPayload<E>);
  }
}
