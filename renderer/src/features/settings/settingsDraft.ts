import type { SettingsPatch, SettingsView } from '../../../../shared/ipc/contract';
import { BATCH_SUGGESTED_FROM, SETTINGS_LIMITS } from '../../../../shared/model/settings-limits';

/** The Azure tier as the form edits it: a choice, and the custom rate kept while another is chosen. */
export type TierChoice = 'unknown' | 'f0' | 's0' | 'custom';

/** The Settings form's working copy: flat fields for the inputs, the tier split into choice and rate. */
export type Draft = Omit<SettingsView, 'azure' | 'azureTier' | 'batchThresholdRenders'> & {
  region: string;
  host: string;
  tier: TierChoice;
  tierRps: number;
  /** Renders left from which "Send to Azure batch" is offered (the default shown when none is stored). */
  batchThresholdRenders: number;
};

type TierValue = SettingsView['azureTier'];

export function toDraft(s: SettingsView): Draft {
  const { azure, azureTier, batchThresholdRenders, ...rest } = s;
  const tier: TierChoice = azureTier == null ? 'unknown' : typeof azureTier === 'string' ? azureTier : 'custom';
  const tierRps = azureTier != null && typeof azureTier === 'object' ? azureTier.requestsPerSecond : 20;
  return { ...rest, region: azure.region, host: azure.host, tier, tierRps, batchThresholdRenders: batchThresholdRenders ?? BATCH_SUGGESTED_FROM };
}

/** The tier the draft stands for, in the settings' own shape (null: unknown, learned from the service). */
export function draftTier(draft: Pick<Draft, 'tier' | 'tierRps'>): TierValue {
  if (draft.tier === 'unknown') return null;
  if (draft.tier === 'custom') return { requestsPerSecond: draft.tierRps };
  return draft.tier;
}

const sameTier = (a: TierValue, b: TierValue): boolean =>
  (a ?? null) === (b ?? null) || (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && a.requestsPerSecond === b.requestsPerSecond);

/** Only what changed is sent, so a save never overwrites a setting changed elsewhere meanwhile. */
export function diff(saved: SettingsView, draft: Draft): SettingsPatch {
  const patch: SettingsPatch = {};
  if (draft.engine !== saved.engine) patch.engine = draft.engine;
  if (draft.format !== saved.format) patch.format = draft.format;
  if ((draft.sampleRate ?? null) !== (saved.sampleRate ?? null)) patch.sampleRate = draft.sampleRate ?? null;
  if (draft.outputDir !== saved.outputDir) patch.outputDir = draft.outputDir;
  if (draft.maxConnections !== saved.maxConnections) patch.maxConnections = draft.maxConnections;
  if (draft.pricePerMillionChars !== saved.pricePerMillionChars) patch.pricePerMillionChars = draft.pricePerMillionChars;
  if (draft.batchThresholdRenders !== (saved.batchThresholdRenders ?? BATCH_SUGGESTED_FROM)) patch.batchThresholdRenders = draft.batchThresholdRenders;
  const tier = draftTier(draft);
  if (!sameTier(tier, saved.azureTier)) patch.azureTier = tier;
  const azure: NonNullable<SettingsPatch['azure']> = {};
  if (draft.region !== saved.azure.region) azure.region = draft.region;
  if (draft.host !== saved.azure.host) azure.host = draft.host;
  if (Object.keys(azure).length > 0) patch.azure = azure;
  return patch;
}

const L = SETTINGS_LIMITS;

/**
 * What is wrong with the draft, in one sentence naming the field and the allowed values; null when
 * it can be saved. The limits are the stored settings' own (settings-limits.ts), so the form never
 * accepts what main would refuse.
 */
export function draftProblem(draft: Draft): string | null {
  const { min, max } = L.maxConnections;
  if (!Number.isInteger(draft.maxConnections) || draft.maxConnections < min || draft.maxConnections > max) return `Max connections: a whole number from ${min} to ${max}.`;
  const price = L.pricePerMillionChars;
  if (!(draft.pricePerMillionChars >= price.min && draft.pricePerMillionChars <= price.max)) return `Price per million characters: from ${price.min} to ${price.max} US$.`;
  if (!draft.outputDir.trim()) return 'Output folder: enter a folder.';
  if (draft.outputDir.length > L.outputDir.maxLength) return `Output folder: at most ${L.outputDir.maxLength} characters.`;
  if (draft.region.length > L.azureRegion.maxLength) return `Region: at most ${L.azureRegion.maxLength} characters.`;
  if (draft.host.length > L.azureHost.maxLength) return `Host: at most ${L.azureHost.maxLength} characters.`;
  const rps = L.azureRequestsPerSecond;
  if (draft.tier === 'custom' && !(draft.tierRps > 0 && draft.tierRps <= rps.max)) return `Requests per second: more than 0, at most ${rps.max}.`;
  const batch = L.batchThresholdRenders;
  if (!Number.isInteger(draft.batchThresholdRenders) || draft.batchThresholdRenders < batch.min || draft.batchThresholdRenders > batch.max)
    return `Offer Azure batch from: a whole number of renders from ${batch.min} to ${batch.max}.`;
  return null;
}
