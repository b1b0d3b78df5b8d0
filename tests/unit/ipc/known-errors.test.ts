import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../electron/main/core/ipc/dispatcher';
import type { InvokeHandlers } from '../../../electron/main/core/ipc/dispatcher';
import { redactSecrets as engineRedact } from '../../../electron/main/core/engines/azure/redact';
import { redactSecrets } from '../../../electron/main/core/redact';
import { redactSecrets as logRedact } from '../../../electron/main/core/studio/logger';
import { checkOutputFolder } from '../../../electron/main/core/studio/output-folder-check';
import { IPC_ERROR_CODES, IPC_ERROR_FALLBACK } from '../../../shared/ipc/error-codes';
import { IpcErrorSchema } from '../../../shared/ipc/contract';
import { useTempFolder } from '../../support/temp-folder';

describe('errors with a known cause say it', () => {
  const temp = useTempFolder('known-errors-');
  beforeAll(async () => {
    await writeFile(join(temp.dir, 'a-file'), 'x');
  });

  it('an output folder under a file, in /proc, or fine', async () => {
    await expect(checkOutputFolder(join(temp.dir, 'a-file', 'out'))).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/a-file" is a file, not a folder\. Choose another output folder/),
    });
    await expect(checkOutputFolder('/proc/nope')).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('/proc') });
    await expect(checkOutputFolder('/sys/kernel/out', { create: true })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(checkOutputFolder(join(temp.dir, 'new', 'deeper'))).resolves.toBeUndefined();
    await expect(checkOutputFolder(join(temp.dir, 'made'), { create: true })).resolves.toBeUndefined();
  });

  it('a file-system error reaches the page as io-error naming the path, not "Something went wrong"', async () => {
    const handlers = {
      'run:start': () => Promise.reject(Object.assign(new Error('ENOTDIR: not a directory, mkdir'), { code: 'ENOTDIR', path: '/etc/hostname/out' })),
    } as unknown as InvokeHandlers;
    const dispatch = createDispatcher({ handlers, isTrustedSender: () => true, validateOutputs: true });
    const result = await dispatch('run:start', undefined, {});
    expect(result.ok).toBe(false);
    const error = (result as { error: { code: string; message: string } }).error;
    expect(IpcErrorSchema.parse(error).code).toBe('io-error');
    expect(error.message).toContain('"/etc/hostname/out"');
    expect(error.message).toContain('a part of the path is a file, not a folder');
    expect(error.message).not.toContain('Something went wrong');
  });

  it("every IPC error code has the page's fallback sentence, in one place", () => {
    for (const code of IPC_ERROR_CODES) expect(IPC_ERROR_FALLBACK[code]).toMatch(/\.$/);
    expect(IpcErrorSchema.safeParse({ code: 'made-up', message: 'x' }).success).toBe(false);
  });
});

describe('one redaction for logs and engine messages', () => {
  const KEY = '0123456789abcdef0123456789abcdef';
  it('logs drop anything key-shaped; the engine drops its key but keeps connection ids; both write ***', () => {
    const id = 'ABCDEF0123456789ABCDEF0123456789';
    expect(logRedact(`failed for ${KEY} on ${id}`)).toBe('failed for *** on ***');
    expect(logRedact).toBe(redactSecrets);
    expect(engineRedact(`wss://x/?Ocp-Apim-Subscription-Key=${KEY}&X-ConnectionId=${id}`, KEY)).toBe(`wss://x/?Ocp-Apim-Subscription-Key=***&X-ConnectionId=${id}`);
    expect(redactSecrets('Authorization: Bearer abc.def')).toBe('Authorization: ***');
    expect(redactSecrets(`key ${encodeURIComponent('a/b+c=d')}`, ['a/b+c=d'])).toBe('key ***');
  });
});
