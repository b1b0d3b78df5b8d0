import { beforeEach, describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../shared/ipc/contract';
import { engineHealth } from '../../../renderer/src/features/course/engineHealth';
import { useAudition } from '../../../renderer/src/store/audition';
import { useSettings } from '../../../renderer/src/store/settings';
import { installFakeApi, resetStores, runView } from './fake-window';

const settings = (azure: Partial<SettingsView['azure']>, engine: SettingsView['engine'] = 'azure'): SettingsView => ({
  engine,
  azure: { region: 'westeurope', host: '', keySet: true, ...azure },
  outputDir: '/tmp/out',
  format: 'mp3',
  maxConnections: 8,
  pricePerMillionChars: 16,
});
const idle = runView({ state: 'idle' });
const calm = { throttlePerMinute: 0 };

describe('the engine badge', () => {
  it('says Ready for Azure only once the key is verified', () => {
    expect(engineHealth(settings({ keyStatus: 'verified' }), idle, calm)).toEqual({ tone: 'ok', text: 'Ready' });
    expect(engineHealth(settings({ keyStatus: 'unverified', keyMessage: null }), idle, calm)).toEqual({ tone: 'warn', text: 'Key not verified' });
    expect(engineHealth(settings({ keyStatus: 'unverified', keyMessage: 'the service did not answer' }), idle, calm).text).toBe('Key not verified: the service did not answer');
    expect(engineHealth(settings({ keyStatus: 'refused', keyMessage: 'HTTP 401' }), idle, calm)).toEqual({ tone: 'bad', text: 'Key refused: HTTP 401' });
    // A refused key says so even during a run.
    expect(engineHealth(settings({ keyStatus: 'refused' }), runView({ state: 'running' }), calm).text).toMatch(/^Key refused/);
  });

  it('keeps the offline engine and an older main (no keyStatus) as they were', () => {
    expect(engineHealth(settings({ keyStatus: 'unset', keySet: false }, 'offline'), idle, calm).text).toBe('Ready');
    expect(engineHealth(settings({}), idle, calm).text).toBe('Ready');
    expect(engineHealth(settings({ keySet: false, keyStatus: 'unset' }), idle, calm).text).toBe('No Azure key: add one in Settings');
  });
});

describe('audition failures after a key or endpoint change', () => {
  beforeEach(() => {
    resetStores();
    useAudition.setState({ takes: {}, voicesState: 'idle', voicesError: null, locale: '' });
  });

  const failed = (): void =>
    useAudition.setState({
      takes: { 'a|1.0|hi': { state: 'error', error: 'The key was refused (401).' }, 'b|1.0|hi': { state: 'ready', url: 'u', durationMs: 1 } },
      voicesState: 'error',
      voicesError: 'The key was refused (401).',
    });

  it('are dropped when the key status, host or region changes, and the voice list is asked again', async () => {
    const { calls } = installFakeApi({ 'voices:list': () => [] });
    useSettings.getState().setSettings(settings({ keyStatus: 'refused' }));
    failed();
    useSettings.getState().setSettings(settings({ keyStatus: 'verified' }));
    expect(Object.keys(useAudition.getState().takes)).toEqual(['b|1.0|hi']);
    expect(useAudition.getState().voicesError).toBeNull();
    expect(calls.map((c) => c.channel)).toEqual(['voices:list']);
    await Promise.resolve();

    failed();
    useSettings.getState().setSettings(settings({ keyStatus: 'verified', host: 'ws://127.0.0.1:9' }));
    expect(useAudition.getState().takes['a|1.0|hi']).toBeUndefined();
  });

  it('stay while nothing about the access changed', () => {
    installFakeApi({ 'voices:list': () => [] });
    useSettings.getState().setSettings(settings({ keyStatus: 'refused' }));
    failed();
    useSettings.getState().setSettings({ ...settings({ keyStatus: 'refused' }), maxConnections: 4 });
    expect(useAudition.getState().takes['a|1.0|hi']?.state).toBe('error');
    expect(useAudition.getState().voicesState).toBe('error');
  });
});
