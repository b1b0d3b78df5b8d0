import { z } from 'zod';

/**
 * What the studio's Tracks tab needs beside tracks:list / tracks:build / export:anki
 * (deliverables-contract.ts): a built track's audio to play, and a track or export file revealed in
 * the file manager. Spread into `invokeContract` (contract.ts); main validates every input here.
 */

/** A deliverable's path relative to the course's output folder; main also checks it names one of the course's files. */
const deliverableFile = z
  .string()
  .min(1)
  .max(1000)
  .regex(/^(tracks|exports)\//, 'must be a file under tracks/ or exports/');

export const trackPlaybackContract = {
  /** A built track file to play: an audio URL served like a render's (by token, with Range), and its duration. */
  'tracks:audio': { input: z.object({ file: deliverableFile }).strict(), output: z.object({ url: z.string(), durationMs: z.number() }) },
  /** Reveals a track or export file of the open course in the file manager (the bridge only answers its path). */
  'deliverables:reveal': { input: z.object({ file: deliverableFile }).strict(), output: z.object({ path: z.string() }) },
} as const;
