/**
 * A lesson track written as MP3 by splicing (deliver/track-mp3.ts): each distinct clip encoded once,
 * the pauses as silent frames. Checked by ffmpeg, ffprobe and sox, never by the code under test: it
 * decodes without an error to exactly the length it reports, lasts its parts and pauses (within 1 %),
 * its chapters (read back by ffprobe) start where ffmpeg's silencedetect hears each phrase begin, and it
 * reads at the course loudness under the true-peak ceiling (ebur128).
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { RenderJob } from '../../../shared/model/render';
import { normalizeLoudness, type ShapingSettings } from '../../../electron/main/core/deliver/shaping';
import { encodeTrackMp3 } from '../../../electron/main/core/deliver/track-mp3';
import type { TrackPart, TrackPlan } from '../../../electron/main/core/deliver/track-plan';
import { renderTrack, type ShapedClip } from '../../../electron/main/core/deliver/track-render';
import { tagMp3 } from '../../../electron/main/core/deliver/track-tags';
import { mp3BitrateFor } from '../../../electron/main/core/output/mp3';
import { MP3_HEARD_DELAY } from '../../../electron/main/core/output/mp3-timeline';
import { ffmpegLoudness, ffmpegSamples } from '../../support/loudness-probe';
import { useTempFolder } from '../../support/temp-folder';

const exec = promisify(execFile);
const RATE = 22_050;
const LEAD_MS = 100;
const SHAPING: ShapingSettings = { loudness: { integrated: -18, truePeak: -1.5 }, silence: { leadMs: LEAD_MS, tailMs: 250 } };

const temp = useTempFolder('cas-track-mp3-');

/** A clip as shaping delivers it: 100 ms of digital silence, speech-like syllables, 250 ms of silence, at -18 LUFS. */
function shapedClip(seconds: number, seed: number): ShapedClip {
  const lead = Math.round((RATE * LEAD_MS) / 1000);
  const speech = Math.round(RATE * seconds);
  const raw = new Float32Array(lead + speech + Math.round(RATE * 0.25));
  for (let i = 0; i < speech; i++) {
    const t = i / RATE;
    const syllable = Math.max(0, Math.sin(Math.PI * (3 + seed) * t));
    raw[lead + i] = 0.2 * syllable * (0.6 * Math.sin(2 * Math.PI * (120 + 20 * seed) * t) + 0.3 * Math.sin(2 * Math.PI * 800 * t));
  }
  const normalized = normalizeLoudness(raw, RATE, { integrated: -18, truePeak: -1.5 });
  return { samples: normalized.samples, sampleRate: RATE, truePeakDbtp: normalized.loudness.truePeakDbtp };
}

const clip = (key: string): TrackPart => ({ kind: 'clip', job: { key } as RenderJob });

/** The sample course's drill (known, 1.5 s, target, 2x, slow, 2x, target; 2 s between) over `phrases` phrases. */
function drill(
  phrases: number,
  sequence = (p: number): TrackPart[] => [
    clip(`k${p}`),
    { kind: 'pause', seconds: 1.5 },
    clip(`t${p}`),
    { kind: 'repeat-gap', times: 2 },
    clip(`s${p}`),
    { kind: 'repeat-gap', times: 2 },
    clip(`t${p}`),
  ],
  betweenSeconds = 2,
): TrackPlan {
  return {
    track: 'drill',
    lesson: 'L01',
    file: 'tracks/drill/L01.mp3',
    title: 'Course - L01',
    number: 1,
    total: 1,
    betweenSeconds,
    key: 'k',
    phrases: Array.from({ length: phrases }, (_, p) => ({ phrase: `p${p + 1}`, parts: sequence(p) })),
  };
}

function clipsFor(phrases: number): Record<string, ShapedClip> {
  const clips: Record<string, ShapedClip> = {};
  for (let p = 0; p < phrases; p++) {
    clips[`k${p}`] = shapedClip(0.8 + 0.1 * p, 1 + p);
    clips[`t${p}`] = shapedClip(1.1 + 0.07 * p, 2 + p);
    clips[`s${p}`] = shapedClip(1.6 + 0.05 * p, 3 + p);
  }
  return clips;
}

