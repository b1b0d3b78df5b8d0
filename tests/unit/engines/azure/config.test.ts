/** Azure settings as the CLI and the studio pass them: endpoint checks, run defaults, the --tier flag. */
import { describe, expect, it } from 'vitest';
import { parseGenerateArgs, UsageError } from '../../../../electron/cli/args';
import { AzureEngine, resolveAzureEndpoint } from '../../../../electron/main/core/engines/azure';
import { AZURE_TIERS, azureRunDefaults } from '../../../../electron/main/core/engines/azure/run-defaults';
import { createEngine, EngineUnavailableError } from '../../../../electron/main/core/engines/create-engine';

describe('resolveAzureEndpoint', () => {
  it('needs a key and a region for the cloud', () => {
    expect(() => resolveAzureEndpoint({ region: 'westeurope' })).toThrow(EngineUnavailableError);
    expect(() => resolveAzureEndpoint({ region: 'westeurope' })).toThrow(/--azure-key/);
    expect(() => resolveAzureEndpoint({ key: 'k' })).toThrow(/--azure-region/);
    expect(() => resolveAzureEndpoint({ key: 'k', region: 'west europe!' })).toThrow(/not an Azure region/);
    expect(resolveAzureEndpoint({ key: ' k ', region: ' westeurope ' })).toEqual({ key: 'k', region: 'westeurope' });
  });

  it('takes a host (speech containers need no key) and maps ws:// to http://', () => {
    expect(resolveAzureEndpoint({ host: 'ws://127.0.0.1:5000' }).host?.href).toBe('http://127.0.0.1:5000/');
    expect(() => resolveAzureEndpoint({ host: 'not a url' })).toThrow(/not a URL/);
    expect(() => resolveAzureEndpoint({ host: 'ftp://x' })).toThrow(/http:\/\/ or https:\/\//);
  });

  it('createEngine builds the Azure engine, or throws EngineUnavailableError saying what to change', async () => {
    await expect(createEngine({ engine: 'azure', azure: {} })).rejects.toThrow(EngineUnavailableError);
    const engine = await createEngine({ engine: 'azure', azure: { key: 'k', host: 'http://127.0.0.1:1' } });
    expect(engine).toBeInstanceOf(AzureEngine);
    expect(engine.name).toBe('azure');
    expect((engine as AzureEngine).runtime.usesNpmWebSocket).toBe(true);
    await engine.close();
  });
});

describe('azureRunDefaults', () => {
  it('recycles by calls and age, bounds every call, starts the AIMD limit where Azure advises (at most 20)', () => {
    const defaults = azureRunDefaults({ maxConnections: 8, env: {} });
    expect(defaults.pool).toEqual({ maxConnections: 8, callTimeoutMs: 30_000, maxUses: 2_000, maxLifetimeMs: 600_000 });
    expect(defaults.initialConcurrency).toBe(8);
    expect(defaults.rateLimit).toBeUndefined();
    expect(azureRunDefaults({ maxConnections: 2, env: {} }).initialConcurrency).toBe(2);
    expect(azureRunDefaults({ maxConnections: 32, env: {} }).initialConcurrency).toBe(20);
  });

  it('reads the call timeout from CAS_AZURE_CALL_TIMEOUT_MS, and refuses nonsense', () => {
    const defaults = azureRunDefaults({ maxConnections: 8, env: { CAS_AZURE_CALL_TIMEOUT_MS: '1500' } });
    expect(defaults.callTimeoutMs).toBe(1500);
    expect(defaults.pool.callTimeoutMs).toBe(1500);
    expect(defaults.connectTimeoutMs).toBe(1500);
    expect(() => azureRunDefaults({ maxConnections: 8, env: { CAS_AZURE_CALL_TIMEOUT_MS: '-3' } })).toThrow(/CAS_AZURE_CALL_TIMEOUT_MS/);
  });

  it('F0 keeps the bucket burst plus its refill within 20 per 60 s', () => {
    const f0 = azureRunDefaults({ maxConnections: 8, tier: 'f0', env: {} }).rateLimit!;
    expect(f0).toEqual(AZURE_TIERS.f0);
    expect(f0.intervalMs).toBe(60_000);
    expect(f0.count + Math.floor(f0.count / 4)).toBeLessThanOrEqual(20);
  });
});

describe('--tier', () => {
  it('accepts f0|s0 (any case, or AZURE_SPEECH_TIER) and refuses anything else', () => {
    const parsed = parseGenerateArgs(['c.json', '--engine', 'azure', '--tier', 'F0'], {});
    expect(parsed.help === false && parsed.tier).toBe('f0');
    const fromEnv = parseGenerateArgs(['c.json'], { AZURE_SPEECH_TIER: 's0' });
    expect(fromEnv.help === false && fromEnv.tier).toBe('s0');
    const none = parseGenerateArgs(['c.json'], {});
    expect(none.help === false && none.tier).toBeUndefined();
    expect(() => parseGenerateArgs(['c.json', '--tier', 'p1'], {})).toThrow(UsageError);
  });
});
