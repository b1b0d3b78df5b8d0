import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretBox } from './secret-box';

const KEY_FILE = 'secret.key';
const SECRET_FILE = 'azure-key.enc';
const KEY_BYTES = 32;
const IV_BYTES = 12;

interface SealedSecret {
  readonly v: 1;
  readonly iv: string;
  readonly tag: string;
  readonly data: string;
}

/**
 * A SecretBox for plain Node (tests, `npm run studio:web`): AES-256-GCM with a random 256-bit key kept
 * in `secret.key` (mode 0600) next to the sealed secret (`azure-key.enc`, also 0600). This protects the
 * key from casual reading of the settings folder and from showing up in backups of settings.json,
 * not from someone who can read the user's files: that is what the Electron build's safeStorage
 * (OS keychain, DPAPI, libsecret) adds, and why the app uses that instead.
 */
export class FileSecretBox implements SecretBox {
  constructor(private readonly dir: string) {}

  get keyFile(): string {
    return join(this.dir, KEY_FILE);
  }

  get secretFile(): string {
    return join(this.dir, SECRET_FILE);
  }

  async set(secret: string): Promise<void> {
    const key = await this.key(true);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key!, iv);
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const sealed: SealedSecret = { v: 1, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
    await writePrivate(this.secretFile, JSON.stringify(sealed));
  }

  async get(): Promise<string | null> {
    const text = await readFile(this.secretFile, 'utf8').catch(ignoreMissing);
    if (text === undefined) return null;
    const key = await this.key(false);
    if (!key) return null;
    try {
      const sealed = JSON.parse(text) as SealedSecret;
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      // Tampered or sealed with a lost key: treat as not set (the producer re-enters the key).
      return null;
    }
  }

  async clear(): Promise<void> {
    await rm(this.secretFile, { force: true });
  }

  async has(): Promise<boolean> {
    return (await this.get()) !== null;
  }

  private async key(create: boolean): Promise<Buffer | undefined> {
    const existing = await readFile(this.keyFile).catch(ignoreMissing);
    if (existing?.length === KEY_BYTES) return existing;
    if (!create) return undefined;
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const key = randomBytes(KEY_BYTES);
    await writePrivate(this.keyFile, key);
    return key;
  }
}

/** Writes a file readable by its owner only: created 0600 (never briefly world-readable), then renamed into place. */
async function writePrivate(path: string, data: string | Buffer): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(temp, 0o600); // the umask cannot widen it, but be explicit
  await rename(temp, path);
}

function ignoreMissing(error: NodeJS.ErrnoException): undefined {
  if (error.code === 'ENOENT') return undefined;
  throw error;
}
