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
