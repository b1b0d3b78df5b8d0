import type { SettingsView } from '../../../../shared/ipc/contract';
import { isSynthesisError } from '../engines/synthesis-error';

export type KeyStatus = NonNullable<SettingsView['azure']['keyStatus']>;

/**
 * What the studio knows about the stored Azure key: only a voices call the service answered can say
 * "verified"; a refusal (401/403) says "refused"; anything else (no answer, no network) leaves it
 * "unverified", with the reason. The engine badge shows Ready only when verified.
 */
export class KeyCheck {
  private status: KeyStatus = 'unverified';
  private message: string | null = null;
  private generation = 0;

  constructor(private readonly onChange: () => void) {}

  view(keySet: boolean): { keyStatus: KeyStatus; keyMessage: string | null } {
    return keySet ? { keyStatus: this.status, keyMessage: this.message } : { keyStatus: 'unset', keyMessage: null };
  }

  /** A new key (or none): what was known about the old one is forgotten. */
  reset(): number {
    this.status = 'unverified';
    this.message = null;
    return ++this.generation;
  }

  /** The outcome of a voices call made with the key of `generation` (a later key change wins). */
  record(generation: number, outcome: { ok: true } | { ok: false; error: unknown }): void {
    if (generation !== this.generation) return;
    if (outcome.ok) {
      this.status = 'verified';
      this.message = null;
    } else if (isSynthesisError(outcome.error) && outcome.error.kind === 'auth') {
      this.status = 'refused';
      this.message = outcome.error.message;
    } else {
      this.status = 'unverified';
      this.message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    }
    this.onChange();
  }

  get current(): number {
    return this.generation;
  }
}
