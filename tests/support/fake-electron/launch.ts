import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { NODE24_PATH, REPO } from '../prerequisites';

/**
 * Starts the BUILT main bundle (out/main/index.js, `npm run build`) under Node 24 with the fake
 * `electron` module in place of the real one, and talks to it over the fake's control channel.
 */
export interface FakeElectronApp {
  readonly child: ChildProcess;
  op<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>;
  /** Invokes an IPC channel as the window does; resolves with the dispatcher's envelope. */
  invoke<T = unknown>(channel: string, input?: unknown, frameUrl?: string): Promise<{ ok: boolean; value?: T; error?: { code: string; message: string } }>;
  /** Resolves with the code the app passed to app.exit(), when it does. */
  readonly exitRequested: Promise<number>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  kill(): void;
}

export async function launchFakeElectron(userData: string): Promise<FakeElectronApp> {
  const child = spawn(NODE24_PATH, ['--import', 'tsx', '--import', resolve(REPO, 'tests/support/fake-electron/register.ts'), resolve(REPO, 'out/main/index.js')], {
    cwd: REPO,
    env: { ...process.env, CAS_FAKE_ELECTRON_USER_DATA: userData, ELECTRON_RENDERER_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => child.on('exit', (code, signal) => resolveExit({ code, signal })));
  let onExitRequested: (code: number) => void = () => undefined;
  const exitRequested = new Promise<number>((resolveRequest) => (onExitRequested = resolveRequest));
  const waiting = new Map<number, (reply: { ok: boolean; value?: unknown; error?: string }) => void>();
  child.on('message', (message: { id?: number; ok?: boolean; value?: unknown; error?: string; event?: string; code?: number }) => {
    if (message.event === 'exit') onExitRequested(message.code ?? 0);
    else if (message.id !== undefined) waiting.get(message.id)?.(message as { ok: boolean });
  });
  let nextId = 1;
  const op = <T>(name: string, args?: Record<string, unknown>, timeoutMs = 30_000): Promise<T> =>
    new Promise<T>((resolveOp, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`${name}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(id, (reply) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (reply.ok) resolveOp(reply.value as T);
        else reject(new Error(`${name}: ${reply.error}`));
      });
      if (child.connected) child.send({ id, op: name, args });
    });
  const app: FakeElectronApp = {
    child,
    op: (name, args) => op(name, args),
    invoke: (channel, input, frameUrl) => op('invoke', { channel, input, ...(frameUrl ? { frameUrl } : {}) }),
    exitRequested,
    exited,
    output: () => output,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  // Ready when the window exists (after app 'ready').
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited at start (${child.exitCode}):\n${output}`);
    // Messages sent before the app installed its control listener are lost: ask again.
    const windows = await op<unknown[]>('windows', {}, 500).catch(() => []);
    if (windows.length) return app;
    if (Date.now() > until) throw new Error(`the app did not open its window:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
