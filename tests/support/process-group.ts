import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * A child in its own process group, as a terminal runs a command: `interruptGroup()` sends SIGINT to
 * the whole group, the way Ctrl+C does (npm, sh, the tsx parent and the node process all get it).
 */
export interface GroupChild {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves when some output matches (or rejects after timeoutMs with what was printed). */
  waitFor(pattern: RegExp, timeoutMs?: number, stream?: 'stdout' | 'stderr'): Promise<void>;
  interruptGroup(): void;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnGroup(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): GroupChild {
  const child = spawn(command, [...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const check of waiters) check();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    for (const check of waiters) check();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    interruptGroup: () => process.kill(-child.pid!, 'SIGINT'),
    waitFor(pattern, timeoutMs = 30_000, stream) {
      return new Promise((resolve, reject) => {
        const text = (): string => (stream === 'stdout' ? out : stream === 'stderr' ? err : out + err);
        const check = (): void => {
          if (!pattern.test(text())) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${pattern}; stdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        waiters.add(check);
        void exited.then(() => {
          if (waiters.has(check)) {
            waiters.delete(check);
            clearTimeout(timer);
            if (pattern.test(text())) resolve();
            else reject(new Error(`exited before ${pattern}; stdout:\n${out}\nstderr:\n${err}`));
          }
        });
        check();
      });
    },
  };
}

/** Kills the group if a test left it running (afterEach safety net). */
export function killGroup(group: GroupChild | undefined): void {
  if (!group || group.child.exitCode !== null || group.child.signalCode !== null) return;
  try {
    process.kill(-group.child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Pids of the processes in process group `pgid` whose command line contains `needle` (Linux /proc). */
export function groupMembers(pgid: number, needle: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/PID/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces, so split after ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp !== pgid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').includes(needle)) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** Sends a signal to one process; one that already ended is no error (the copy is then moot). */
export function signalIfAlive(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
