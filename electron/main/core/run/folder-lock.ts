import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { writeFileAtomic } from '../output/atomic-write';
import { makeFolder } from '../output/make-folder';
import { STATE_DIR } from './state-dir';

/**
 * One writer per output folder: an inter-process lock (proper-lockfile: an atomic mkdir, refreshed
 * every few seconds, stale when not refreshed) plus an owner file beside it with the writer's pid and
 * start time, so a second run can say who holds the folder. A lock whose owner process is gone (a
 * `kill -9`, a crash) is taken over at once instead of waiting for it to go stale, and so is one that
 * stayed unnamed for two seconds (its holder was killed between taking it and naming itself).
 */
const LOCK_NAME = 'write.lock';
const OWNER_NAME = 'write.lock.owner.json';
const STALE_MS = 15_000;
/**
 * How long a lock without an owner file is given to name its holder. A holder writes the file right
 * after taking the lock (milliseconds); a lock still unnamed after this was left by a run killed in
 * between (seen: a SIGKILL 0.7 s into a run blocked the restart for the 15 s stale time).
 */
const UNNAMED_GRACE_MS = 2_000;

export interface FolderLockOwner {
  readonly pid: number;
  /** ISO time the holding run started. */
  readonly startedAt: string;
}

export class FolderBusyError extends Error {
  override readonly name = 'FolderBusyError';
  constructor(
    readonly folder: string,
    readonly owner: FolderLockOwner | undefined,
  ) {
    super(describeBusy(folder, owner));
  }
}

/** "<folder> is being written by another run (pid N, started HH:MM)": for the CLI and the studio alike. */
export function describeBusy(folder: string, owner: FolderLockOwner | undefined): string {
  if (!owner) return `${folder} is being written by another run`;
  const started = new Date(owner.startedAt);
  const hhmm = `${String(started.getHours()).padStart(2, '0')}:${String(started.getMinutes()).padStart(2, '0')}`;
  return `${folder} is being written by another run (pid ${owner.pid}, started ${hhmm})`;
}

export interface FolderLock {
  /** Releases the lock (idempotent). */
  release(): Promise<void>;
}

/**
 * Takes the folder's write lock or throws `FolderBusyError` at once. `onCompromised` is told if the
 * lock was lost while held (the machine stalled past the stale time and another run took it).
 */
export async function lockOutputFolder(outDir: string, options: { readonly onCompromised?: (error: Error) => void } = {}): Promise<FolderLock> {
  const stateDir = join(outDir, STATE_DIR);
  await makeFolder(stateDir);
  const lockOptions = {
    lockfilePath: join(stateDir, LOCK_NAME),
    realpath: false,
    stale: STALE_MS,
    update: STALE_MS / 3,
    onCompromised: options.onCompromised ?? ((error: Error) => process.stderr.write(`warning: lost the write lock of ${outDir}: ${error.message}\n`)),
  };
  let releaseLock: () => Promise<void>;
  try {
    releaseLock = await lockfile.lock(stateDir, lockOptions);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = await namedOwner(outDir);
    if (owner && isAlive(owner.pid)) throw new FolderBusyError(outDir, owner);
    // The holder died without releasing (after naming itself, or before): take the lock over (a new
    // mkdir still decides any race). Its owner file goes too, so nobody reads a dead pid meanwhile.
    await rm(join(stateDir, OWNER_NAME), { force: true });
    await rm(lockOptions.lockfilePath, { recursive: true, force: true });
    try {
      releaseLock = await lockfile.lock(stateDir, lockOptions);
    } catch (retryError) {
      if ((retryError as NodeJS.ErrnoException).code === 'ELOCKED') throw new FolderBusyError(outDir, await folderLockOwner(outDir));
      throw retryError;
    }
  }
  const owner: FolderLockOwner = { pid: process.pid, startedAt: new Date().toISOString() };
  await writeFileAtomic(join(stateDir, OWNER_NAME), JSON.stringify(owner) + '\n');
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      await rm(join(stateDir, OWNER_NAME), { force: true }).catch(() => undefined);
      await releaseLock().catch(() => undefined);
    },
  };
}

/**
 * Who holds the folder's write lock, or undefined when nobody does (for the studio: say so before a
 * run, instead of failing at its start).
 */
export async function folderLockHolder(outDir: string): Promise<FolderLockOwner | undefined> {
  const stateDir = join(outDir, STATE_DIR);
  const locked = await lockfile.check(stateDir, { lockfilePath: join(stateDir, LOCK_NAME), realpath: false, stale: STALE_MS }).catch(() => false);
  if (!locked) return undefined;
  const owner = await folderLockOwner(outDir);
  return owner && isAlive(owner.pid) ? owner : undefined;
}

/** The lock's owner, waiting up to UNNAMED_GRACE_MS for a holder that has just taken it to name itself. */
async function namedOwner(outDir: string): Promise<FolderLockOwner | undefined> {
  const deadline = performance.now() + UNNAMED_GRACE_MS;
  for (;;) {
    const owner = await folderLockOwner(outDir);
    if (owner || performance.now() >= deadline) return owner;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function folderLockOwner(outDir: string): Promise<FolderLockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(outDir, STATE_DIR, OWNER_NAME), 'utf8')) as Partial<FolderLockOwner>;
    return typeof parsed.pid === 'number' && typeof parsed.startedAt === 'string' ? { pid: parsed.pid, startedAt: parsed.startedAt } : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
