import { WebSocket } from 'ws';

export interface Envelope {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: { readonly code: string; readonly message: string };
}

/** The bridge's WebSocket wire format from Node (what bridge-client.js does in the page): invoke, and the events pushed. */
export class BridgeSocket {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: Envelope) => void>();
  readonly events: Array<{ event: string; payload: unknown }> = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: Envelope; event?: string; payload?: unknown };
      if (message.id !== undefined && message.result) this.waiting.get(message.id)?.(message.result);
      else if (message.event) this.events.push({ event: message.event, payload: message.payload });
    });
  }

  /** `studioUrl` is the `STUDIO_URL=` line's value: http://127.0.0.1:P/?token=T; connects as the page would (its token and origin). */
  static open(studioUrl: string): Promise<BridgeSocket> {
    const url = new URL(studioUrl);
    return BridgeSocket.connect(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, url.origin);
  }

  /** Connects to `wsUrl` with the `Origin` given (none: no header); a refused upgrade rejects with "HTTP <status>". */
  static connect(wsUrl: string, origin: string | undefined): Promise<BridgeSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(wsUrl, origin ? { origin } : {});
      socket.once('open', () => resolve(new BridgeSocket(socket)));
      socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
      socket.once('error', reject);
    });
  }

  invoke(channel: string, input?: unknown): Promise<Envelope> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.socket.send(JSON.stringify({ id, channel, input }));
    });
  }

  close(): void {
    this.socket.close();
  }
}
