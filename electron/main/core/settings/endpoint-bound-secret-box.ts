import { azureEndpointId, describeAzureEndpoint, isRegionEndpoint, type AzureEndpointSettings } from './azure-endpoint';
import type { SecretBox } from './secret-box';

/**
 * Asks the producer, in main (never the page), whether the key saved for `from` may be sent to `to`.
 * Electron: a dialog (platform/confirm-key-transfer.ts); the bridge and tests: refuseKeyTransfer.
 */
export type ConfirmKeyTransfer = (from: string, to: string) => Promise<boolean>;

export const refuseKeyTransfer: ConfirmKeyTransfer = async () => false;

/** What is sealed in the inner box: the key and the endpoint it was saved for. */
interface BoundKey {
  readonly v: 1;
  readonly key: string;
  /** azureEndpointId() at the time the key was saved ('' when no endpoint was set yet). */
  readonly endpoint: string;
}

/**
 * The Azure key, bound to the endpoint (region or host) it was saved for. Why: the page may change
 * settings (settings:update), so without this a compromised page could point the host at a server
 * of its own and have main send it the key with the next voices:list. Here a changed endpoint does
 * not carry the key along: get() hands it out only for its own endpoint, or after the producer
 * confirmed the move in a main-process dialog (the key is then bound to the new endpoint), and
 * has() (the page's `keySet`) is false until the producer re-enters the key.
 *
 * A key saved before any endpoint was set goes with the first Azure region (all of them are
 * Microsoft's), but not to a custom host without asking. A key stored before binding existed (a
 * bare string) counts as saved for the endpoint configured when the app started.
 */
export class EndpointBoundSecretBox implements SecretBox {
  private readonly startupEndpoint: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly inner: SecretBox,
    private readonly endpoint: () => AzureEndpointSettings,
    private readonly confirmTransfer: ConfirmKeyTransfer,
  ) {
    this.startupEndpoint = azureEndpointId(endpoint());
  }

  async set(secret: string): Promise<void> {
    const bound: BoundKey = { v: 1, key: secret, endpoint: azureEndpointId(this.endpoint()) };
    await this.inner.set(JSON.stringify(bound));
  }

  /** Serialized: concurrent engine builds wait for one answer (one dialog), then see the new binding. */
  get(): Promise<string | null> {
    const result = this.queue.then(() => this.resolveKey());
    this.queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  async clear(): Promise<void> {
    await this.inner.clear();
  }

  /** A key usable for the current endpoint without asking: what the page sees as `keySet`. */
  async has(): Promise<boolean> {
    const bound = await this.read();
    return bound !== null && usableWithoutAsking(bound.endpoint, azureEndpointId(this.endpoint()));
  }

  private async resolveKey(): Promise<string | null> {
    const bound = await this.read();
    if (!bound) return null;
    const current = azureEndpointId(this.endpoint());
    if (usableWithoutAsking(bound.endpoint, current)) return bound.key;
    if (current === '') return null;
    const confirmed = await this.confirmTransfer(describeAzureEndpoint(bound.endpoint), describeAzureEndpoint(current)).catch(() => false);
    // The settings may have moved again while the dialog was open: bind to what was confirmed only.
    if (!confirmed || azureEndpointId(this.endpoint()) !== current) return null;
    await this.inner.set(JSON.stringify({ v: 1, key: bound.key, endpoint: current } satisfies BoundKey));
    return bound.key;
  }

  private async read(): Promise<BoundKey | null> {
    const stored = await this.inner.get();
    if (stored === null) return null;
    try {
      const parsed = JSON.parse(stored) as Partial<BoundKey>;
      if (parsed.v === 1 && typeof parsed.key === 'string' && typeof parsed.endpoint === 'string') return parsed as BoundKey;
    } catch {
      // a bare key from before binding existed
    }
    return { v: 1, key: stored, endpoint: this.startupEndpoint };
  }
}

function usableWithoutAsking(boundTo: string, current: string): boolean {
  return boundTo === current || (boundTo === '' && (current === '' || isRegionEndpoint(current)));
}
