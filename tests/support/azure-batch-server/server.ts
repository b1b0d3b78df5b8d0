/**
 * A local Speech resource speaking the batch synthesis REST API (api-version 2024-04-01):
 *   PUT    /texttospeech/batchsyntheses/{id}   create (201), 400 on a bad id/body/limit, duplicate id
 *   GET    /texttospeech/batchsyntheses/{id}   the job (404 when unknown or deleted)
 *   GET    /texttospeech/batchsyntheses        paged list: skip, maxpagesize (<= 100), @nextLink
 *   DELETE /texttospeech/batchsyntheses/{id}   204
 *   GET    /results/{id}/results.zip?sig=…     the results zip (plays the blob SAS URL: no key needed)
 *   GET    /cognitiveservices/voices/list      the resource's voices (the WebSocket emulator's catalogue)
 * With `unavailable`, every request is answered 503 (a service outage).
 * Every API call needs the key header (when a key is set) and api-version, and counts against the
 * request quota (429 + Retry-After above it).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectedTurnForRunsMs } from '../azure-server/latency-model';
import { parseSsml } from '../azure-server/ssml-parser';
import { defaultVoices, VoiceCatalog } from '../azure-server/voices';
import { BatchJob } from './batch-job';
import { RateWindow } from './rate-window';
import type { BatchServer, BatchServerCounters, BatchServerOptions } from './types';

const API = '/texttospeech/batchsyntheses';
const VOICES_PATH = '/cognitiveservices/voices/list';
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{1,62}[A-Za-z0-9]$/;

export async function startBatchServer(options: BatchServerOptions = {}): Promise<BatchServer> {
  const voices = new VoiceCatalog(options.voices ?? defaultVoices());
  const maxInputs = options.maxInputs ?? 10_000;
  const maxPayloadBytes = options.maxPayloadBytes ?? 2 * 1024 * 1024;
  const rate = new RateWindow(options.rateLimit?.requests ?? 100, options.rateLimit?.windowMs ?? 10_000);
  const jobs = new Map<string, BatchJob>();
  const counters: BatchServerCounters = {
    requests: 0,
    creates: 0,
    gets: 0,
    lists: 0,
    deletes: 0,
    downloads: 0,
    voiceLists: 0,
    throttled: 0,
    inputsSynthesized: 0,
    jobIds: [],
    socketsOpen: 0,
    socketsPeak: 0,
    socketsTotal: 0,
  };
  let baseUrl = '';
  let unavailable = options.unavailable ?? false;

  const server = createServer((req, res) => {
    counters.requests++;
    void handle(req, res).catch((error: unknown) => sendError(res, 500, 'InternalServerError', (error as Error).message));
  });
  server.on('connection', (socket) => {
    counters.socketsOpen++;
    counters.socketsTotal++;
    counters.socketsPeak = Math.max(counters.socketsPeak, counters.socketsOpen);
    socket.on('close', () => counters.socketsOpen--);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    if (unavailable) return sendError(res, 503, 'ServiceUnavailable', 'The service is temporarily unavailable.');
    if (url.pathname === VOICES_PATH && req.method === 'GET') {
      counters.voiceLists++;
      if (options.key !== undefined && req.headers['ocp-apim-subscription-key'] !== options.key)
        return sendError(res, 401, 'Unauthorized', 'Access denied due to invalid subscription key or wrong API endpoint.');
      return sendJson(res, 200, voices.entries);
    }
    const download = /^\/results\/([^/]+)\/results\.zip$/.exec(url.pathname);
    if (download && req.method === 'GET') {
      const job = jobs.get(decodeURIComponent(download[1]!));
      if (!job?.results || url.searchParams.get('sig') !== job.resultSignature) return sendError(res, 404, 'BlobNotFound', 'The specified blob does not exist.');
      counters.downloads++;
      res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': job.results.byteLength });
      res.end(job.results);
      return;
    }
    if (url.pathname !== API && !url.pathname.startsWith(`${API}/`)) return sendError(res, 404, 'NotFound', `No route ${url.pathname}`);
    if (options.key !== undefined && req.headers['ocp-apim-subscription-key'] !== options.key) {
      return sendError(res, 401, 'Unauthorized', 'Access denied due to invalid subscription key or wrong API endpoint.');
    }
    const admitted = rate.admit(Date.now());
    if (!admitted.ok) {
      counters.throttled++;
      res.setHeader('Retry-After', String(admitted.retryAfterSeconds));
      return sendError(res, 429, 'TooManyRequests', 'Too many requests. Please retry after the time given in Retry-After.');
    }
    if (!url.searchParams.get('api-version')) return sendError(res, 400, 'InvalidRequest', 'The api-version query parameter is required.');
    const id = url.pathname.length > API.length + 1 ? decodeURIComponent(url.pathname.slice(API.length + 1)) : undefined;

    if (id === undefined) {
      if (req.method !== 'GET') return sendError(res, 405, 'MethodNotAllowed', `${req.method} is not allowed here`);
      counters.lists++;
      const skip = Math.max(0, Number(url.searchParams.get('skip') ?? 0) || 0);
      const pageSize = Math.min(100, Math.max(1, Number(url.searchParams.get('maxpagesize') ?? 100) || 100));
      const all = [...jobs.values()];
      const page = all.slice(skip, skip + pageSize).map((job) => job.toJson(resultUrl(job)));
      const next = skip + pageSize < all.length ? `${baseUrl}${API}?skip=${skip + pageSize}&maxpagesize=${pageSize}&api-version=${url.searchParams.get('api-version')}` : undefined;
      return sendJson(res, 200, { value: page, ...(next ? { '@nextLink': next } : {}) });
    }
    const job = jobs.get(id);
    switch (req.method) {
      case 'GET':
        counters.gets++;
        if (!job) return sendError(res, 404, 'NotFound', `The batch synthesis ${id} does not exist.`);
        return sendJson(res, 200, job.toJson(resultUrl(job)));
      case 'DELETE':
        counters.deletes++;
        if (!job) return sendError(res, 404, 'NotFound', `The batch synthesis ${id} does not exist.`);
        job.dispose();
        jobs.delete(id);
        res.writeHead(204).end();
        return;
      case 'PUT':
        return create(id, req, res);
      default:
        return sendError(res, 405, 'MethodNotAllowed', `${req.method} is not allowed here`);
    }
  }

  async function create(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { bytes: raw, size } = await readBody(req, maxPayloadBytes);
    if (size > maxPayloadBytes) return sendError(res, 400, 'InvalidPayload', `The request payload is larger than ${maxPayloadBytes} bytes.`);
    if (!ID_PATTERN.test(id))
      return sendError(res, 400, 'InvalidRequest', 'The id must be 3-64 letters, digits, hyphens, underscores or dots, starting and ending with a letter or digit.');
    if (jobs.has(id)) return sendError(res, 400, 'InvalidRequest', `A batch synthesis with id ${id} already exists.`);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      return sendError(res, 400, 'InvalidPayload', 'The request body is not valid JSON.');
    }
    const inputKind = body.inputKind;
    if (inputKind !== 'PlainText' && inputKind !== 'SSML') return sendError(res, 400, 'InvalidRequest', 'inputKind must be PlainText or SSML.');
    const inputs = Array.isArray(body.inputs) ? (body.inputs as Array<Record<string, unknown>>) : [];
    if (!inputs.length || inputs.some((input) => typeof input?.content !== 'string'))
      return sendError(res, 400, 'InvalidRequest', 'inputs must be a non-empty array of { content }.');
    if (inputs.length > maxInputs) return sendError(res, 400, 'InvalidRequest', `A batch synthesis takes at most ${maxInputs} inputs (got ${inputs.length}).`);
    const synthesisConfig = body.synthesisConfig as Record<string, unknown> | undefined;
    if (inputKind === 'PlainText' && typeof synthesisConfig?.voice !== 'string')
      return sendError(res, 400, 'InvalidRequest', 'synthesisConfig.voice is required for PlainText input.');
    const contents = inputs.map((input) => input.content as string);
    counters.creates++;
    counters.jobIds.push(id);
    const failure =
      counters.creates <= (options.failFirstJobs ?? 0)
        ? 'The synthesis service had an internal error (planned: one of the first jobs).'
        : options.failJobMarker && contents.some((content) => content.includes(options.failJobMarker!))
          ? 'The synthesis service had an internal error processing this job.'
          : undefined;
    const job = new BatchJob(
      {
        id,
        ...(typeof body.description === 'string' ? { description: body.description } : {}),
        inputKind,
        inputs: contents,
        properties: (body.properties as Record<string, unknown> | undefined) ?? {},
        ...(synthesisConfig ? { synthesisConfig } : {}),
        startAfterMs: options.queueMs ?? 1000,
        runMs: (options.jobBaseMs ?? 2000) + inputsCostMs(contents, inputKind),
        ...(failure ? { failure } : {}),
        failInput: (content) => Boolean(options.failInputMarker && content.includes(options.failInputMarker)),
      },
      voices,
      options.seed ?? 1,
      (count) => (counters.inputsSynthesized += count),
    );
    jobs.set(id, job);
    res.setHeader('Operation-Location', `${baseUrl}${API}/${encodeURIComponent(id)}?api-version=2024-04-01`);
    sendJson(res, 201, job.toJson(resultUrl(job)));
  }

  /** Service time of a job's inputs: per input, or the interactive cost model spread over the fleet. */
  function inputsCostMs(contents: readonly string[], inputKind: 'PlainText' | 'SSML'): number {
    const latency = options.latency;
    if (!latency) return (options.perInputMs ?? 20) * contents.length;
    let total = 0;
    for (const content of contents) {
      try {
        total += inputKind === 'SSML' ? expectedTurnForRunsMs(parseSsml(content, voices).runs, latency) : expectedTurnForRunsMs([{ text: content, rate: 1 }], latency);
      } catch {
        // an input the service cannot parse fails fast
      }
    }
    return Math.ceil(total / Math.max(1, options.fleet ?? 1));
  }

  const resultUrl = (job: BatchJob): string => `${baseUrl}/results/${encodeURIComponent(job.id)}/results.zip?sig=${job.resultSignature}`;

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    counters: () => ({ ...counters, jobIds: [...counters.jobIds] }),
    jobIds: () => [...jobs.keys()],
    setUnavailable: (value) => void (unavailable = value),
    close: async () => {
      for (const job of jobs.values()) job.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The body up to `limit` bytes (beyond it only counted), and its full size. */
function readBody(req: IncomingMessage, limit: number): Promise<{ bytes: Buffer; size: number }> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= limit) parts.push(chunk);
    });
    req.on('end', () => resolve({ bytes: Buffer.concat(parts), size }));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) return void res.end();
  res.setHeader('x-ms-error-code', code);
  sendJson(res, status, { error: { code, message } });
}
