/**
 * Where Azure requests go, and which custom hosts may receive the key at all.
 *
 * The endpoint is the region (`<region>.tts.speech.microsoft.com`) or a custom host (a speech
 * container, `npm run azure-local`); the host wins when both are set, as in the engine. A custom host
 * must be `https://`/`wss://`, or `http://`/`ws://` on this computer (127.0.0.0/8, ::1, localhost):
 * anything else would send the key in the clear over a network.
 */
export interface AzureEndpointSettings {
  readonly region: string;
  readonly host: string;
}

/** A stable id of the endpoint ('' when none is set): the key is bound to one of these. */
export function azureEndpointId(azure: AzureEndpointSettings): string {
  const host = azure.host.trim();
  if (host) {
    try {
      const url = new URL(host);
      return `host:${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
    } catch {
      return `host:${host}`;
    }
  }
  const region = azure.region.trim().toLowerCase();
  return region ? `region:${region}` : '';
}

/** How the endpoint is shown to the producer (dialogs, messages). */
export function describeAzureEndpoint(id: string): string {
  if (id.startsWith('host:')) return id.slice('host:'.length);
  if (id.startsWith('region:')) return `the Azure region "${id.slice('region:'.length)}" (${id.slice('region:'.length)}.tts.speech.microsoft.com)`;
  return 'no service';
}

export function isRegionEndpoint(id: string): boolean {
  return id.startsWith('region:');
}

const LOOPBACK_NAMES = new Set(['localhost', '[::1]']);

export function isLoopbackHostname(hostname: string): boolean {
  const name = hostname.toLowerCase();
  return LOOPBACK_NAMES.has(name) || name.endsWith('.localhost') || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** Why a custom host is refused, or undefined when it is acceptable ('' means "no custom host"). */
export function azureHostProblem(host: string): string | undefined {
  if (host.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(host.trim());
  } catch {
    return `"${host}" is not a URL: give the custom host as https://name[:port] (or http://127.0.0.1:port for a service on this computer).`;
  }
  if (url.protocol === 'https:' || url.protocol === 'wss:') return undefined;
  if (url.protocol === 'http:' || url.protocol === 'ws:') {
    if (isLoopbackHostname(url.hostname)) return undefined;
    return `The custom host ${url.origin} is not encrypted: use https:// (plain http:// is allowed only for 127.0.0.1, ::1 or localhost), so the key is never sent in the clear.`;
  }
  return `The custom host must start with https:// (or http:// for 127.0.0.1, ::1, localhost), not ${url.protocol}//.`;
}
