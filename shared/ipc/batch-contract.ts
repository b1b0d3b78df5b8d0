import { z } from 'zod';

/** The batch-synthesis part of the Run tab's view (`RunView.batch`), named by contract.ts. */

/**
 * One Azure batch job of the run, as the Run tab lists it. `Submitting`: stored, its create not yet
 * answered; then the service's NotStarted / Running / Succeeded / Failed. Times are epoch ms (null:
 * not yet). `delivered`: its results were unpacked into the output folder.
 */
export const BatchJobViewSchema = z.object({
  id: z.string(),
  status: z.enum(['Submitting', 'NotStarted', 'Running', 'Succeeded', 'Failed']),
  renders: z.number().int(),
  /** 1, or 2 for the one resubmission of a job the service failed. */
  attempt: z.number().int(),
  /** From an earlier run (picked up, not submitted again). */
  resumed: z.boolean(),
  submittedAtMs: z.number().nullable(),
  lastPolledAtMs: z.number().nullable(),
  nextPollAtMs: z.number().nullable(),
  delivered: z.boolean(),
});
export type BatchJobView = z.infer<typeof BatchJobViewSchema>;
