import * as nodeModule from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * `node --import tsx --import ./tests/support/fake-electron/register.ts out/main/index.js`: every
 * `import ... from 'electron'` (the bundle's and electron-store's) gets the fake (electron.ts) instead
 * of the npm package (which only names a binary). Needs module.registerHooks (Node >= 22.15, so the
 * Node 24 of Electron's main process; @types/node 20 does not declare it yet).
 */
interface ResolveResult {
  url: string;
  format?: string;
  shortCircuit?: boolean;
}
type Resolve = (specifier: string, context: unknown, next: (specifier: string, context: unknown) => ResolveResult) => ResolveResult;
const { registerHooks } = nodeModule as unknown as { registerHooks?: (hooks: { resolve: Resolve }) => unknown };
if (!registerHooks) throw new Error(`The fake Electron needs module.registerHooks (Node >= 22.15); this is Node ${process.version}.`);

const FAKE = pathToFileURL(new URL('./electron.ts', import.meta.url).pathname).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'electron') return { url: FAKE, format: 'module', shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
