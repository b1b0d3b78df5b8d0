import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A full GC when one can be had: --expose-gc, or switched on here through V8's flags. */
export function forceGc(): boolean {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      return false;
    }
  }
  gc();
  gc();
  return true;
}
