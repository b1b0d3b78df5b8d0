/**
 * A CommonJS package's `module.exports`, loaded with a dynamic `import()` on first use: a run that
 * never resamples or exports a deck never pays for loading those libraries (in every
 * thread that would otherwise import them). Node hands such a module over as the namespace's
 * `default`; loaded from TypeScript under tsx (the CLI from source, a derive worker in tests) the
 * namespace can be the exports themselves, so `isExports` recognises them whichever way they came.
 *
 * Returns the loader: the first call imports, later calls share that import; a failed import is tried
 * again by the next call.
 */
export function lazyCommonJs<T>(load: () => Promise<unknown>, isExports: (value: unknown) => value is T, name: string): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load()
      .then((namespace) => {
        const found = [(namespace as { default?: unknown } | undefined)?.default, namespace].find(isExports);
        if (found === undefined) throw new Error(`${name} did not load as expected (its exports were not found)`);
        return found;
      })
      .catch((error: unknown) => {
        loading = undefined; // let the next call try again
        throw error;
      }));
}
