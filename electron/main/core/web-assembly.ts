/**
 * The WebAssembly constructors the core uses to instantiate a module by hand (LAME, ebur128), typed
 * here once: the project's TypeScript libs (ES2023, no DOM) do not declare the WebAssembly namespace.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

export const WebAssemblyApi = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object, imports: object) => { exports: unknown };
    };
  }
).WebAssembly;
