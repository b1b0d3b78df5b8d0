/**
 * DEV ONLY, never shipped: a tiny in-page imitation of window.api for looking at the studio's UI
 * without the main process (see preview.ts). The real tests drive the real bridge.
 *
 * The function is serialized by Playwright's addInitScript, so it must be self-contained: no
 * imports at run time (types only), no closures over module scope.
 */
import type { CourseView, Estimate, PoolGauges, RenderCell, RunView, SettingsView, StudioApi, VoiceInfo } from '../../../../shared/ipc/contract';
import { spanishForEnglishFrame } from '../../../support/course-fixtures';

export interface FakeOptions {
  phrases: number;
  /** One render in N fails (0: none). */
  failEvery: number;
  /** Simulate a throttling hold once this fraction of the run is done (0: never). */
  holdAt: number;
  renderMs: number;
  sampleOnly?: boolean;
}

export function installFakeStudioApi(options: FakeOptions): void {
  type Listener = (payload: unknown) => void;
  const listeners = new Map<string, Set<Listener>>();
  const emit = (event: string, payload: unknown): void => listeners.get(event)?.forEach((l) => l(payload));
  const fail = (code: string, message: string): never => {
    throw Object.assign(new Error(message), { code });
  };
  const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

  // ------------------------------------------------------------------ data
  const KNOWN = [
    'Hello, how are you?',
    'Good morning.',
    'Where is the station?',
    'I would like a coffee, please.',
    'What time is it?',
    'Thank you very much.',
    'I do not understand.',
    'Can you speak more slowly?',
    'How much does it cost?',
    'See you tomorrow.',
  ];
  const TARGET = [
    'Hola, ¿cómo estás?',
    'Buenos días.',
    '¿Dónde está la estación?',
    'Quisiera un café, por favor.',
    '¿Qué hora es?',
    'Muchas gracias.',
    'No entiendo.',
    '¿Puede hablar más despacio?',
    '¿Cuánto cuesta?',
    'Hasta mañana.',
  ];
  const voices: VoiceInfo[] = [
    { shortName: 'es-ES-ElviraNeural', displayName: 'Elvira', locale: 'es-ES', localeName: 'Spanish (Spain)', gender: 'Female' },
    { shortName: 'es-ES-AlvaroNeural', displayName: 'Álvaro', locale: 'es-ES', localeName: 'Spanish (Spain)', gender: 'Male' },
    { shortName: 'es-ES-AbrilNeural', displayName: 'Abril', locale: 'es-ES', localeName: 'Spanish (Spain)', gender: 'Female' },
    { shortName: 'es-ES-ArnauNeural', displayName: 'Arnau', locale: 'es-ES', localeName: 'Spanish (Spain)', gender: 'Male' },
    { shortName: 'en-US-JennyNeural', displayName: 'Jenny', locale: 'en-US', localeName: 'English (United States)', gender: 'Female' },
    { shortName: 'en-US-GuyNeural', displayName: 'Guy', locale: 'en-US', localeName: 'English (United States)', gender: 'Male' },
  ];
  let course: CourseView | null = null;
  const cells = new Map<string, RenderCell>();
  let settings: SettingsView = {
    engine: 'offline',
    azure: { region: 'westeurope', host: '', keySet: false },
    outputDir: '/home/producer/Courses/out',
    format: 'mp3',
    maxConnections: 8,
    pricePerMillionChars: 16,
  };
  const emptyProgress: RunView['progress'] = { total: 0, done: 0, cached: 0, failed: 0, cancelled: 0, running: 0, remaining: 0, rendersPerSecond: 0, etaMs: null, elapsedMs: 0 };
  let run: RunView = { state: 'idle', progress: { ...emptyProgress }, hold: null, stopReason: null, failures: [], engine: null, outputDir: null };
  const pool: PoolGauges = {
    engine: 'offline',
    inUse: 0,
    idle: 2,
    max: 8,
    limit: 8,
    waiters: 0,
    opened: 2,
    closed: 0,
    throttleEvents: 0,
    throttlePerMinute: 0,
    latencyP50Ms: 0,
    latencyP95Ms: 0,
    throughput: [],
    lastEvent: null,
  };

  function makeCourse(name: string, count: number): CourseView {
    const phrases = Array.from({ length: count }, (_, i) => ({
      id: `p${String(i + 1).padStart(count > 999 ? 5 : 3, '0')}`,
      lesson: `L${String(Math.floor(i / 20) + 1).padStart(2, '0')}`,
      known: KNOWN[i % KNOWN.length]!,
      target: TARGET[i % TARGET.length]!,
    }));
    const frame = spanishForEnglishFrame();
    return {
      file: `resources/courses/${name}.json`,
      id: name,
      title: 'Spanish for English speakers: Starter',
      languages: frame.languages,
      voices: frame.voices,
      variants: frame.variants,
      phrases,
      warnings: [],
    };
  }

  // ------------------------------------------------------------------ audio
  function wavUrl(seconds: number, pitch: number): string {
    const rate = 16000;
    const n = Math.floor(seconds * rate);
    const buf = new ArrayBuffer(44 + n * 2);
    const v = new DataView(buf);
    const str = (o: number, s: string): void => [...s].forEach((c, i) => v.setUint8(o + i, c.charCodeAt(0)));
    str(0, 'RIFF');
    v.setUint32(4, 36 + n * 2, true);
    str(8, 'WAVE');
    str(12, 'fmt ');
    v.setUint32(16, 16, true);
    v.setUint16(20, 1, true);
    v.setUint16(22, 1, true);
    v.setUint32(24, rate, true);
    v.setUint32(28, rate * 2, true);
    v.setUint16(32, 2, true);
    v.setUint16(34, 16, true);
    str(36, 'data');
    v.setUint32(40, n * 2, true);
    for (let i = 0; i < n; i++) {
      const t = i / rate;
      const env = Math.abs(Math.sin(Math.PI * t * 3.1)) * Math.min(1, (seconds - t) * 8);
      v.setInt16(44 + i * 2, Math.round(Math.sin(2 * Math.PI * pitch * t) * env * 6000), true);
    }
    return URL.createObjectURL(new Blob([buf], { type: 'audio/wav' }));
  }
  const peaksFor = (seed: number): number[] =>
    Array.from({ length: 400 }, (_, i) =>
      Math.max(0.02, Math.abs(Math.sin(i / 11 + seed)) * (0.35 + 0.6 * Math.abs(Math.sin(i / 37 + seed * 3))) * Math.min(1, (400 - i) / 40, i / 10)),
    );

  // ------------------------------------------------------------------ run simulation
  const keys = (): string[] => (course ? course.phrases.flatMap((p) => course!.variants.map((v) => `${p.id}/${v.id}`)) : []);
  let changed: Record<string, RenderCell> = {};
  const setCell = (id: string, cell: RenderCell): void => {
    cells.set(id, cell);
    changed[id] = cell;
  };
  let inFlight = 0;
  let started = 0;
  let finishedTimes: number[] = [];
  let holdDone = false;
  let tick: ReturnType<typeof setInterval> | null = null;

  function recount(): void {
    const p = { ...emptyProgress, total: cells.size };
    for (const c of cells.values()) {
      if (c.status === 'done') p.done++;
      else if (c.status === 'cached') p.cached++;
      else if (c.status === 'failed') p.failed++;
      else if (c.status === 'cancelled') p.cancelled++;
      else if (c.status === 'running' || c.status === 'retrying') p.running++;
    }
    p.remaining = p.total - p.done - p.cached - p.failed - p.cancelled;
    const now = Date.now();
    finishedTimes = finishedTimes.filter((t) => now - t < 10_000);
    p.rendersPerSecond = finishedTimes.length / Math.min(10, Math.max(1, (now - started) / 1000));
    p.etaMs = p.rendersPerSecond > 0 ? (p.remaining / p.rendersPerSecond) * 1000 : null;
    p.elapsedMs = started ? now - started : 0;
    const groups = new Map<string, { kind: string; message: string; count: number; cells: string[] }>();
    for (const [id, c] of cells) {
      if (c.status !== 'failed') continue;
      const kind = c.errorKind ?? 'engine';
      const g = groups.get(kind) ?? { kind, message: c.error ?? '', count: 0, cells: [] };
      g.count++;
      g.cells.push(id);
      groups.set(kind, g);
    }
    run = { ...run, progress: p, failures: [...groups.values()] };
  }

  function startTicking(): void {
    if (tick) return;
    let n = 0;
    tick = setInterval(() => {
      n++;
      if (run.state === 'running' || run.state === 'holding') dispatch();
      recount();
      if (run.state === 'running' && run.progress.remaining === 0 && inFlight === 0) run = { ...run, state: 'finished' };
      if ((run.state === 'paused' || run.state === 'stopping') && inFlight === 0 && run.state === 'stopping') run = { ...run, state: 'cancelled' };
      if (Object.keys(changed).length) {
        emit('cells:changed', { cells: changed });
        changed = {};
      }
      emit('run:changed', clone(run));
      if (n % 10 === 0) {
        pool.throughput = [...pool.throughput, finishedTimes.filter((t) => Date.now() - t < 1000).length].slice(-120);
        pool.throttlePerMinute = run.hold ? 3 : Math.max(0, pool.throttlePerMinute - 0.1);
      }
      if (n % 3 === 0) {
        pool.inUse = inFlight;
        pool.idle = Math.max(0, Math.min(pool.max, Math.max(2, pool.opened - pool.closed)) - inFlight);
        emit('pool:changed', clone(pool));
      }
      if (run.state !== 'running' && run.state !== 'holding' && run.state !== 'stopping' && inFlight === 0 && run.state !== 'paused') {
        clearInterval(tick!);
        tick = null;
      }
    }, 100);
  }

  function dispatch(): void {
    if (!course) return;
    if (options.holdAt > 0 && !holdDone && run.progress.total > 0 && (run.progress.done + run.progress.failed) / run.progress.total >= options.holdAt) {
      holdDone = true;
      run = { ...run, state: 'holding', hold: { reason: 'throttled', untilMs: Date.now() + 6000 } };
      pool.limit = 4;
      pool.throttleEvents += 3;
      pool.lastEvent = { atMs: Date.now(), kind: 'throttled', message: 'HTTP 429: Too many requests. Retry after 6 seconds.' };
      setTimeout(() => {
        run = { ...run, state: run.state === 'holding' ? 'running' : run.state, hold: null };
        setTimeout(() => (pool.limit = 6), 1500);
      }, 6000);
    }
    if (run.hold) return;
    for (const id of keys()) {
      if (inFlight >= pool.limit) break;
      const c = cells.get(id)!;
      if (c.status !== 'pending' && c.status !== 'queued' && c.status !== 'stale') continue;
      inFlight++;
      if (pool.opened - pool.closed < Math.min(pool.max, inFlight)) pool.opened++;
      setCell(id, { status: 'running', attempt: 1 });
      const my = id;
      const took = options.renderMs * (0.5 + Math.random());
      setTimeout(() => {
        inFlight--;
        finishedTimes.push(Date.now());
        const index = keys().indexOf(my);
        if (options.failEvery > 0 && index % options.failEvery === options.failEvery - 1) {
          setCell(my, {
            status: 'failed',
            attempt: 3,
            errorKind: index % 2 ? 'timeout' : 'invalid-ssml',
            error: index % 2 ? 'The service did not answer within 30 seconds (3 attempts).' : 'The voice could not read this text: unexpected "<" at position 12.',
          });
        } else if (cells.get(my)?.status === 'running') setCell(my, { status: 'done', durationMs: 900 + (index % 7) * 230 });
        pool.latencyP50Ms = options.renderMs * 0.9;
        pool.latencyP95Ms = options.renderMs * 1.7;
      }, took);
    }
  }

  // ------------------------------------------------------------------ contract
  const handlers: Record<string, (input: never) => unknown> = {
    'app:info': () => ({
      version: '0.1.0',
      platform: 'linux',
      transport: 'bridge',
      sampleCourses: [
        { name: 'es-en-starter', title: 'Spanish for English speakers: Starter' },
        { name: 'es-en-greetings', title: 'Spanish for English speakers: Greetings (CSV sample)' },
      ],
    }),
    'studio:snapshot': () => ({ course, cells: Object.fromEntries(cells), run, pool, settings }),
    'course:openDialog': () => fail('unsupported', 'There is no file dialog in the browser. Choose a file instead.'),
    'course:openSample': (input: { name: string }) => openCourse(makeCourse(input.name, options.phrases)),
    'course:import': (input: { name: string }) => openCourse({ ...makeCourse(input.name.replace(/\.\w+$/, ''), 30), file: input.name }),
    'course:openPath': () => fail('unsupported', 'Not in the fake.'),
    'course:assignVoice': (input: { role: string; voice: string }) => {
      if (!course) return fail('not-found', 'Open a course first.');
      course = { ...course, voices: { ...course.voices, [input.role]: input.voice } };
      emit('course:changed', clone(course));
      return clone(course);
    },
    // The Course tab, in memory: what the course view holds, with no pronunciations or output settings.
    'setup:get': () => {
      if (!course) return fail('not-found', 'Open a course first.');
      const { title, languages, voices, variants, file } = course;
      return clone({ title, languages, voices, variants, output: {}, pronunciations: [], storage: 'memory', file });
    },
    'setup:impact': () => ({ affected: cells.size, finished: 0, cells: [...cells.keys()].slice(0, 500), billableChars: null, costUsd: null }),
    'setup:save': (input: { title?: string; languages?: { target: string; known: string }; voices?: Record<string, string> }) => {
      if (!course) return fail('not-found', 'Open a course first.');
      course = {
        ...course,
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.languages ? { languages: input.languages } : {}),
        ...(input.voices ? { voices: input.voices } : {}),
      };
      emit('course:changed', clone(course));
      return handlers['setup:get']!(undefined as never);
    },
    'run:estimate': (): Estimate => {
      if (!course) return fail('not-found', 'Open a course first.');
      const left = [...cells.values()].filter((c) => c.status !== 'done' && c.status !== 'cached').length;
      const chars = left * 18;
      return {
        renders: cells.size,
        toRender: left,
        cached: cells.size - left,
        billableChars: chars,
        costUsd: settings.engine === 'azure' ? (chars / 1e6) * settings.pricePerMillionChars : null,
        estimatedMs: (left * options.renderMs) / 6,
      };
    },
    'run:start': () => {
      if (!course) return fail('not-found', 'Open a course first.');
      started = Date.now();
      run = { ...run, state: 'running', engine: settings.engine, outputDir: settings.outputDir, stopReason: null };
      startTicking();
      return clone(run);
    },
    'run:pause': () => ((run = { ...run, state: 'paused' }), clone(run)),
    'run:resume': () => ((run = { ...run, state: 'running' }), startTicking(), clone(run)),
    'run:cancel': () => {
      for (const [id, c] of cells) if (c.status === 'pending' || c.status === 'queued') setCell(id, { status: 'cancelled' });
      run = { ...run, state: inFlight ? 'stopping' : 'cancelled' };
      startTicking();
      return clone(run);
    },
    'run:retryFailed': () => {
      for (const [id, c] of cells) if (c.status === 'failed') setCell(id, { status: 'queued' });
      options.failEvery = 0;
      run = { ...run, state: 'running' };
      startTicking();
      return clone(run);
    },
    'run:renderCell': async (input: { phraseId: string; variantId: string }) => {
      await new Promise((r) => setTimeout(r, 300));
      const cell: RenderCell = { status: 'done', durationMs: 1400 };
      setCell(`${input.phraseId}/${input.variantId}`, cell);
      return cell;
    },
    'voices:list': (input: { locale?: string }) => voices.filter((v) => !input.locale || v.locale === input.locale),
    'audition:render': async (input: { text: string; voice: string; rate: number }) => {
      await new Promise((r) => setTimeout(r, 250));
      const seconds = Math.max(0.6, input.text.length / 14 / input.rate);
      return { url: wavUrl(seconds, input.voice.includes('Alvaro') || input.voice.includes('Guy') ? 140 : 220), durationMs: seconds * 1000 };
    },
    'preview:get': (input: { phraseId: string; variantId: string }) => {
      const c = cells.get(`${input.phraseId}/${input.variantId}`);
      if (!c || (c.status !== 'done' && c.status !== 'cached')) return fail('not-found', 'This phrase is not rendered yet. Press Enter to render it.');
      const seconds = (c.durationMs ?? 1500) / 1000;
      const slow = input.variantId.endsWith('slow');
      return {
        url: wavUrl(seconds, 200),
        durationMs: seconds * 1000,
        file: `${settings.outputDir}/es-en-starter/${input.phraseId}_${input.variantId}.${settings.format}`,
        peaks: peaksFor(input.phraseId.length + (slow ? 3 : 0)),
        voice: input.variantId === 'known' ? 'en-US-JennyNeural' : 'es-ES-ElviraNeural',
        rate: slow ? 0.7 : 1,
      };
    },
    'settings:get': () => clone(settings),
    'settings:update': (patch: Partial<SettingsView> & { azure?: Partial<SettingsView['azure']> }) => {
      settings = { ...settings, ...patch, azure: { ...settings.azure, ...(patch.azure ?? {}) } };
      emit('settings:changed', clone(settings));
      return clone(settings);
    },
    'settings:setKey': (input: { key: string | null }) => {
      settings = { ...settings, azure: { ...settings.azure, keySet: input.key !== null } };
      emit('settings:changed', clone(settings));
      return clone(settings);
    },
    'shell:showInFolder': () => ({ path: settings.outputDir }),
  };

  function openCourse(next: CourseView): CourseView {
    course = next;
    cells.clear();
    for (const id of keys()) cells.set(id, { status: 'pending' });
    run = { state: 'idle', progress: { ...emptyProgress, total: cells.size, remaining: cells.size }, hold: null, stopReason: null, failures: [], engine: null, outputDir: null };
    emit('course:changed', clone(course));
    emit('run:changed', clone(run));
    return clone(course);
  }

  const api = {
    async invoke(channel: string, input?: unknown): Promise<unknown> {
      await new Promise((r) => setTimeout(r, 20));
      const handler = handlers[channel];
      if (!handler) fail('unknown-channel', `No channel ${channel}`);
      return clone(await handler!(input as never));
    },
    on(event: string, listener: Listener): () => void {
      const set = listeners.get(event) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  } as unknown as StudioApi;
  (globalThis as unknown as { api: StudioApi }).api = api;
}
