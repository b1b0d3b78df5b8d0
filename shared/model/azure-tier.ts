import { z } from 'zod';
import { SETTINGS_LIMITS } from './settings-limits';

/**
 * The Azure Speech resource's quota, when the producer knows it: the F0 or S0 pricing tier, or a custom
 * number of requests per second (a raised S0 quota, a container's limit). Runs then keep under it on
 * the client side instead of learning it from throttles. Absent or null: unknown (learned).
 */
export const AzureTierSettingSchema = z.union([
  z.enum(['f0', 's0']),
  z.object({ requestsPerSecond: z.number().positive().max(SETTINGS_LIMITS.azureRequestsPerSecond.max) }).strict(),
]);
export type AzureTierSettingValue = z.infer<typeof AzureTierSettingSchema>;
