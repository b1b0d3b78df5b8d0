import { describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS } from '../../../shared/ipc/channels';
import { CourseLoadError } from '../../../electron/main/core/course/course-issue';
import { EngineUnavailableError } from '../../../electron/main/core/engines/create-engine';
import { SynthesisError } from '../../../electron/main/core/engines/synthesis-error';
import { createDispatcher, type InvokeHandlers, type SenderInfo } from '../../../electron/main/core/ipc/dispatcher';
import { isTrustedAppSender } from '../../../electron/main/core/ipc/trusted-sender';
import type { Logger } from '../../../electron/main/core/studio/logger';
import { StudioError } from '../../../electron/main/core/studio/studio-error';

const APP = 'app://studio';
const trusted: SenderInfo = { frameUrl: `${APP}/index.html`, isMainFrame: true, webContentsId: 1 };
const SECRET = '0123456789abcdef0123456789abcdef'; // Azure-key shaped

const settingsView = {
  engine: 'offline',
  azure: { region: '', host: '', keySet: false },
  outputDir: '/tmp/out',
  format: 'wav',
  maxConnections: 2,
  pricePerMillionChars: 15,
} as const;

/** Every channel answers with a valid value unless a test overrides it. */
function handlers(overrides: Partial<InvokeHandlers> = {}): InvokeHandlers {
  const base = Object.fromEntries(INVOKE_CHANNELS.map((channel) => [channel, vi.fn(async () => settingsView)])) as unknown as InvokeHandlers;
  base['app:info'] = vi.fn(async () => ({ version: '1.0.0', platform: 'linux', transport: 'electron' as const, sampleCourses: [] }));
  base['shell:showInFolder'] = vi.fn(async () => ({ path: '/tmp/out' }));
  return { ...base, ...overrides };
}

function setup(overrides: Partial<InvokeHandlers> = {}) {
  const lines: string[] = [];
  const log: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
  const h = handlers(overrides);
  const dispatch = createDispatcher({
    handlers: h,
    // The rule the Electron transport uses, for a window whose webContents id is 1.
    isTrustedSender: (sender) => isTrustedAppSender(sender, { webContentsId: 1, origins: [APP] }),
    validateOutputs: true,
    log,
  });
  return { dispatch, handlers: h, lines };
}

