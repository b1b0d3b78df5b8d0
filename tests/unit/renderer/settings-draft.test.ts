import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../shared/ipc/contract';
import { IPC_ERROR_FALLBACK } from '../../../shared/ipc/error-codes';
import { SETTINGS_LIMITS } from '../../../shared/model/settings-limits';
import { describeError } from '../../../renderer/src/lib/api';
import { diff, draftProblem, draftTier, toDraft } from '../../../renderer/src/features/settings/settingsDraft';

const saved: SettingsView = {
  engine: 'azure',
  azure: { region: 'westeurope', host: '', keySet: true },
  outputDir: '/tmp/out',
  format: 'mp3',
  maxConnections: 8,
  pricePerMillionChars: 16,
  azureTier: null,
};

describe('the Azure batch threshold in Settings', () => {
  it('shows the default when none is stored, and sends it only when changed', () => {
    expect(toDraft(saved).batchThresholdRenders).toBe(2_000);
    expect(diff(saved, toDraft(saved))).toEqual({});
    expect(diff(saved, { ...toDraft(saved), batchThresholdRenders: 500 })).toEqual({ batchThresholdRenders: 500 });
    const stored = { ...saved, batchThresholdRenders: 500 };
    expect(toDraft(stored).batchThresholdRenders).toBe(500);
    expect(diff(stored, toDraft(stored))).toEqual({});
  });

  it('refuses what main would refuse, naming the field', () => {
    expect(draftProblem({ ...toDraft(saved), batchThresholdRenders: 0 })).toMatch(/^Offer Azure batch from: a whole number of renders from 1 to/);
    expect(draftProblem({ ...toDraft(saved), batchThresholdRenders: 2.5 })).toMatch(/^Offer Azure batch from/);
    expect(draftProblem({ ...toDraft(saved), batchThresholdRenders: 3_000 })).toBeNull();
  });
});

describe('the Azure tier in Settings', () => {
  it('reads each stored tier back into the form', () => {
    expect(toDraft(saved)).toMatchObject({ tier: 'unknown' });
    expect(toDraft({ ...saved, azureTier: 'f0' })).toMatchObject({ tier: 'f0' });
    expect(toDraft({ ...saved, azureTier: { requestsPerSecond: 50 } })).toMatchObject({ tier: 'custom', tierRps: 50 });
  });

  it('sends the tier only when it changed, in the settings’ own shape', () => {
    expect(diff(saved, toDraft(saved))).toEqual({});
    expect(diff(saved, { ...toDraft(saved), tier: 's0' })).toEqual({ azureTier: 's0' });
    expect(diff(saved, { ...toDraft(saved), tier: 'custom', tierRps: 40 })).toEqual({ azureTier: { requestsPerSecond: 40 } });
    const custom = { ...saved, azureTier: { requestsPerSecond: 40 } };
    expect(diff(custom, toDraft(custom))).toEqual({});
    expect(diff(custom, { ...toDraft(custom), tier: 'unknown' })).toEqual({ azureTier: null });
    expect(draftTier({ tier: 'custom', tierRps: 7 })).toEqual({ requestsPerSecond: 7 });
  });
});

describe('the Settings form’s limits', () => {
  const draft = toDraft(saved);
  it('are the stored settings’ own', () => {
    const { max } = SETTINGS_LIMITS.maxConnections;
    expect(draftProblem(draft)).toBeNull();
    expect(draftProblem({ ...draft, maxConnections: max })).toBeNull();
    expect(draftProblem({ ...draft, maxConnections: max + 1 })).toBe(`Max connections: a whole number from 1 to ${max}.`);
    expect(draftProblem({ ...draft, pricePerMillionChars: SETTINGS_LIMITS.pricePerMillionChars.max + 1 })).toMatch(/^Price per million characters/);
    expect(draftProblem({ ...draft, outputDir: '  ' })).toBe('Output folder: enter a folder.');
    expect(draftProblem({ ...draft, tier: 'custom', tierRps: 0 })).toMatch(/^Requests per second/);
    expect(draftProblem({ ...draft, tier: 'custom', tierRps: SETTINGS_LIMITS.azureRequestsPerSecond.max + 1 })).toMatch(/^Requests per second/);
  });
});

describe('error fallbacks', () => {
  it('come from the shared list, for every code main may send', () => {
    // 'io-error' had no fallback in the page's own copy: it read "Something went wrong inside the studio".
    expect(describeError(Object.assign(new Error(''), { code: 'io-error' }))).toBe(IPC_ERROR_FALLBACK['io-error']);
    expect(describeError(Object.assign(new Error('Cannot read properties of undefined'), { code: 'busy' }))).toBe(IPC_ERROR_FALLBACK.busy);
    expect(describeError(Object.assign(new Error(''), { code: 'something-new' }))).toBe(IPC_ERROR_FALLBACK.internal);
  });
});

describe('the sample rate in Settings', () => {
  it('sends the rate only when it changed, and null for the engine’s own', () => {
    expect(diff(saved, { ...toDraft(saved), sampleRate: 48_000 })).toEqual({ sampleRate: 48_000 });
    const at48 = { ...saved, sampleRate: 48_000 as const };
    expect(diff(at48, toDraft(at48))).toEqual({});
    expect(diff(at48, { ...toDraft(at48), sampleRate: null })).toEqual({ sampleRate: null });
    expect(diff({ ...saved, sampleRate: null }, toDraft(saved))).toEqual({}); // absent and null both mean the engine's own
  });
});
