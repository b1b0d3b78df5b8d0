import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzureServer } from './azure-server';
import { collect, spawnGenerate } from './run-generate';

/**
 * A real `generate` CLI run (a child process) that holds an output folder's write lock for as long as
 * a test needs: the Azure engine on one connection against the local Azure server, slowed to ~1 s per
 * turn, rendering a course of 200 renders. `stop()` SIGKILLs it (its lock is then a dead owner's).
 */
export interface CliFolderHolder {
  readonly pid: number;
  /** The CLI's stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

const KEY = 'cas-folder-holder-key';

export async function holdFolderWithCli(course: { id: string } & Record<string, unknown>, outDir: string): Promise<CliFolderHolder> {
  const server = await startAzureServer({ key: KEY, seed: 3, latency: { connectMs: 20, firstByteMs: 1000, perCharMs: 0 } });
  const dir = await mkdtemp(join(tmpdir(), 'cas-holder-'));
  const file = join(dir, `${course.id}.json`);
  const phrases = Array.from({ length: 100 }, (_, i) => ({ id: `h${String(i + 1).padStart(3, '0')}`, known: `Phrase ${i + 1}.`, target: `Frase número ${i + 1}.` }));
  await writeFile(file, JSON.stringify({ ...course, phrases }));
  const child = spawnGenerate([file, '--engine', 'azure', '--azure-host', server.url, '--azure-key', KEY, '--max-connections', '1', '--out', outDir]);
  const result = collect(child, false);
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const cleanUp = async (): Promise<void> => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // The start line comes after the lock is taken and before the first render.
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (/to render with the azure engine/.test(text)) resolve();
      };
      child.stderr?.on('data', check);
      void result.then((outcome) => reject(new Error(`the holding CLI run ended early (${outcome.code}): ${outcome.stderr}`)));
    });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return {
    pid: child.pid!,
    stderr: () => text,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await result;
      await cleanUp();
    },
  };
}
