/**
 * A host that accepts TCP connections and never answers anything on them: no HTTP, no WebSocket
 * upgrade (a hung gateway, a firewall that black-holes after the handshake). The SDK's `ws` client
 * then stays CONNECTING for ever; a client must time out and destroy such sockets itself.
 * It counts the connections at the TCP level, as the OS sees them.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface SilentServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** TCP connections accepted so far. */
  readonly accepted: number;
  /** Connections open now, and the most open at once. */
  readonly open: number;
  readonly peakOpen: number;
  close(): Promise<void>;
}

export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  let peakOpen = 0;
  const server: Server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    peakOpen = Math.max(peakOpen, sockets.size);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    // Read and discard the request: never a byte back.
    socket.resume();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get accepted() {
      return accepted;
    },
    get open() {
      return sockets.size;
    },
    get peakOpen() {
      return peakOpen;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
