/**
 * One synthesis turn on one socket (docs/design/azure-tts-protocol.md section 1.5):
 *
 *   turn.start → response{audio.streamId} → [WordBoundary metadata] → binary audio × n
 *   → SessionEnd metadata → turn.end
 *
 * Timing (latency-model.ts): with one jitter factor f per turn, the first audio frame goes out
 * f·firstByteMs after the ssml arrived, the last one and turn.end at f·(firstByteMs +
 * perCharMs·Σchars/rate), the frames in between evenly spaced. Throttling, invalid SSML and
 * faults end the turn by closing the socket, as the service does.
 */
import type { AudioChunk } from './audio-encoder';
import type { SynthPiece } from './audio-synth';
import { CODE_INVALID_PAYLOAD, CODE_NORMAL, CODE_SERVER_ERROR, CODE_THROTTLED, REASON_1007_THROTTLED, REASON_1011, REASON_4429 } from './close-reasons';
import { nowMs, type ServerEnv } from './env';
import type { TurnFault } from './faults';
import { encodeBinaryFrame, encodeTextFrame } from './frames';
import { expectedTurnForRunsMs } from './latency-model';
import { parseOutputFormat, type OutputFormat } from './output-formats';
import { hexId } from './rng';
import { SsmlError, parseSsml, type ParsedSsml } from './ssml-parser';
import { speechAudio } from './speech-audio';
import type { TurnLogEntry, TurnOutcome } from './types';

/** The socket operations a turn uses (implemented by Session). */
export interface TurnSocket {
  readonly isOpen: boolean;
  send(data: string | Buffer, done?: (error?: Error) => void): void;
  close(code: number, reason: string): void;
  terminate(): void;
}

export interface TurnRequest {
  readonly requestId: string;
  readonly ssml: string;
  readonly outputFormat: string;
  readonly wordBoundary: boolean;
  readonly sessionEnd: boolean;
  readonly receivedAt: number;
}

interface WordMark {
  readonly offsetMs: number;
  readonly durationMs: number;
  readonly text: string;
}

const TICKS_PER_MS = 10_000;

export class Turn {
  readonly entry: TurnLogEntry;
  /** Set by the idle-close fault: the session closes the socket once this turn is over. */
  closeSocketAfter = false;
  private finished = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly streamId: string;
  private readonly serviceTag: string;
  private readonly overCap: boolean;

  constructor(
    private readonly env: ServerEnv,
    private readonly socket: TurnSocket,
    private readonly request: TurnRequest,
    meta: { socketId: number; connectionId: string; overCap: boolean },
    private readonly onFinished: (turn: Turn) => void,
  ) {
    this.overCap = meta.overCap;
    this.streamId = hexId(env.rng);
    this.serviceTag = hexId(env.rng);
    this.entry = {
      requestId: request.requestId,
      connectionId: meta.connectionId,
      socketId: meta.socketId,
      voice: null,
      rate: null,
      text: null,
      ssml: request.ssml,
      outputFormat: request.outputFormat,
      wordBoundary: request.wordBoundary,
      receivedAt: request.receivedAt,
      startedAt: request.receivedAt,
      outcome: 'running',
      audioMs: 0,
      audioBytes: 0,
      billableChars: 0,
    };
  }

  get isFinished(): boolean {
    return this.finished;
  }

