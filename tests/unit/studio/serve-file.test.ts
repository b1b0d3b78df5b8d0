import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { handleAppRequest } from '../../../electron/main/core/studio/app-requests';
import { AudioTokens } from '../../../electron/main/core/studio/audio-tokens';
import { parseRange, serveFile, type FileResponse } from '../../../electron/main/core/studio/serve-file';
import { resolveStaticFile } from '../../../electron/main/core/studio/static-files';

let root: string;
let out: string;
let renderer: string;
let outside: string;
const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

async function read(body: Readable | null): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function served(response: FileResponse): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return { status: response.status, headers: response.headers, body: await read(response.body) };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'serve-file-'));
  out = join(root, 'out');
  renderer = join(root, 'renderer');
  outside = join(root, 'outside');
  await mkdir(join(out, 'sub'), { recursive: true });
  await mkdir(join(renderer, 'assets'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(join(out, 'p001_target.wav'), bytes);
  await writeFile(join(out, 'p001_known.mp3'), bytes.subarray(0, 10));
  await writeFile(join(out, 'empty.wav'), Buffer.alloc(0));
  await writeFile(join(outside, 'secret.wav'), 'TOP SECRET');
  await writeFile(join(root, 'secret.txt'), 'TOP SECRET');
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>studio</title>');
  await writeFile(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  await symlink(join(outside, 'secret.wav'), join(out, 'link-out.wav'));
  await symlink(outside, join(out, 'dir-link'));
  await symlink(join(root, 'secret.txt'), join(renderer, 'assets', 'leak.js'));
  await symlink(join(out, 'p001_target.wav'), join(out, 'sub', 'inner-link.wav'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('serveFile: Range requests', () => {
  const file = (): string => join(out, 'p001_target.wav');

  it('answers a plain GET with 200, the whole file and the range headers', async () => {
    const response = await served(await serveFile(file()));
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({ 'Content-Type': 'audio/wav', 'Accept-Ranges': 'bytes', 'Content-Length': '1000' });
    expect(response.headers['Content-Range']).toBeUndefined();
    expect(response.body.equals(bytes)).toBe(true);
  });

  it('answers bytes=10-19 with 206 and exactly those bytes', async () => {
    const response = await served(await serveFile(file(), { range: 'bytes=10-19' }));
    expect(response.status).toBe(206);
    expect(response.headers).toMatchObject({ 'Content-Range': 'bytes 10-19/1000', 'Content-Length': '10', 'Accept-Ranges': 'bytes', 'Content-Type': 'audio/wav' });
    expect(response.body.equals(bytes.subarray(10, 20))).toBe(true);
  });

  it('answers an open range (what Chromium sends when seeking)', async () => {
    const response = await served(await serveFile(file(), { range: 'bytes=990-' }));
    expect(response.status).toBe(206);
    expect(response.headers['Content-Range']).toBe('bytes 990-999/1000');
    expect(response.body.equals(bytes.subarray(990))).toBe(true);
  });

  it('answers suffix ranges (the last N bytes), clamped to the file', async () => {
    const last = await served(await serveFile(file(), { range: 'bytes=-100' }));
    expect(last.status).toBe(206);
    expect(last.headers['Content-Range']).toBe('bytes 900-999/1000');
    expect(last.body.equals(bytes.subarray(900))).toBe(true);
    const more = await served(await serveFile(file(), { range: 'bytes=-5000' }));
    expect(more.headers['Content-Range']).toBe('bytes 0-999/1000');
    expect(more.body.length).toBe(1000);
  });

  it('clamps an end beyond the file', async () => {
    const response = await served(await serveFile(file(), { range: 'bytes=995-2000' }));
    expect(response.headers['Content-Range']).toBe('bytes 995-999/1000');
    expect(response.headers['Content-Length']).toBe('5');
  });

  it.each(['bytes=1000-', 'bytes=5000-6000', 'bytes=-0'])('answers the unsatisfiable %s with 416 and bytes */size', async (range) => {
    const response = await served(await serveFile(file(), { range }));
    expect(response.status).toBe(416);
    expect(response.headers['Content-Range']).toBe('bytes */1000');
    expect(response.body.length).toBe(0);
  });

  it('answers any range on an empty file with 416', async () => {
    expect((await serveFile(join(out, 'empty.wav'), { range: 'bytes=0-' })).status).toBe(416);
  });

  it.each(['items=0-10', 'bytes=a-b', 'bytes=0-10,20-30', 'bytes=20-10'])('ignores the unsupported or invalid %s and sends the whole file', async (range) => {
    const response = await served(await serveFile(file(), { range }));
    expect(response.status).toBe(200);
    expect(response.body.length).toBe(1000);
  });

  it('answers HEAD with headers and no body; other methods with 405', async () => {
    const head = await serveFile(file(), { method: 'HEAD', range: 'bytes=0-9' });
    expect(head.status).toBe(206);
    expect(head.body).toBeNull();
    expect((await serveFile(file(), { method: 'POST' })).status).toBe(405);
  });

  it('labels MP3 as audio/mpeg and a missing file as 404', async () => {
    expect((await serveFile(join(out, 'p001_known.mp3'))).headers['Content-Type']).toBe('audio/mpeg');
    expect((await serveFile(join(out, 'missing.wav'))).status).toBe(404);
  });

  it('parseRange agrees with RFC 9110 on the edge cases', () => {
    expect(parseRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 });
    expect(parseRange('bytes=9-', 10)).toEqual({ start: 9, end: 9 });
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange(' bytes=1-2 ', 10)).toEqual({ start: 1, end: 2 });
    expect(parseRange(undefined, 10)).toBeUndefined();
  });
});

describe('resolveStaticFile: traversal attempts', () => {
  it('serves files inside the folder, and / as index.html', async () => {
    expect(await resolveStaticFile(renderer, '/')).toBe(join(renderer, 'index.html'));
    expect(await resolveStaticFile(renderer, '/assets/app.js')).toBe(join(renderer, 'assets', 'app.js'));
    expect(await resolveStaticFile(renderer, '/assets/./app.js')).toBe(join(renderer, 'assets', 'app.js'));
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets%2f..%2f..%2fsecret.txt',
    '/.%2e/secret.txt',
    '/..%5csecret.txt',
    '/%5c..%5c..%5csecret.txt',
    '/index.html%00.js',
    '/%E0%A4%A',
    '/C:/Windows/win.ini',
  ])('refuses %s', async (path) => {
    expect(await resolveStaticFile(renderer, path)).toBeUndefined();
  });

  it('treats an absolute-looking path as relative to the folder (never the disk root)', async () => {
    expect(await resolveStaticFile(renderer, `/${join(root, 'secret.txt')}`)).toBeUndefined();
    expect(await resolveStaticFile(renderer, '//etc/passwd')).toBeUndefined();
  });

  it('refuses a symlink inside the folder that points outside it', async () => {
    expect(await resolveStaticFile(renderer, '/assets/leak.js')).toBeUndefined();
  });
});

describe('AudioTokens: only files inside the allowed folders get a token', () => {
  it('gives an opaque 128-bit token for a file in the output folder, a fresh one each time', async () => {
    const tokens = new AudioTokens();
    tokens.setRoots([out]);
    const a = await tokens.register(join(out, 'p001_target.wav'));
    const b = await tokens.register(join(out, 'p001_target.wav'));
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).not.toBe(a);
    expect(await tokens.resolve(a!)).toBe(join(out, 'p001_target.wav'));
  });

  it.each([
    ['a file outside every root', () => join(outside, 'secret.wav')],
    ['a .. path that leaves the root', () => join(out, '..', 'secret.txt')],
    ['an unnormalised .. path', () => `${out}/sub/../../outside/secret.wav`],
    ['a symlink that points out', () => join(out, 'link-out.wav')],
    ['a file under a symlinked folder that points out', () => join(out, 'dir-link', 'secret.wav')],
    ['the root folder itself', () => out],
    ['a folder', () => join(out, 'sub')],
    ['a missing file', () => join(out, 'nope.wav')],
  ])('refuses %s', async (_name, path) => {
    const tokens = new AudioTokens();
    tokens.setRoots([out]);
    expect(await tokens.register(path())).toBeUndefined();
  });

  it('accepts a symlink that stays inside the root', async () => {
    const tokens = new AudioTokens();
    tokens.setRoots([out]);
    expect(await tokens.register(join(out, 'sub', 'inner-link.wav'))).toMatch(/^[0-9a-f]{32}$/);
  });

  it('stops serving a token when its folder is no longer allowed (another course opened)', async () => {
    const tokens = new AudioTokens();
    tokens.setRoots([out]);
    const token = (await tokens.register(join(out, 'p001_target.wav')))!;
    tokens.setRoots([outside]);
    expect(await tokens.resolve(token)).toBeUndefined();
  });

  it('stops serving a file that was swapped for a symlink pointing out after the token was issued', async () => {
    const tokens = new AudioTokens();
    tokens.setRoots([out]);
    const path = join(out, 'swap.wav');
    await writeFile(path, 'RIFF');
    const token = (await tokens.register(path))!;
    await unlink(path);
    await symlink(join(outside, 'secret.wav'), path);
    expect(await tokens.resolve(token)).toBeUndefined();
  });

  it('refuses unknown and malformed tokens, and forgets the oldest beyond its capacity', async () => {
    const tokens = new AudioTokens(2);
    tokens.setRoots([out]);
    expect(await tokens.resolve('0'.repeat(32))).toBeUndefined();
    expect(await tokens.resolve('../../etc/passwd')).toBeUndefined();
    const first = (await tokens.register(join(out, 'p001_target.wav')))!;
    await tokens.register(join(out, 'p001_target.wav'));
    await tokens.register(join(out, 'p001_target.wav'));
    expect(await tokens.resolve(first)).toBeUndefined();
  });
});

describe('handleAppRequest: the app:// protocol', () => {
  const csp = "default-src 'self'";
  const context = (tokens: AudioTokens) => ({ rendererDir: renderer, tokens, csp });

  it('serves app://studio/index.html with the CSP header', async () => {
    const response = await served(await handleAppRequest('app://studio/index.html', {}, context(new AudioTokens())));
    expect(response.status).toBe(200);
    expect(response.headers['Content-Security-Policy']).toBe(csp);
    expect(response.body.toString()).toContain('<title>studio</title>');
    // The page's own files are same-origin: no CORS header.
    expect(response.headers['Access-Control-Allow-Origin']).toBeUndefined();
  });

  it('serves app://audio/<token> with Range', async () => {
    const tokens = new AudioTokens();
    tokens.setRoots([out]);
    const token = (await tokens.register(join(out, 'p001_target.wav')))!;
    const response = await served(await handleAppRequest(`app://audio/${token}`, { range: 'bytes=100-199' }, context(tokens)));
    expect(response.status).toBe(206);
    expect(response.headers['Content-Range']).toBe('bytes 100-199/1000');
    expect(response.body.equals(bytes.subarray(100, 200))).toBe(true);
  });

  it('lets app://studio, and only it, read audio with fetch (the page decodes MP3 waveforms)', async () => {
    const tokens = new AudioTokens();
    tokens.setRoots([out]);
    const token = (await tokens.register(join(out, 'p001_known.mp3')))!;
    for (const request of [{}, { method: 'HEAD' }, { range: 'bytes=0-3' }]) {
      const response = await served(await handleAppRequest(`app://audio/${token}`, request, context(tokens)));
      expect(response.headers['Access-Control-Allow-Origin']).toBe('app://studio');
      expect(response.headers['Cache-Control']).toBe('no-store');
    }
  });

  it.each([
    'app://studio/../secret.txt',
    'app://studio/%2e%2e/secret.txt',
    'app://studio/assets/..%2f..%2fsecret.txt',
    'app://studio/assets/leak.js',
    'app://audio/../studio/index.html',
    'app://audio/0123456789abcdef0123456789abcdef',
    'app://audio/not-a-token',
  ])('refuses %s', async (url) => {
    const tokens = new AudioTokens();
    tokens.setRoots([out]);
    const response = await served(await handleAppRequest(url, {}, context(tokens)));
    expect([403, 404]).toContain(response.status);
    expect(response.body.toString()).not.toContain('SECRET');
  });

  it('refuses other hosts and schemes', async () => {
    expect((await handleAppRequest('app://other/index.html', {}, context(new AudioTokens()))).status).toBe(403);
    expect((await handleAppRequest('file:///etc/passwd', {}, context(new AudioTokens()))).status).toBe(403);
  });

  it('does not serve a token path with extra segments', async () => {
    const tokens = new AudioTokens();
    tokens.setRoots([out]);
    const token = (await tokens.register(join(out, 'p001_target.wav')))!;
    expect((await handleAppRequest(`app://audio/${token}/../../secret.txt`, {}, context(tokens))).status).toBe(404);
    expect((await handleAppRequest(`app://audio/${token}/x`, {}, context(tokens))).status).toBe(404);
  });
});
