/**
 * `--azure-host` (and AZURE_SPEECH_HOST) follow the studio's rule for a custom host: https, or plain
 * http only on this computer, because the key is sent there (core/settings/azure-endpoint.ts, the one
 * validator for both). Through the real CLI: refused before any course is read or socket opened.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGenerate } from '../../support/run-generate';

const COURSE = 'resources/courses/es-en-starter.json';
/** A listener standing in for a remote host: it must never see a connection. */
let trap: Server;
let connections = 0;

beforeAll(async () => {
  trap = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => trap.listen(0, '0.0.0.0', resolve));
});
afterAll(() => new Promise<void>((resolve) => trap.close(() => resolve())));

describe('npm run generate: --azure-host must be https, or http on this computer', () => {
  it('a plain-http host on the network is refused with exit 2 and a message naming the flag and the fix', async () => {
    const port = (trap.address() as { port: number }).port;
    const result = await runGenerate([COURSE, '--engine', 'azure', '--azure-key', 'k', '--azure-host', `http://192.0.2.10:${port}`, '--json']);
    expect(result.code).toBe(2);
    const firstLine = result.stderr.split('\n')[0]!;
    expect(firstLine).toMatch(/^error: --azure-host: The custom host http:\/\/192\.0\.2\.10:\d+ is not encrypted: use https:\/\//);
    expect(firstLine).toContain('127.0.0.1');
    expect(result.stdout).toBe('');
    expect(connections).toBe(0);
  });

  it('the same rule holds for AZURE_SPEECH_HOST, and for other schemes', async () => {
    const fromEnv = await runGenerate([COURSE, '--engine', 'azure', '--azure-key', 'k'], { AZURE_SPEECH_HOST: 'ftp://speech.example.com' });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr.split('\n')[0]).toMatch(/^error: AZURE_SPEECH_HOST: The custom host must start with https:\/\//);
    const notUrl = await runGenerate([COURSE, '--engine', 'azure', '--azure-key', 'k', '--azure-host', 'speech.example.com']);
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr.split('\n')[0]).toMatch(/^error: --azure-host: "speech\.example\.com" is not a URL/);
  });

  it('http on this computer passes the check (the run then reaches that host)', async () => {
    const port = (trap.address() as { port: number }).port;
    const result = await runGenerate([COURSE, '--engine', 'azure', '--azure-key', 'k', '--azure-host', `http://127.0.0.1:${port}`, '--give-up-after', '1', '--json']);
    expect(result.stderr).not.toMatch(/not encrypted/);
    expect(connections).toBeGreaterThan(0); // it went there, and nowhere else
  });
});