  start(): void {
    const { env, entry } = this;
    const t0 = performance.now();
    entry.startedAt = nowMs();
    env.counters.turnStarted();
    env.record(entry);

    const throttle = env.admitTurn(t0, { overCap: this.overCap });
    if (throttle !== undefined) {
      env.counters.throttled();
      this.failWithClose('throttled', throttle.code, throttle.reason);
      return;
    }

    let parsed: ParsedSsml;
    try {
      parsed = parseSsml(this.request.ssml, env.voices);
    } catch (error) {
      if (!(error instanceof SsmlError)) throw error;
      this.sendText('turn.start', { context: { serviceTag: this.serviceTag } });
      this.finish(error.kind === 'unsupported-voice' ? 'unsupported-voice' : 'invalid-ssml', CODE_INVALID_PAYLOAD, error.closeReason);
      return;
    }
    entry.voice = parsed.voice;
    entry.rate = parsed.rate;
    entry.text = parsed.text;

    const format = parseOutputFormat(this.request.outputFormat);
    if (!format) {
      this.sendText('turn.start', { context: { serviceTag: this.serviceTag } });
      this.finish('unsupported-format', CODE_INVALID_PAYLOAD, `Unsupported output format ${this.request.outputFormat}`);
      return;
    }

    const fault = env.faults.takeTurnFault();
    if (fault) {
      entry.fault = fault;
      env.counters.fault(fault);
    }
    if (fault === 'close-4429' || fault === 'close-1007') {
      env.counters.throttled();
      this.failWithClose(
        fault === 'close-4429' ? 'closed-4429' : 'closed-1007',
        fault === 'close-4429' ? CODE_THROTTLED : CODE_INVALID_PAYLOAD,
        fault === 'close-4429' ? REASON_4429 : REASON_1007_THROTTLED,
      );
      return;
    }
    if (fault === 'stall') {
      // Never answered; the turn stays open (and counted as running) until the socket goes away.
      entry.outcome = 'stalled';
      return;
    }
    if (fault === 'idle-close') this.closeSocketAfter = true;

    entry.billableChars = parsed.billableChars;
    env.counters.billable(parsed.billableChars);
    this.sendText('turn.start', { context: { serviceTag: this.serviceTag } });
    this.sendText('response', { context: { serviceTag: this.serviceTag }, audio: { type: 'inline', streamId: this.streamId } });
    void this.stream(parsed, format, fault, t0).catch((error: unknown) => {
      // An encoder failure is a server error: tell the client like the service would.
      if (!this.finished) this.finish('closed-1011', CODE_SERVER_ERROR, `${REASON_1011} ${String(error)}`);
    });
  }

