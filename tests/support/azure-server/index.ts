/** Public entry point of the Azure TTS emulator (see README.md). */
export { startAzureServer } from './server';
export { startSilentServer, type SilentServer } from './silent-server';
export type { AzureServer, AzureServerCounters, AzureServerOptions, TpsLimit, TurnLogEntry, TurnOutcome } from './types';
export {
  AUDIO_MS_PER_CHAR,
  MIN_AUDIO_MS,
  ZERO_LATENCY,
  audioDurationMs,
  audioDurationForRunsMs,
  clampRate,
  countChars,
  expectedTurnMs,
  expectedTurnForRunsMs,
  physicalLimitMs,
  type LatencyModel,
  type PhysicalLimitInput,
  type SpokenRun,
} from './latency-model';
export { TURN_FAULTS, UPGRADE_FAULTS, VOICES_FAULTS, type FaultKind, type FaultPlan, type TurnFault, type UpgradeFault, type VoicesFault } from './faults';
export { REASON_1007_THROTTLED, REASON_1011, REASON_1013_TOO_MANY, REASON_4429, REASON_IDLE, REASON_LIFETIME } from './close-reasons';
export { defaultVoices, VoiceCatalog, type VoiceEntry } from './voices';
export { parseSsml, parseProsodyRate, SsmlError, type ParsedSsml, type SsmlRun } from './ssml-parser';
export { parseXml, XmlSyntaxError } from './xml';
export { encodeBinaryFrame, encodeTextFrame, parseBinaryFrame, parseTextFrame, FrameError } from './frames';
export { parseOutputFormat, DEFAULT_OUTPUT_FORMAT, type OutputFormat } from './output-formats';
