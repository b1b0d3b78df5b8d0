import { describe, expect, it } from 'vitest';
import { parseGenerateArgs, UsageError } from '../../../../electron/cli/args';
import { batchEndpoint } from '../../../../electron/main/core/engines/azure-batch';
import { EngineUnavailableError } from '../../../../electron/main/core/engines/engine-unavailable-error';

describe('--engine azure-batch', () => {
  it('is the azure engine (same keys, masters, journal) sent through the batch API', () => {
    const parsed = parseGenerateArgs(['c.json', '--engine', 'azure-batch'], {});
    expect(parsed).toMatchObject({ help: false, engine: 'azure', batch: true });
    expect(parseGenerateArgs(['c.json', '--engine', 'azure'], {})).toMatchObject({ engine: 'azure', batch: false });
  });

  it('names every engine when the value is unknown', () => {
    expect(() => parseGenerateArgs(['c.json', '--engine', 'batch'], {})).toThrow(UsageError);
    expect(() => parseGenerateArgs(['c.json', '--engine', 'batch'], {})).toThrow(/offline, azure or azure-batch/);
  });
});

describe('batchEndpoint', () => {
  it('is the resource endpoint of a region, or the host as given', () => {
    expect(batchEndpoint({ key: 'k', region: 'WestEurope' })).toBe('https://westeurope.api.cognitive.microsoft.com');
    expect(batchEndpoint({ host: 'http://127.0.0.1:5000/' })).toBe('http://127.0.0.1:5000');
  });

  it('says what to set when it cannot tell', () => {
    expect(() => batchEndpoint({ region: 'westeurope' })).toThrow(EngineUnavailableError);
    expect(() => batchEndpoint({ key: 'k' })).toThrow(/needs the resource's region \(--azure-region, e.g. westeurope\) or its endpoint \(--azure-host\)/);
    expect(() => batchEndpoint({ host: 'not a url' })).toThrow(/is not a URL/);
  });
});
