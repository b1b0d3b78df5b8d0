/**
 * An Anki package for a course of tens of thousands of phrases, streamed from disk: more than 65,535
 * files, where a plain zip's 16-bit entry count overflows, so the package must carry zip64's end
 * records (a reader trusting the plain count would see 70,002 mod 65,536 = 4,466 entries).
 * Read back by python3's zipfile (an independent reader, as Anki's importer is): every entry's CRC
 * checks, every entry holds the file the media map names. The delivered files are tiny stand-ins:
 * the package's structure is what is tested (past 4 GB the same zip64 records carry the offsets).
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Course } from '../../../shared/model/course';
import { exportAnki } from '../../../electron/main/core/export/export-anki';
import { spanishForEnglishFrame } from '../../support/course-fixtures';
import { useTempFolder } from '../../support/temp-folder';

const exec = promisify(execFile);
const temp = useTempFolder('cas-anki-large-');

describe('an Anki package past the zip limits', () => {
  it('holds 70,002 entries (zip64) that python3 zipfile reads and checks', async () => {
    const phrases = 35_000;
    // The standard frame: two of its three variants speak the target text, so each phrase has two media files.
    const course: Course = {
      ...spanishForEnglishFrame(),
      id: 'large',
      title: 'Large course',
      phrases: Array.from({ length: phrases }, (_, i) => ({ id: `p${i}`, known: `Phrase ${i}`, target: `Frase ${i}` })),
    };
    const targetVariants = course.variants.filter((variant) => variant.text === 'target');
    const outDir = temp.dir;
    await mkdir(join(outDir, 'audio'), { recursive: true });
    const items = course.phrases.flatMap((phrase) =>
      targetVariants.map((variant) => ({
        phrase: phrase.id,
        variant: variant.id,
        file: `audio/${phrase.id}_${variant.id}.mp3`,
        durationMs: 1,
        voice: course.voices.target!,
        rate: variant.rate,
        engine: 'offline',
      })),
    );
    // Each file holds its own name, so the reader can tell every entry apart.
    for (let start = 0; start < items.length; start += 500) await Promise.all(items.slice(start, start + 500).map((item) => writeFile(join(outDir, item.file), item.file)));
    await writeFile(join(outDir, 'manifest.json'), JSON.stringify({ course: course.id, title: course.title, generatedAt: new Date().toISOString(), items }));

    const result = await exportAnki(course, outDir);
    expect(result).toMatchObject({ notes: phrases, media: items.length });

    const check = [
      'import sys, zipfile, json',
      'z = zipfile.ZipFile(sys.argv[1])',
      'names = z.namelist()',
      'bad = z.testzip()',
      'media = json.loads(z.read("media"))',
      // Entry n holds the delivered file the map names for n (flattened: "/" -> "_").
      'wrong = [n for n, name in media.items() if z.read(n).decode().replace("/", "_") != name]',
      // The zip64 end of central directory record (PK 06 06) and its locator (PK 06 07) before the plain end record.
      'tail = open(sys.argv[1], "rb").read()[-200:]',
      'zip64 = b"PK\\x06\\x06" in tail and b"PK\\x06\\x07" in tail',
      'print(json.dumps({"entries": len(names), "bad": bad, "media": len(media), "wrong": len(wrong), "collection": "collection.anki2" in names, "zip64": zip64}))',
    ].join('\n');
    const { stdout } = await exec('python3', ['-c', check, join(outDir, 'exports/large.apkg')], { maxBuffer: 1 << 20 });
    expect(JSON.parse(stdout)).toEqual({ entries: items.length + 2, bad: null, media: items.length, wrong: 0, collection: true, zip64: true });
  }, 180_000);
});
