import { z } from 'zod';

export const RunProgressSchema = z.object({
  total: z.number().int(),
  /** Rendered in this run. */
  done: z.number().int(),
  /** Already rendered by an earlier run (journal hit): never billed again. */
  cached: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  running: z.number().int(),
  remaining: z.number().int(),
  rendersPerSecond: z.number(),
  etaMs: z.number().nullable(),
  elapsedMs: z.number(),
});
export type RunProgress = z.infer<typeof RunProgressSchema>;

export const RUN_STATES = ['idle', 'running', 'paused', 'holding', 'stopping', 'finished', 'cancelled', 'stopped'] as const;
export const RunStateSchema = z.enum(RUN_STATES);
export type RunState = z.infer<typeof RunStateSchema>;

/** States in which a run's queue still dispatches or drains: a run is "in progress" (one definition for main and page). */
export const LIVE_RUN_STATES = ['running', 'paused', 'holding', 'stopping'] as const satisfies readonly RunState[];
/** States of a run that is over. */
export const TERMINAL_RUN_STATES = ['finished', 'cancelled', 'stopped'] as const satisfies readonly RunState[];
export const isLiveRunState = (state: RunState): boolean => (LIVE_RUN_STATES as readonly RunState[]).includes(state);
export const isTerminalRunState = (state: RunState): boolean => (TERMINAL_RUN_STATES as readonly RunState[]).includes(state);

/** Why dispatch is waiting: the service throttled, an outage, or the client's own rate limit. */
export const HOLD_REASONS = ['throttled', 'outage', 'rate-limit'] as const;
export const HoldReasonSchema = z.enum(HOLD_REASONS);
export type HoldReason = z.infer<typeof HoldReasonSchema>;
