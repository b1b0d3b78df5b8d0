/**
 * The secret port: holds the Azure key, encrypted at rest. The studio service only asks has(), set()
 * and clear(); get() is called by the engine factory alone, when it builds an Azure engine, so the
 * key never travels to the renderer, into an event, a settings view or a log line.
 *
 * Implementations: FileSecretBox (Node, AES-256-GCM with a 0600 key file; tests and the bridge) and
 * the Electron adapter over safeStorage (OS keychain / DPAPI / libsecret) in platform/.
 */
export interface SecretBox {
  set(secret: string): Promise<void>;
  /** The secret, or null when none is stored. Only the engine factory calls this. */
  get(): Promise<string | null>;
  clear(): Promise<void>;
  has(): Promise<boolean>;
}