async function ffmpegErrors(file: string): Promise<string> {
  const { stdout, stderr } = await exec('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-f', 'null', '-']);
  return `${stdout}${stderr}`.trim();
}

/** ffprobe's duration and chapters (it reads the ID3 CHAP frames; node-id3 wrote them). */
async function ffprobeInfo(file: string): Promise<{ seconds: number; rate: number; chapters: Array<{ start: number; end: number; title: string }> }> {
  const { stdout } = await exec('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=sample_rate', '-show_chapters', '-of', 'json', file]);
  const info = JSON.parse(stdout) as {
    format: { duration: string };
    streams: Array<{ sample_rate: string }>;
    chapters: Array<{ start_time: string; end_time: string; tags?: { title?: string } }>;
  };
  return {
    seconds: Number(info.format.duration),
    rate: Number(info.streams[0]!.sample_rate),
    chapters: info.chapters.map((chapter) => ({ start: Number(chapter.start_time), end: Number(chapter.end_time), title: chapter.tags?.title ?? '' })),
  };
}

/** Where sound begins after each silence of 0.1 s or more (ffmpeg's silencedetect at -50 dB), in seconds. */
async function onsets(file: string): Promise<number[]> {
  const { stderr } = await exec('ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-af', 'silencedetect=noise=-50dB:d=0.1', '-f', 'null', '-']);
  return [...stderr.matchAll(/silence_end: ([\d.]+)/g)].map((match) => Number(match[1]));
}

/** Renders and writes the track; what it reports, and the file. */
async function writeTrack(name: string, plan: TrackPlan, clips: Record<string, ShapedClip>, outputRate = RATE) {
  const rendered = await renderTrack(plan, async (job) => clips[job.key]!, SHAPING);
  const mp3 = await encodeTrackMp3(rendered.layout, rendered.sampleRate, outputRate, mp3BitrateFor(outputRate, 1));
  const file = join(temp.dir, `${name}.mp3`);
  await writeFile(file, tagMp3(mp3.bytes, plan, 'Course', mp3.chapters));
  return { rendered, mp3, file, plannedSeconds: rendered.layout.length / rendered.sampleRate };
}

