/**
 * The raw sockets under one SDK synthesizer, so they can be destroyed for real.
 *
 * Why (issue 9, protocol notes section 4.18): when a server accepts TCP but never answers the WebSocket
 * upgrade, the SDK's `ws` client (created without a `handshakeTimeout`) stays CONNECTING for ever.
 * Our connect timer rejects, but `synth.close()` only disposes a connection promise that has
 * resolved, and this one never does: every timed-out create leaked one ESTABLISHED socket.
 *
 * How: the SDK builds each connection through the synthesizer adapter's connection factory
 * (`internalData.privConnectionFactory.create`, SDK 1.52). Wrapping that method on this one adapter
 * records each `WebsocketConnection`; its message adapter holds the `ws` client
 * (`privConnectionMessageAdapter.privWebsocketClient`). `terminate()` on a CONNECTING `ws` aborts the
 * handshake and destroys the TCP socket; the SDK then sees a close (1006) and settles its promises.
 * All of it is internal: if a later SDK release renames these fields, tracking reports
 * `supported: false` and the timers still bound every wait (the socket may then linger).
 */
import type sdk from 'microsoft-cognitiveservices-speech-sdk';

interface RawSocket {
  readonly readyState?: number;
  terminate?: () => void;
  close?: () => void;
}

interface SdkConnection {
  privConnectionMessageAdapter?: { privWebsocketClient?: RawSocket | null };
}

interface ConnectionFactory {
  create: (...args: unknown[]) => Promise<SdkConnection>;
}

const WS_CONNECTING = 0;
const WS_CLOSED = 3;

export class SdkSockets {
  private readonly connections: SdkConnection[] = [];
  readonly supported: boolean;

  constructor(synth: sdk.SpeechSynthesizer) {
    const factory = (synth as unknown as { internalData?: { privConnectionFactory?: ConnectionFactory } }).internalData?.privConnectionFactory;
    this.supported = typeof factory?.create === 'function';
    if (!factory || !this.supported) return;
    const create = factory.create.bind(factory);
    // An own property on this adapter's factory instance: other synthesizers are untouched.
    factory.create = async (...args: unknown[]) => {
      const connection = await create(...args);
      this.connections.push(connection);
      return connection;
    };
  }

  /** Sockets created and not closed yet (CONNECTING or OPEN). */
  get live(): number {
    return this.connections.filter((connection) => {
      const socket = connection.privConnectionMessageAdapter?.privWebsocketClient;
      return socket && socket.readyState !== WS_CLOSED;
    }).length;
  }

  /**
   * Destroys this synthesizer's sockets at the TCP level; returns how many. `connectingOnly`: only
   * those still waiting for the upgrade (an open one is better closed by the SDK, with a close frame).
   */
  terminate(options: { connectingOnly?: boolean } = {}): number {
    let terminated = 0;
    for (const connection of [...this.connections]) {
      const socket = connection.privConnectionMessageAdapter?.privWebsocketClient;
      if (!socket || socket.readyState === WS_CLOSED) {
        this.connections.splice(this.connections.indexOf(connection), 1);
        continue;
      }
      if (options.connectingOnly && socket.readyState !== WS_CONNECTING) continue;
      this.connections.splice(this.connections.indexOf(connection), 1);
      try {
        if (socket.terminate) socket.terminate();
        else socket.close?.();
        terminated++;
      } catch {
        // already going away
      }
    }
    return terminated;
  }
}