describe('dispatch: the allowlist', () => {
  it.each(['nope', 'app:infos', '__proto__', 'constructor', 'toString', '', 'APP:INFO'])('refuses the unknown channel %j', async (channel) => {
    const { dispatch } = setup();
    const result = await dispatch(channel, undefined, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it.each([42, null, undefined, { channel: 'app:info' }, ['app:info']])('refuses a non-string channel %j', async (channel) => {
    const { dispatch } = setup();
    expect(await dispatch(channel, undefined, trusted)).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });
});

describe('dispatch: the sender check', () => {
  it.each<[string, SenderInfo]>([
    ['another origin', { ...trusted, frameUrl: 'https://evil.example/index.html' }],
    ['a lookalike app host', { ...trusted, frameUrl: 'app://studio.evil/index.html' }],
    ['a subframe', { ...trusted, isMainFrame: false }],
    ['another window', { ...trusted, webContentsId: 2 }],
    ['no frame at all', { webContentsId: 1 }],
    ['a file:// page', { ...trusted, frameUrl: 'file:///tmp/evil.html' }],
    ['a data: URL', { ...trusted, frameUrl: 'data:text/html,<script>1</script>' }],
    ['the audio host', { ...trusted, frameUrl: 'app://audio/0123456789abcdef0123456789abcdef' }],
    ['a malformed URL', { ...trusted, frameUrl: 'not a url' }],
  ])('refuses %s before looking at the input or calling the handler', async (_name, sender) => {
    const { dispatch, handlers: h } = setup();
    const result = await dispatch('course:openPath', { path: '/etc/passwd.json' }, sender);
    expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    expect(h['course:openPath']).not.toHaveBeenCalled();
  });

  it('accepts the dev server origin only when it is configured', async () => {
    const dev: SenderInfo = { ...trusted, frameUrl: 'http://localhost:5173/' };
    expect(isTrustedAppSender(dev, { webContentsId: 1, origins: [APP] })).toBe(false);
    expect(isTrustedAppSender(dev, { webContentsId: 1, origins: [APP, 'http://localhost:5173'] })).toBe(true);
    expect(isTrustedAppSender(trusted, { webContentsId: undefined, origins: [APP] })).toBe(false);
  });

  it('treats a sender check that throws as untrusted', async () => {
    const dispatch = createDispatcher({
      handlers: handlers(),
      isTrustedSender: () => {
        throw new Error('boom');
      },
    });
    expect(await dispatch('app:info', undefined, trusted)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('dispatch: input validation', () => {
  it.each<[string, unknown]>([
    ['course:openPath', { path: 5 }],
    ['course:openPath', {}],
    ['course:openPath', { path: '/x.json', extra: true }],
    ['course:openPath', 'x.json'],
    ['app:info', { unexpected: 1 }],
    ['settings:update', { maxConnections: 0 }],
    ['settings:update', { engine: 'google' }],
    ['settings:update', { keySet: true }],
    ['audition:render', { text: 'Hola', voice: 'es-ES-ElviraNeural', rate: 3 }],
    ['run:renderCell', { phraseId: '', variantId: 'x' }],
  ])('%s rejects %j as invalid-input without calling the handler', async (channel, input) => {
    const { dispatch, handlers: h } = setup();
    const result = await dispatch(channel, input, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!result.ok) expect(result.error.message).toMatch(new RegExp(`^Invalid request for ${channel}: `));
    expect(h[channel as keyof InvokeHandlers]).not.toHaveBeenCalled();
  });

  it('says which field is wrong, readably', async () => {
    const { dispatch } = setup();
    const result = await dispatch('audition:render', { text: 'Hola', voice: 'es-ES-ElviraNeural', rate: 3 }, trusted);
    expect(!result.ok && result.error.message).toMatch(/rate: .*2/);
  });

  it('never echoes a rejected key back (settings:setKey)', async () => {
    const { dispatch, lines } = setup();
    const huge = `${SECRET}${'x'.repeat(600)}`;
    const result = await dispatch('settings:setKey', { key: huge }, trusted);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it('passes the parsed input to the handler', async () => {
    const { dispatch, handlers: h } = setup();
    await dispatch('settings:update', { maxConnections: 4 }, trusted);
    expect(h['settings:update']).toHaveBeenCalledWith({ maxConnections: 4 }, trusted);
  });
});

describe('dispatch: the envelope and error mapping', () => {
  it('wraps a value as { ok: true, value }', async () => {
    const { dispatch } = setup();
    expect(await dispatch('app:info', undefined, trusted)).toEqual({ ok: true, value: { version: '1.0.0', platform: 'linux', transport: 'electron', sampleCourses: [] } });
  });

  it('maps a CourseLoadError to course-invalid with the located message', async () => {
    const { dispatch } = setup({
      'course:openPath': async () => {
        throw new CourseLoadError([{ file: 'c.json', line: 3, column: 7, where: 'phrases[0].id', problem: 'must not be empty', hint: 'Give every phrase an id.' }]);
      },
    });
    expect(await dispatch('course:openPath', { path: 'c.json' }, trusted)).toEqual({
      ok: false,
      error: { code: 'course-invalid', message: 'c.json:3:7: phrases[0].id: must not be empty. Give every phrase an id.' },
    });
  });

  it('maps EngineUnavailableError to engine-unavailable, and StudioError to its own code', async () => {
    const { dispatch } = setup({
      'run:start': async () => {
        throw new EngineUnavailableError('No Azure key is set.');
      },
      'run:pause': async () => {
        throw new StudioError('busy', 'A run is already in progress.');
      },
    });
    expect(await dispatch('run:start', undefined, trusted)).toEqual({ ok: false, error: { code: 'engine-unavailable', message: 'No Azure key is set.' } });
    expect(await dispatch('run:pause', undefined, trusted)).toEqual({ ok: false, error: { code: 'busy', message: 'A run is already in progress.' } });
  });

  it('maps engine refusals (SynthesisError) by kind, in the service words, redacted', async () => {
    const { dispatch } = setup({
      'voices:list': async () => {
        throw new SynthesisError('auth', 'The Azure key was refused (401)', `key ${SECRET} is invalid`);
      },
      'audition:render': async () => {
        throw new SynthesisError('bad-request', 'The service rejected the SSML');
      },
    });
    const auth = await dispatch('voices:list', {}, trusted);
    expect(auth).toMatchObject({ ok: false, error: { code: 'engine-unavailable', message: expect.stringMatching(/^The Azure key was refused \(401\)/) } });
    expect(JSON.stringify(auth)).not.toContain(SECRET);
    expect(await dispatch('audition:render', { text: 'Hola', voice: 'es-ES-ElviraNeural', rate: 1 }, trusted)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('turns any other error into a generic internal error, and logs it without the secret', async () => {
    const { dispatch, lines } = setup({
      'voices:list': async () => {
        throw new Error(`GET https://westeurope.tts.speech.microsoft.com/voices?Ocp-Apim-Subscription-Key=${SECRET} failed`);
      },
    });
    const result = await dispatch('voices:list', {}, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(JSON.stringify(result)).not.toContain('westeurope');
    expect(lines.join('\n')).toContain('voices:list failed');
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it('never throws, even when a handler throws a non-Error', async () => {
    const { dispatch } = setup({
      'run:cancel': () => {
        throw 'a string';
      },
    });
    await expect(dispatch('run:cancel', undefined, trusted)).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('checks outputs against the contract in dev/test', async () => {
    const { dispatch, lines } = setup({ 'settings:get': async () => ({ engine: 'offline', azure: { key: SECRET } }) as never });
    const result = await dispatch('settings:get', undefined, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(lines.join('\n')).toMatch(/settings:get returned a value that does not match the contract/);
  });

  it('strips fields the contract does not know from outputs (nothing extra leaks)', async () => {
    const { dispatch } = setup({ 'settings:get': async () => ({ ...settingsView, azure: { ...settingsView.azure, key: SECRET } }) as never });
    const result = await dispatch('settings:get', undefined, trusted);
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });
});
