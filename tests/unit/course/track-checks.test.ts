import { describe, expect, it } from 'vitest';
import { CourseLoadError } from '../../../electron/main/core/course/course-issue';
import { parseCourseText } from '../../../electron/main/core/course/load-course';
import { spanishForEnglishFrame } from '../../support/course-fixtures';

function courseWith(extra: Record<string, unknown>): string {
  return JSON.stringify({ ...spanishForEnglishFrame(), id: 'c', title: 'C', phrases: [{ id: 'p001', known: 'Hello.', target: 'Hola.' }], ...extra }, null, 2);
}

function rejection(text: string): string {
  try {
    parseCourseText(text, 'course.json');
  } catch (error) {
    if (error instanceof CourseLoadError) return error.message;
    throw error;
  }
  throw new Error('expected the course to be rejected');
}

describe('course tracks and delivery settings', () => {
  it('accepts the track shape from issue 11 and fills in the defaults', () => {
    const { course } = parseCourseText(
      courseWith({ tracks: [{ id: 'drill', title: '{course} - {lesson}', sequence: ['known', { pause: 1.5 }, 'target', { pause: '2x' }, 'target'], between: { pause: 2 } }] }),
      'course.json',
    );
    expect(course.tracks?.[0]).toMatchObject({ id: 'drill', per: 'lesson', sequence: ['known', { pause: 1.5 }, 'target', { pause: '2x' }, 'target'] });
  });

  it('names the place of an unknown variant, a "Nx" pause after no clip and a bad pause', () => {
    expect(rejection(courseWith({ tracks: [{ id: 'drill', sequence: ['slow'] }] }))).toMatch(
      /^course\.json:\d+:\d+: tracks\[0\] \(id "drill"\)\.sequence\[0\]: track "drill" plays variant "slow", which the course does not define/m,
    );
    expect(rejection(courseWith({ tracks: [{ id: 'drill', sequence: [{ pause: '2x' }, 'target'] }] }))).toMatch(
      /tracks\[0\] \(id "drill"\)\.sequence\[0\]\.pause: track "drill": the pause "2x" follows no clip/,
    );
    // One message that says what a pause may be, not also "at most 10x" for a word that is no multiple.
    const word = rejection(courseWith({ tracks: [{ id: 'drill', sequence: ['target', { pause: 'long' }] }] }));
    expect(word).toMatch(/course\.json:\d+:\d+: tracks\[0\] \(id "drill"\)\.sequence\[1\]\.pause: must be seconds \(e\.g\. 1\.5\) or a multiple of the clip before it/);
    expect(word).not.toMatch(/at most/);
  });

  it('refuses, before anything is rendered, what would only fail when the track is built', () => {
    // A runaway multiple: 20000 times each clip would need gigabytes of audio for one lesson.
    expect(rejection(courseWith({ tracks: [{ id: 'drill', sequence: ['target', { pause: '20000x' }] }] }))).toMatch(
      /^course\.json:\d+:\d+: tracks\[0\] \(id "drill"\)\.sequence\[1\]\.pause: must be at most "10x"/m,
    );
    expect(parseCourseText(courseWith({ tracks: [{ id: 'drill', sequence: ['target', { pause: '10x' }] }] }), 'course.json').course.tracks).toHaveLength(1);
    // Only pauses: a track with no clip to play.
    expect(rejection(courseWith({ tracks: [{ id: 'drill', sequence: [{ pause: 1 }, { pause: 2 }] }] }))).toMatch(
      /^course\.json:\d+:\d+: tracks\[0\] \(id "drill"\)\.sequence: track "drill" plays no clip: its sequence has only pauses\. Add the variants to play/m,
    );
    // A title field the tags would print literally.
    expect(rejection(courseWith({ tracks: [{ id: 'drill', title: '{course}: {chapter}', sequence: ['target'] }] }))).toMatch(
      /^course\.json:\d+:\d+: tracks\[0\] \(id "drill"\)\.title: unknown field "\{chapter\}" in the title; use \{course\} \{lesson\} \{track\}/m,
    );
  });

  it('refuses an MP3 bitrate the encoder does not take, or one the chosen sample rate cannot carry', () => {
    expect(rejection(courseWith({ output: { format: 'mp3', bitrate: 56 } }))).toMatch(
      /^course\.json:\d+:\d+: output\.bitrate: must be one of 32, 40, 48, 64, 80, 96, 112, 128, 160, 192 \(kbps\)/m,
    );
    expect(rejection(courseWith({ output: { format: 'mp3', bitrate: 192, sampleRate: 24000 } }))).toMatch(
      /^course\.json:\d+:\d+: output\.bitrate: 192 kbps is more than an MP3 at 24000 Hz can carry \(at most 160\); choose 160 or less, or a sample rate of 44100 or 48000 Hz/m,
    );
    expect(parseCourseText(courseWith({ output: { format: 'mp3', bitrate: 192, sampleRate: 48000 } }), 'course.json').course.output).toMatchObject({ bitrate: 192 });
  });

  it('names the place of a bad loudness or silence setting', () => {
    expect(rejection(courseWith({ output: { loudness: { integrated: -18, truePeak: 3 } } }))).toMatch(
      /^course\.json:\d+:\d+: output\.loudness\.truePeak: must be at most 0 \(dBTP\)/m,
    );
    expect(rejection(courseWith({ output: { silence: true } }))).toMatch(/output\.silence: must be false or \{"leadMs"/);
  });
});
