import { describe, expect, it } from 'vitest';
import { OfflineEngine } from '../../../../electron/main/core/engines/offline/offline-engine';
import {
  allMappedEspeakVoices,
  genderOfAzureVoice,
  localeOfAzureVoice,
  OFFLINE_PITCH,
  offlineVoiceFor,
  supportedOfflineLocales,
  UnsupportedOfflineLocaleError,
} from '../../../../electron/main/core/engines/offline/voice-map';

describe('offlineVoiceFor', () => {
  it.each([
    ['es-ES-ElviraNeural', 'roa/es'],
    ['es-MX-JorgeNeural', 'roa/es-419'],
    ['en-US-JennyNeural', 'gmw/en-US'],
    ['en-GB-SoniaNeural', 'gmw/en-GB-x-rp'],
    ['fr-FR-DeniseNeural', 'roa/fr'],
    ['de-DE-KatjaNeural', 'gmw/de'],
    ['it-IT-ElsaNeural', 'roa/it'],
    ['pt-BR-FranciscaNeural', 'roa/pt-BR'],
    ['pt-PT-RaquelNeural', 'roa/pt'],
    ['zh-CN-XiaoxiaoNeural', 'sit/cmn'],
  ])('maps %s to %s by its locale', (voice, espeak) => {
    expect(offlineVoiceFor(voice)).toMatchObject({ espeakVoice: espeak, match: 'locale', locale: voice.slice(0, 5) });
  });

  it('falls back by language for other regions', () => {
    expect(offlineVoiceFor('es-CR-MariaNeural')).toMatchObject({ espeakVoice: 'roa/es', locale: 'es-CR', match: 'language' });
    expect(offlineVoiceFor('en-IN-NeerjaNeural')).toMatchObject({ espeakVoice: 'gmw/en-US', match: 'language' });
    expect(offlineVoiceFor('fr-SN-x')).toMatchObject({ espeakVoice: 'roa/fr', match: 'language' });
    expect(offlineVoiceFor('es-AR-ElenaNeural').espeakVoice).toBe('roa/es-419');
  });

  it('handles extra name parts and script subtags in Azure voice names', () => {
    expect(localeOfAzureVoice('zh-CN-shaanxi-XiaoniNeural')).toBe('zh-CN');
    expect(localeOfAzureVoice('sr-Latn-RS-NicholasNeural')).toBe('sr-RS');
    expect(localeOfAzureVoice('es-419-x')).toBe('es-419');
    expect(localeOfAzureVoice('es-mx')).toBe('es-MX');
    expect(localeOfAzureVoice('ElviraNeural')).toBeUndefined();
    expect(offlineVoiceFor('zh-CN-shaanxi-XiaoniNeural').espeakVoice).toBe('sit/cmn');
  });

  it('uses the request locale when the voice name carries none', () => {
    expect(offlineVoiceFor('MyCustomVoice', 'de-DE').espeakVoice).toBe('gmw/de');
    expect(offlineVoiceFor('MyCustomVoice', 'it').espeakVoice).toBe('roa/it');
    expect(() => offlineVoiceFor('MyCustomVoice')).toThrow(UnsupportedOfflineLocaleError);
  });

  it('rejects an unsupported language with a message listing the supported locales', () => {
    let error: unknown;
    try {
      offlineVoiceFor('ja-JP-NanamiNeural');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedOfflineLocaleError);
    const message = (error as Error).message;
    expect(message).toContain('"ja-JP"');
    expect(message).toContain('ja-JP-NanamiNeural');
    for (const locale of ['es-ES', 'es-MX', 'en-US', 'en-GB', 'fr-FR', 'de-DE', 'it-IT', 'pt-BR', 'pt-PT', 'zh-CN']) expect(message).toContain(locale);
    expect(message).toMatch(/It speaks these languages, in any region: af, am, ar, .*\bpl\b.*\bru\b/);
    expect(message).toContain('(eSpeak cannot read kanji)');
  });

  it('speaks every language eSpeak has a voice for, by language, in any region', () => {
    for (const [voice, espeak] of [
      ['pl-PL-ZofiaNeural', 'zlw/pl'],
      ['ru-RU-SvetlanaNeural', 'zle/ru'],
      ['ko-KR-SunHiNeural', 'ko'],
      ['ar-EG-SalmaNeural', 'sem/ar'],
      ['nb-NO-PernilleNeural', 'gmq/nb'],
      ['sr-Latn-RS-NicholasNeural', 'zls/sr'],
      ['vi-VN-HoaiMyNeural', 'aav/vi'],
    ] as const)
      expect(offlineVoiceFor(voice)).toMatchObject({ espeakVoice: espeak, match: 'language' });
    // No eSpeak voice: Filipino, Zulu; and Japanese on purpose.
    for (const voice of ['fil-PH-BlessicaNeural', 'zu-ZA-ThandoNeural', 'ja-JP-KeitaNeural']) expect(() => offlineVoiceFor(voice)).toThrow(UnsupportedOfflineLocaleError);
  });

  it('varies pitch by the gender of well-known Azure voices', () => {
    expect(genderOfAzureVoice('es-ES-ElviraNeural')).toBe('female');
    expect(genderOfAzureVoice('es-ES-AlvaroNeural')).toBe('male');
    expect(genderOfAzureVoice('en-US-AvaMultilingualNeural')).toBe('female');
    expect(genderOfAzureVoice('en-US-Andrew:DragonHDLatestNeural')).toBe('male');
    expect(genderOfAzureVoice('zh-CN-YunxiNeural')).toBe('male');
    expect(genderOfAzureVoice('es-ES-QwertyNeural')).toBe('unknown');
    expect(offlineVoiceFor('es-ES-ElviraNeural').pitch).toBe(OFFLINE_PITCH.female);
    expect(offlineVoiceFor('es-ES-AlvaroNeural').pitch).toBe(OFFLINE_PITCH.male);
    expect(offlineVoiceFor('es-ES-QwertyNeural').pitch).toBe(50);
    expect(OFFLINE_PITCH.female).toBeGreaterThan(OFFLINE_PITCH.male);
  });
});

