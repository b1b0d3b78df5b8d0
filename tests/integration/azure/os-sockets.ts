/**
 * The OS's view of this process's TCP sockets to a port (Linux /proc/net/tcp), so a test counts
 * connections the way `ss -tn` would, not by the pool's own counters. Client sockets are the entries
 * whose REMOTE port is the server's; only states that hold a connection slot count: SYN_SENT (02),
 * ESTABLISHED (01), and SYN_RECV/FIN_WAIT are ignored (the server side, or already closing).
 */
import { readFileSync } from 'node:fs';

const ESTABLISHED = '01';
const SYN_SENT = '02';

export function clientSocketsTo(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let count = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 4) continue;
      const remotePort = fields[2]!.split(':')[1];
      const state = fields[3];
      if (remotePort === hexPort && (state === ESTABLISHED || state === SYN_SENT)) count++;
    }
  }
  return count;
}
