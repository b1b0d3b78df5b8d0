import { describe, expect, it } from 'vitest';
import { azureEndpointId, azureHostProblem } from '../../../electron/main/core/settings/azure-endpoint';
import { EndpointBoundSecretBox, type ConfirmKeyTransfer } from '../../../electron/main/core/settings/endpoint-bound-secret-box';
import { FileSecretBox } from '../../../electron/main/core/settings/file-secret-box';
import { defaultSettings, SettingsSchema } from '../../../electron/main/core/settings/settings-schema';
import { useTempFolderPerTest } from '../../support/temp-folder';

const KEY = '0123456789abcdef0123456789abcdef';
const temp = useTempFolderPerTest('endpoint-binding-');

function box(answer: boolean) {
  const endpoint = { region: '', host: '' };
  const asked: Array<[string, string]> = [];
  const confirm: ConfirmKeyTransfer = async (from, to) => {
    asked.push([from, to]);
    return answer;
  };
  const inner = new FileSecretBox(temp.dir);
  return { endpoint, asked, inner, secrets: new EndpointBoundSecretBox(inner, () => endpoint, confirm) };
}

describe('EndpointBoundSecretBox', () => {
  it('hands the key out for its own endpoint only; another one is asked about, and "no" keeps it back', async () => {
    const { endpoint, asked, secrets } = box(false);
    endpoint.host = 'https://speech-a.example.com';
    await secrets.set(KEY);
    expect(await secrets.get()).toBe(KEY);
    expect(await secrets.has()).toBe(true);
    endpoint.host = 'https://speech-b.example.com';
    expect(await secrets.has()).toBe(false);
    expect(await secrets.get()).toBeNull();
    expect(asked).toEqual([['https://speech-a.example.com', 'https://speech-b.example.com']]);
    endpoint.host = '';
    endpoint.region = 'westeurope';
    expect(await secrets.get()).toBeNull(); // a region is another endpoint as well
    endpoint.region = '';
    endpoint.host = 'https://speech-a.example.com/';
    expect(await secrets.get()).toBe(KEY); // the same host, written differently
  });

  it('a confirmed move binds the key to the new endpoint; concurrent requests share one question', async () => {
    const { endpoint, asked, secrets } = box(true);
    endpoint.region = 'westeurope';
    await secrets.set(KEY);
    endpoint.region = 'eastus';
    expect(await Promise.all([secrets.get(), secrets.get(), secrets.get()])).toEqual([KEY, KEY, KEY]);
    expect(asked).toEqual([['the Azure region "westeurope" (westeurope.tts.speech.microsoft.com)', 'the Azure region "eastus" (eastus.tts.speech.microsoft.com)']]);
    expect(await secrets.has()).toBe(true);
    endpoint.region = 'westeurope';
    expect(await secrets.has()).toBe(false);
  });

  it('a key saved before any endpoint goes with the first region, not to a custom host without asking', async () => {
    const { endpoint, asked, secrets } = box(false);
    await secrets.set(KEY);
    expect(await secrets.has()).toBe(true);
    endpoint.host = 'https://elsewhere.example.com';
    expect(await secrets.get()).toBeNull();
    expect(asked).toHaveLength(1);
    endpoint.host = '';
    endpoint.region = 'westeurope';
    expect(await secrets.get()).toBe(KEY);
  });

  it('a bare key stored before binding existed counts as saved for the endpoint set at start', async () => {
    const inner = new FileSecretBox(temp.dir);
    await inner.set(KEY);
    const endpoint = { region: 'westeurope', host: '' };
    const secrets = new EndpointBoundSecretBox(
      inner,
      () => endpoint,
      async () => false,
    );
    expect(await secrets.get()).toBe(KEY);
    endpoint.host = 'http://127.0.0.1:9';
    expect(await secrets.get()).toBeNull();
  });
});

describe('custom Azure host: https, or plain http on this computer only', () => {
  const parse = (host: string) => SettingsSchema.safeParse({ ...defaultSettings(temp.dir), azure: { region: '', host } });

  it.each(['', 'https://speech.example.com', 'wss://speech.example.com:8443/tts', 'http://127.0.0.1:5000', 'http://127.9.9.9', 'ws://localhost:8080', 'http://[::1]:7000'])(
    'accepts %j',
    (host) => {
      expect(parse(host).success).toBe(true);
    },
  );

  it.each([
    ['http://any-host', /http:\/\/any-host is not encrypted: use https:\/\//],
    ['ws://192.168.1.20:5000', /not encrypted/],
    ['http://127.0.0.1.evil.example', /not encrypted/],
    ['ftp://speech.example.com', /must start with https:\/\//],
    ['speech.example.com', /is not a URL/],
  ])('refuses %j with a message that says what to do', (host, message) => {
    const result = parse(host);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ path: ['azure', 'host'], message: expect.stringMatching(message) });
    expect(azureHostProblem(host)).toMatch(message);
  });

  it('names endpoints the same however they are written', () => {
    expect(azureEndpointId({ region: ' WestEurope ', host: '' })).toBe('region:westeurope');
    expect(azureEndpointId({ region: 'westeurope', host: 'https://A.example.com/' })).toBe(azureEndpointId({ region: '', host: 'https://a.example.com' }));
  });
});