describe('supportedOfflineLocales', () => {
  it('lists every required locale, sorted, and no Japanese', () => {
    const locales = supportedOfflineLocales();
    expect(locales).toEqual(expect.arrayContaining(['es-ES', 'es-MX', 'en-US', 'en-GB', 'fr-FR', 'de-DE', 'it-IT', 'pt-BR', 'pt-PT', 'zh-CN']));
    expect([...locales].sort()).toEqual(locales);
    expect(locales.some((l) => l.startsWith('ja'))).toBe(false);
    for (const locale of locales) expect(() => offlineVoiceFor(locale)).not.toThrow();
  });

  it('maps only to identifiers shaped like eSpeak voices', () => {
    for (const voice of allMappedEspeakVoices()) expect(voice).toMatch(/^([a-z]{3}\/)?[a-z]{2,3}(-[A-Za-z0-9]+)*$/);
  });
});

describe('OfflineEngine.unsupportedVoices', () => {
  it('reports only the voices eSpeak cannot speak, without starting any worker', async () => {
    const engine = new OfflineEngine();
    const problems = await engine.unsupportedVoices([
      { voice: 'es-ES-ElviraNeural', locale: 'es-ES' },
      { voice: 'ja-JP-NanamiNeural', locale: 'ja-JP' },
      { voice: 'Custom', locale: 'zu-ZA' },
      { voice: 'Custom', locale: 'pt-BR' },
    ]);
    expect(problems.map((p) => p.voice)).toEqual(['ja-JP-NanamiNeural', 'Custom']);
    expect(problems[0]?.reason).toMatch(/locale "ja-JP".*in any region: .*\bes\b.*regional voices for .*es-ES/);
    expect(problems[1]?.reason).toContain('"zu-ZA"');
    await engine.close();
  });
});
