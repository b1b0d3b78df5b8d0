import { ZodError, type z } from 'zod';
import { INVOKE_CHANNELS, type InvokeChannel } from '../../../../shared/ipc/channels';
import { invokeContract, type IpcError, type IpcResult } from '../../../../shared/ipc/contract';
import type { IpcErrorCode } from '../../../../shared/ipc/error-codes';
import { CourseLoadError } from '../course/course-issue';
import { EngineUnavailableError } from '../engines/create-engine';
import { isSynthesisError } from '../engines/synthesis-error';
import { redactSecrets, silentLogger, type Logger } from '../studio/logger';
import { StudioError } from '../studio/studio-error';
import { describeSystemError } from './system-error';

/** Who sent an invoke, as the transport saw it. */
export interface SenderInfo {
  /** URL of the frame that sent it (Electron: event.senderFrame.url). */
  readonly frameUrl?: string;
  /** Origin of the page (the bridge: the WebSocket's Origin header). */
  readonly origin?: string;
  readonly webContentsId?: number;
  /** False for subframes: only the app's top-level document may call main. */
  readonly isMainFrame?: boolean;
}

type HandlerInput<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['input']>;
type HandlerOutput<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['output']>;

export type InvokeHandlers = {
  [C in InvokeChannel]: (input: HandlerInput<C>, sender: SenderInfo) => Promise<HandlerOutput<C>> | HandlerOutput<C>;
};

export interface DispatcherOptions {
  readonly handlers: InvokeHandlers;
  readonly isTrustedSender: (sender: SenderInfo) => boolean;
  /** Check outputs against the contract too (dev and tests; default unless NODE_ENV is production). */
  readonly validateOutputs?: boolean;
  readonly log?: Logger;
}

export type Dispatch = (channel: unknown, input: unknown, sender: SenderInfo) => Promise<IpcResult<unknown>>;

const CHANNELS = new Set<string>(INVOKE_CHANNELS);
const INTERNAL_MESSAGE = 'Something went wrong inside the studio. Try again; if it keeps happening, restart the app (details are in the log).';
/** Long located issue lists are cut so one message stays readable; the log has them all. */
const MAX_COURSE_ISSUES = 30;

/**
 * The one entry point for every invoke, whatever the transport (Electron IPC, the WebSocket bridge):
 * allowlisted channel, trusted sender, input parsed by the contract's zod schema, handler, result
 * envelope. Nothing throws across it: every outcome is `{ ok, value }` or `{ ok: false, error }` with
 * a stable code, so errors survive structured cloning and JSON alike.
 */
export function createDispatcher(options: DispatcherOptions): Dispatch {
  const log = options.log ?? silentLogger;
  const validateOutputs = options.validateOutputs ?? process.env.NODE_ENV !== 'production';

  return async function dispatch(channel, input, sender) {
    if (typeof channel !== 'string' || !CHANNELS.has(channel)) {
      return failure('unknown-channel', `"${typeof channel === 'string' ? channel.slice(0, 80) : typeof channel}" is not a studio channel.`);
    }
    const name = channel as InvokeChannel;
    let trusted = false;
    try {
      trusted = options.isTrustedSender(sender);
    } catch {
      trusted = false;
    }
    if (!trusted) {
      log.warn(`ipc: refused ${name} from an untrusted sender (${redactSecrets(String(sender.frameUrl ?? sender.origin ?? 'unknown'))})`);
      return failure('forbidden', 'This request did not come from the studio window.');
    }
    const contract = invokeContract[name];
    const parsed = contract.input.safeParse(input);
    if (!parsed.success) return failure('invalid-input', describeIssues(name, parsed.error));

    let value: unknown;
    try {
      const handler = options.handlers[name] as (input: unknown, sender: SenderInfo) => unknown;
      value = await handler(parsed.data, sender);
    } catch (error) {
      return mapError(name, error, log);
    }
    if (validateOutputs) {
      const checked = contract.output.safeParse(value);
      if (!checked.success) {
        log.error(`ipc: ${name} returned a value that does not match the contract: ${describeIssues(name, checked.error)}`);
        return failure('internal', INTERNAL_MESSAGE);
      }
      return { ok: true, value: checked.data };
    }
    return { ok: true, value };
  };
}

function failure(code: IpcErrorCode, message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

/**
 * Paths and messages only, never the offending values: an invalid settings:setKey input must not
 * echo the key back (zod's own messages name limits and types, not values).
 */
function describeIssues(channel: string, error: ZodError): string {
  const issues = error.issues.slice(0, 5).map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`);
  return `Invalid request for ${channel}: ${issues.join('; ')}${error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : ''}.`;
}

function mapError(channel: string, error: unknown, log: Logger): IpcResult<never> {
  if (error instanceof StudioError) return failure(error.code, error.message);
  if (error instanceof CourseLoadError) {
    const issues = error.issues.length;
    const shown = error.message.split('\n').slice(0, MAX_COURSE_ISSUES).join('\n');
    return failure('course-invalid', issues > MAX_COURSE_ISSUES ? `${shown}\n… and ${issues - MAX_COURSE_ISSUES} more problems.` : shown);
  }
  if (error instanceof EngineUnavailableError) return failure('engine-unavailable', redactSecrets(error.message));
  if (isSynthesisError(error)) {
    // An audition or voice list the engine refused: say why, in the service's words (redacted).
    const message = redactSecrets(error.detail ? `${error.message} (${error.detail})` : error.message);
    return failure(error.kind === 'bad-request' ? 'invalid-input' : error.kind === 'cancelled' ? 'busy' : 'engine-unavailable', message);
  }
  if (error instanceof ZodError) return failure('invalid-input', describeIssues(channel, error));
  // A file-system error with a known cause says so (with its path), not "something went wrong".
  const system = describeSystemError(error);
  if (system) {
    log.warn(`ipc: ${channel}: ${redactSecrets(system.message)}`);
    return { ok: false, error: system };
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}${error.stack ? `\n${error.stack.split('\n').slice(1, 6).join('\n')}` : ''}` : String(error);
  log.error(`ipc: ${channel} failed: ${redactSecrets(detail)}`);
  return failure('internal', INTERNAL_MESSAGE);
}