describe('an MP3 lesson track spliced from its clips', () => {
  it('encodes each distinct clip once and decodes cleanly to its parts and pauses, chapters where each phrase is heard, at the course loudness', async () => {
    const phrases = 4;
    const { rendered, mp3, file, plannedSeconds } = await writeTrack('drill', drill(phrases), clipsFor(phrases));
    // On the planned grid: each phrase heard where the WAV track has it, plus the codec delay, within half a frame.
    for (const [index, chapter] of mp3.chapters.entries()) {
      const planned = rendered.chapters[index]!.startMs + (MP3_HEARD_DELAY / RATE) * 1000;
      expect(Math.abs(chapter.startMs - planned), `p${index + 1}`).toBeLessThanOrEqual((288 / RATE) * 1000 + 0.01);
    }
    // 4 phrases x (known, target, slow): the target played twice is encoded once.
    expect(mp3.encodedSegments).toBe(3 * phrases);
    expect(await ffmpegErrors(file)).toBe('');
    expect((await ffmpegSamples(file, RATE)).length).toBe(Math.round((mp3.durationMs * RATE) / 1000));
    const probe = await ffprobeInfo(file);
    // Its parts and pauses (the WAV track's length), within 1 %: only the codec delay is added.
    expect(Math.abs(probe.seconds - plannedSeconds) / plannedSeconds).toBeLessThan(0.01);
    expect(Math.abs(mp3.durationMs / 1000 - plannedSeconds) / plannedSeconds).toBeLessThan(0.01);
    // Chapters as written, read back by ffprobe; each starts a lead (100 ms) before its phrase is heard.
    expect(probe.chapters.map((chapter) => chapter.title)).toEqual(['p1', 'p2', 'p3', 'p4']);
    const heard = await onsets(file);
    for (const [index, chapter] of probe.chapters.entries()) {
      expect(Math.abs(chapter.start * 1000 - mp3.chapters[index]!.startMs)).toBeLessThanOrEqual(1);
      const onset = heard.find((time) => time > chapter.start - 0.05)!;
      expect(Math.abs(onset - (chapter.start + LEAD_MS / 1000)), `p${index + 1}: chapter ${chapter.start} s, heard ${onset} s`).toBeLessThan(0.03);
      if (index > 0) expect(chapter.start).toBeGreaterThan(probe.chapters[index - 1]!.end);
    }
    const level = await ffmpegLoudness(file);
    expect(Math.abs(level.integrated + 18), `${level.integrated} LUFS`).toBeLessThanOrEqual(1);
    expect(level.truePeak).toBeLessThanOrEqual(-1.5);
  });

  it('at 44.1 kHz (resampled, MPEG-1 frames): the same truths', async () => {
    const { mp3, file, plannedSeconds } = await writeTrack('drill-44k', drill(2), clipsFor(2), 44_100);
    expect(await ffmpegErrors(file)).toBe('');
    const probe = await ffprobeInfo(file);
    expect(probe.rate).toBe(44_100);
    expect((await ffmpegSamples(file, 44_100)).length).toBe(Math.round((mp3.durationMs * 44_100) / 1000));
    expect(Math.abs(probe.seconds - plannedSeconds) / plannedSeconds).toBeLessThan(0.01);
    const heard = await onsets(file);
    for (const chapter of probe.chapters) {
      const onset = heard.find((time) => time > chapter.start - 0.05)!;
      expect(Math.abs(onset - (chapter.start + LEAD_MS / 1000))).toBeLessThan(0.03);
    }
    const level = await ffmpegLoudness(file);
    expect(Math.abs(level.integrated + 18)).toBeLessThanOrEqual(1);
    expect(level.truePeak).toBeLessThanOrEqual(-1.5);
  });

  it('keeps the rate asked for at a low bitrate (48 kHz at 32 kbps), and splices in the bitrate LAME writes when the rate cannot carry the one asked for (22.05 kHz at 192 kbps)', async () => {
    for (const [rate, bitrate, heardRate, heardKbps] of [
      [48_000, 32, 48_000, 32],
      [22_050, 192, 22_050, 160],
    ] as const) {
      const plan = drill(1);
      const rendered = await renderTrack(plan, async (job) => clipsFor(1)[job.key]!, SHAPING);
      const mp3 = await encodeTrackMp3(rendered.layout, rendered.sampleRate, rate, bitrate);
      const file = join(temp.dir, `lame-${rate}-${bitrate}.mp3`);
      await writeFile(file, mp3.bytes);
      expect(await ffmpegErrors(file)).toBe('');
      const { stdout } = await exec('ffprobe', ['-v', 'error', '-show_entries', 'stream=sample_rate,bit_rate', '-of', 'json', file]);
      const stream = (JSON.parse(stdout) as { streams: Array<{ sample_rate: string; bit_rate: string }> }).streams[0]!;
      expect([Number(stream.sample_rate), Number(stream.bit_rate)]).toEqual([heardRate, heardKbps * 1000]);
      expect((await ffmpegSamples(file, heardRate)).length).toBe(Math.round((mp3.durationMs * heardRate) / 1000));
      const plannedSeconds = rendered.layout.length / rendered.sampleRate;
      expect(Math.abs(mp3.durationMs / 1000 - plannedSeconds) / plannedSeconds).toBeLessThan(0.01);
    }
  });

  it('clips with no pause between them share a stream, so the track still lasts its parts', async () => {
    const plan = drill(3, (p) => [clip(`k${p}`), clip(`t${p}`), clip(`s${p}`)], 0.05);
    const { mp3, file, plannedSeconds } = await writeTrack('back-to-back', plan, clipsFor(3));
    expect(mp3.encodedSegments).toBe(1); // 50 ms between phrases is less than a stream's codec overhead
    expect(await ffmpegErrors(file)).toBe('');
    const probe = await ffprobeInfo(file);
    expect(Math.abs(probe.seconds - plannedSeconds) / plannedSeconds).toBeLessThan(0.01);
    expect(Math.abs(mp3.durationMs / 1000 - plannedSeconds) / plannedSeconds).toBeLessThan(0.01);
  });
});
