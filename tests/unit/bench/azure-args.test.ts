import { describe, expect, it } from 'vitest';
import { parseAzureBenchArgs, withoutAzureFilterArgs } from '../../bench/azure-args';

describe('npm run bench -- azure: --scenario and --strategy', () => {
  it('no filter: every scenario and strategy (nothing set)', () => {
    expect(parseAzureBenchArgs(['azure', '--json'])).toEqual({});
  });

  it('a comma list, as one or several flags, with or without "=", in the table order', () => {
    expect(parseAzureBenchArgs(['azure', '--scenario', 'random-4429,low-tps-429'])).toEqual({ scenarios: ['low-tps-429', 'random-4429'] });
    expect(parseAzureBenchArgs(['azure', '--scenario=low-tps-429', '--scenario', 'no-faults', '--strategy', 'ours'])).toEqual({
      scenarios: ['no-faults', 'low-tps-429'],
      strategies: ['ours'],
    });
  });

  it('an unknown name or a missing value is a one-line error that lists the choices', () => {
    expect(() => parseAzureBenchArgs(['azure', '--scenario', 'low-tps-9'])).toThrow(/--scenario: unknown "low-tps-9"; choose from no-faults, .*low-tps-429/);
    expect(() => parseAzureBenchArgs(['azure', '--strategy'])).toThrow(/--strategy needs a value/);
    expect(() => parseAzureBenchArgs(['azure', '--scenario', '--json'])).toThrow(/--scenario needs a value/);
    expect(() => parseAzureBenchArgs(['azure', '--scenario='])).toThrow(/--scenario needs at least one of/);
  });

  it('the bench names are what is left once the filter and its values are taken out', () => {
    expect(withoutAzureFilterArgs(['azure', '--scenario', 'low-tps-429', '--json', '--strategy=ours'])).toEqual(['azure', '--json']);
  });
});
