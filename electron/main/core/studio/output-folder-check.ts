import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { StudioError } from './studio-error';

/** System folders that look writable to root but hold no files (or must not). */
const SYSTEM_ROOTS = ['/proc', '/sys', '/dev'];

/**
 * Whether audio can be written under `dir`, checked at once with a real probe (a temporary folder
 * made and removed), so a bad output folder is a clear error in Settings and before Generate, never a
 * run that spins on failing writes. `create`: make the folder itself (before a run); otherwise only
 * its nearest existing parent is probed (Settings must not create folders the producer did not ask for).
 * Throws a StudioError ('invalid-input') saying what is wrong with which folder and what to do.
 */
export async function checkOutputFolder(dir: string, options: { create?: boolean } = {}): Promise<void> {
  const target = resolve(dir);
  const fix = 'Choose another output folder in Settings.';
  if (SYSTEM_ROOTS.some((root) => target === root || target.startsWith(root + sep))) {
    throw new StudioError('invalid-input', `The output folder "${target}" is inside ${target.split(sep).slice(0, 2).join(sep)}, a system folder that cannot hold files. ${fix}`);
  }
  let existing = target;
  for (;;) {
    const info = await stat(existing).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' || error.code === 'ENOTDIR' ? undefined : Promise.reject(error)));
    if (info?.isDirectory()) break;
    if (info) throw new StudioError('invalid-input', `The output folder "${target}" cannot be made: "${existing}" is a file, not a folder. ${fix}`);
    const parent = dirname(existing);
    if (parent === existing) throw new StudioError('invalid-input', `The output folder "${target}" has no existing parent folder. ${fix}`);
    existing = parent;
  }
  try {
    if (options.create) {
      await mkdir(target, { recursive: true });
      existing = target;
    }
    const probe = await mkdtemp(join(existing, '.course-audio-studio-probe-'));
    await rm(probe, { recursive: true, force: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'you may not write there'
        : code === 'EROFS'
          ? 'it is on a read-only disk'
          : code === 'ENOSPC'
            ? 'the disk is full'
            : `the system said ${code}`;
    throw new StudioError('invalid-input', `Cannot write audio in the output folder "${target}": ${why}. ${fix}`);
  }
}