  /** The socket is gone: stop, and settle the log entry if the turn was still running. */
  abort(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.finished) return;
    const outcome: TurnOutcome = this.entry.outcome === 'running' ? 'aborted' : this.entry.outcome;
    this.settle(outcome);
  }

  private failWithClose(outcome: TurnOutcome, code: number, reason: string): void {
    // 4429 arrives after turn.start (public reports: "USP state: TurnStarted"); 1007 throttling closes at once.
    if (code === CODE_THROTTLED) this.sendText('turn.start', { context: { serviceTag: this.serviceTag } });
    this.finish(outcome, code, reason);
  }

  private finish(outcome: TurnOutcome, closeCode?: number, closeReason?: string): void {
    if (closeCode !== undefined) {
      this.entry.closeCode = closeCode;
      this.entry.closeReason = closeReason;
    }
    // Close first, so the session sees a closing socket when the turn settles.
    if (closeCode !== undefined) this.socket.close(closeCode, closeReason ?? '');
    this.settle(outcome);
  }

  private settle(outcome: TurnOutcome): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.entry.outcome = outcome;
    this.entry.endedAt = nowMs();
    this.env.counters.turnFinished(outcome);
    this.onFinished(this);
  }

  private sendText(path: string, body: unknown, contentType = 'application/json; charset=utf-8'): void {
    if (!this.socket.isOpen) return;
    this.socket.send(
      encodeTextFrame(
        [
          ['X-RequestId', this.request.requestId],
          ['Content-Type', contentType],
          ['Path', path],
        ],
        JSON.stringify(body),
      ),
    );
  }

  private async stream(parsed: ParsedSsml, format: OutputFormat, fault: TurnFault | undefined, t0: number): Promise<void> {
    const latency = this.env.latency();
    const factor = latency.jitter ? 1 + latency.jitter * (this.env.rng() * 2 - 1) : 1;
    const firstByteMs = Math.max(0, latency.firstByteMs * factor);
    const turnMs = Math.max(firstByteMs, expectedTurnForRunsMs(parsed.runs, latency) * factor);
    this.entry.plannedTurnMs = turnMs;

    const encoded = await speechAudio(parsed, format, this.env.seed);
    const { chunks, pieces } = encoded;
    if (this.finished || !this.socket.isOpen) return;
    const audioMs = (encoded.samples / format.sampleRate) * 1000;
    this.entry.audioMs = audioMs;
    const words = this.request.wordBoundary ? wordMarks(parsed, pieces) : [];

    const n = chunks.length;
    const due = (i: number) => (n <= 1 ? firstByteMs : firstByteMs + ((turnMs - firstByteMs) * i) / (n - 1));
    const midTurnFault = fault === 'drop-mid-audio' || fault === 'close-1000-mid-turn' || fault === 'close-1011' ? fault : undefined;
    const faultAfter = midTurnFault ? Math.max(1, Math.floor(n / 2)) : Infinity;
    let next = 0;
    let wordIndex = 0;

    const pump = () => {
      this.timer = undefined;
      if (this.finished || !this.socket.isOpen) return;
      const elapsed = performance.now() - t0;
      while (next < n && due(next) <= elapsed) {
        const chunk = chunks[next] as AudioChunk;
        while (wordIndex < words.length && (words[wordIndex]?.offsetMs ?? Infinity) < chunk.endMs) {
          this.sendWord(words[wordIndex] as WordMark);
          wordIndex++;
        }
        const isFaultPoint = next + 1 === faultAfter;
        this.sendAudio(chunk.bytes, isFaultPoint && midTurnFault ? () => this.applyMidTurnFault(midTurnFault) : undefined);
        if (next === 0) this.entry.firstByteAt = nowMs();
        next++;
        if (isFaultPoint) return; // the fault fires once that frame has been written
      }
      if (next < n) {
        this.timer = setTimeout(pump, Math.max(0, due(next) - elapsed));
        return;
      }
      if (elapsed < turnMs) {
        this.timer = setTimeout(pump, turnMs - elapsed);
        return;
      }
      for (; wordIndex < words.length; wordIndex++) this.sendWord(words[wordIndex] as WordMark);
      if (this.request.sessionEnd) {
        this.sendText('audio.metadata', { Metadata: [{ Type: 'SessionEnd', Data: { Offset: Math.round(audioMs * TICKS_PER_MS) } }] }, 'application/json');
      }
      this.sendText('turn.end', {});
      this.finish('completed');
    };
    pump();
  }

  private sendAudio(payload: Buffer, written?: () => void): void {
    if (!this.socket.isOpen) return;
    const frame = encodeBinaryFrame(
      [
        ['X-RequestId', this.request.requestId],
        ['X-StreamId', this.streamId],
        ['Content-Type', this.contentType()],
        ['Path', 'audio'],
      ],
      payload,
    );
    this.entry.audioBytes += payload.length;
    this.env.counters.audio(payload.length);
    this.socket.send(frame, written ? () => written() : undefined);
  }

  private contentType(): string {
    return parseOutputFormat(this.request.outputFormat)?.contentType ?? 'audio/x-wav';
  }

  private sendWord(word: WordMark): void {
    this.sendText(
      'audio.metadata',
      {
        Metadata: [
          {
            Type: 'WordBoundary',
            Data: {
              Offset: Math.round(word.offsetMs * TICKS_PER_MS),
              Duration: Math.round(word.durationMs * TICKS_PER_MS),
              text: { Text: word.text, Length: word.text.length, BoundaryType: 'WordBoundary' },
            },
          },
        ],
      },
      'application/json',
    );
  }

  private applyMidTurnFault(fault: 'drop-mid-audio' | 'close-1000-mid-turn' | 'close-1011'): void {
    if (this.finished) return;
    if (fault === 'drop-mid-audio') {
      this.socket.terminate();
      this.settle('dropped');
    } else if (fault === 'close-1000-mid-turn') {
      this.finish('closed-1000', CODE_NORMAL, '');
    } else {
      this.finish('closed-1011', CODE_SERVER_ERROR, REASON_1011);
    }
  }
}

/** Word timings: each run's words spread over its speech piece in proportion to their position. */
function wordMarks(parsed: ParsedSsml, pieces: readonly SynthPiece[]): WordMark[] {
  const marks: WordMark[] = [];
  let cursor = 0;
  let runIndex = 0;
  for (const piece of pieces) {
    if (piece.kind === 'speech') {
      const run = parsed.runs[runIndex++];
      if (run) {
        const text = run.text;
        const total = Math.max(1, text.length);
        for (const m of text.matchAll(/[^\s.,;:!?¡¿"“”()]+/g)) {
          const start = m.index ?? 0;
          marks.push({
            offsetMs: cursor + (piece.ms * start) / total,
            durationMs: (piece.ms * m[0].length) / total,
            text: m[0],
          });
        }
      }
    }
    cursor += piece.ms;
  }
  return marks;
}
