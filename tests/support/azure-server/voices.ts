/**
 * The voice catalogue: what GET /cognitiveservices/voices/list returns and which voice names the
 * SSML check accepts. Entries follow the exact JSON shape of the service (docs/design/azure-tts-protocol.md section 1.9).
 */

export interface VoiceEntry {
  Name: string;
  DisplayName: string;
  LocalName: string;
  ShortName: string;
  Gender: 'Female' | 'Male' | 'Neutral';
  Locale: string;
  LocaleName: string;
  StyleList?: string[];
  SecondaryLocaleList?: string[];
  RolePlayList?: string[];
  SampleRateHertz: string;
  VoiceType: 'Neural' | 'NeuralHD' | 'Standard';
  Status: 'GA' | 'Preview' | 'Deprecated';
  ExtendedPropertyMap?: Record<string, string>;
  VoiceTag?: Record<string, string[]>;
  WordsPerMinute?: string;
}

interface VoiceSeed {
  locale: string;
  localeName: string;
  short: string;
  display: string;
  local?: string;
  gender: 'Female' | 'Male';
  styles?: string[];
  wpm: number;
  hq48k?: boolean;
  secondary?: string[];
}

const SEEDS: VoiceSeed[] = [
  {
    locale: 'en-US',
    localeName: 'English (United States)',
    short: 'JennyNeural',
    display: 'Jenny',
    gender: 'Female',
    wpm: 152,
    hq48k: true,
    styles: ['assistant', 'chat', 'customerservice', 'newscast', 'angry', 'cheerful', 'sad', 'excited', 'friendly', 'terrified', 'shouting', 'unfriendly', 'whispering', 'hopeful'],
  },
  {
    locale: 'en-US',
    localeName: 'English (United States)',
    short: 'GuyNeural',
    display: 'Guy',
    gender: 'Male',
    wpm: 155,
    hq48k: true,
    styles: ['newscast', 'angry', 'cheerful', 'sad', 'excited', 'friendly', 'terrified', 'shouting', 'unfriendly', 'whispering', 'hopeful'],
  },
  {
    locale: 'en-US',
    localeName: 'English (United States)',
    short: 'AriaNeural',
    display: 'Aria',
    gender: 'Female',
    wpm: 150,
    hq48k: true,
    styles: [
      'chat',
      'customerservice',
      'narration-professional',
      'newscast-casual',
      'newscast-formal',
      'cheerful',
      'empathetic',
      'angry',
      'sad',
      'excited',
      'friendly',
      'terrified',
      'shouting',
      'unfriendly',
      'whispering',
      'hopeful',
    ],
  },
  {
    locale: 'en-US',
    localeName: 'English (United States)',
    short: 'AvaMultilingualNeural',
    display: 'Ava Multilingual',
    gender: 'Female',
    wpm: 150,
    hq48k: true,
    secondary: ['ar-EG', 'de-DE', 'es-ES', 'fr-FR', 'it-IT', 'ja-JP', 'ko-KR', 'pt-BR', 'zh-CN'],
  },
  {
    locale: 'en-US',
    localeName: 'English (United States)',
    short: 'AndrewMultilingualNeural',
    display: 'Andrew Multilingual',
    gender: 'Male',
    wpm: 145,
    hq48k: true,
    secondary: ['ar-EG', 'de-DE', 'es-ES', 'fr-FR', 'it-IT', 'ja-JP', 'ko-KR', 'pt-BR', 'zh-CN'],
  },
  { locale: 'en-GB', localeName: 'English (United Kingdom)', short: 'SoniaNeural', display: 'Sonia', gender: 'Female', wpm: 148, hq48k: true, styles: ['cheerful', 'sad'] },
  { locale: 'en-GB', localeName: 'English (United Kingdom)', short: 'RyanNeural', display: 'Ryan', gender: 'Male', wpm: 150, hq48k: true, styles: ['cheerful', 'chat'] },
  { locale: 'es-ES', localeName: 'Spanish (Spain)', short: 'ElviraNeural', display: 'Elvira', gender: 'Female', wpm: 160, hq48k: true },
  { locale: 'es-ES', localeName: 'Spanish (Spain)', short: 'AlvaroNeural', display: 'Alvaro', local: 'Álvaro', gender: 'Male', wpm: 158, hq48k: true },
  { locale: 'es-MX', localeName: 'Spanish (Mexico)', short: 'DaliaNeural', display: 'Dalia', gender: 'Female', wpm: 155, styles: ['cheerful', 'sad', 'whispering'] },
  { locale: 'es-MX', localeName: 'Spanish (Mexico)', short: 'JorgeNeural', display: 'Jorge', gender: 'Male', wpm: 150, styles: ['chat', 'cheerful', 'excited', 'whispering'] },
  {
    locale: 'fr-FR',
    localeName: 'French (France)',
    short: 'DeniseNeural',
    display: 'Denise',
    gender: 'Female',
    wpm: 155,
    hq48k: true,
    styles: ['cheerful', 'sad', 'whispering', 'excited'],
  },
  {
    locale: 'fr-FR',
    localeName: 'French (France)',
    short: 'HenriNeural',
    display: 'Henri',
    gender: 'Male',
    wpm: 152,
    hq48k: true,
    styles: ['cheerful', 'sad', 'whispering', 'excited'],
  },
  { locale: 'de-DE', localeName: 'German (Germany)', short: 'KatjaNeural', display: 'Katja', gender: 'Female', wpm: 145, hq48k: true },
  { locale: 'de-DE', localeName: 'German (Germany)', short: 'ConradNeural', display: 'Conrad', gender: 'Male', wpm: 142, hq48k: true, styles: ['cheerful', 'sad'] },
  { locale: 'it-IT', localeName: 'Italian (Italy)', short: 'ElsaNeural', display: 'Elsa', gender: 'Female', wpm: 150, hq48k: true },
  { locale: 'it-IT', localeName: 'Italian (Italy)', short: 'DiegoNeural', display: 'Diego', gender: 'Male', wpm: 148, hq48k: true },
  { locale: 'pt-BR', localeName: 'Portuguese (Brazil)', short: 'FranciscaNeural', display: 'Francisca', gender: 'Female', wpm: 150, hq48k: true, styles: ['calm'] },
  { locale: 'pt-BR', localeName: 'Portuguese (Brazil)', short: 'AntonioNeural', display: 'Antonio', local: 'Antônio', gender: 'Male', wpm: 148, hq48k: true },
  { locale: 'nl-NL', localeName: 'Dutch (Netherlands)', short: 'ColetteNeural', display: 'Colette', gender: 'Female', wpm: 145 },
  {
    locale: 'ja-JP',
    localeName: 'Japanese (Japan)',
    short: 'NanamiNeural',
    display: 'Nanami',
    local: '七海',
    gender: 'Female',
    wpm: 322,
    hq48k: true,
    styles: ['chat', 'customerservice', 'cheerful'],
  },
  {
    locale: 'zh-CN',
    localeName: 'Chinese (Mandarin, Simplified)',
    short: 'XiaoxiaoNeural',
    display: 'Xiaoxiao',
    local: '晓晓',
    gender: 'Female',
    wpm: 280,
    hq48k: true,
    styles: [
      'assistant',
      'chat',
      'customerservice',
      'newscast',
      'affectionate',
      'angry',
      'calm',
      'cheerful',
      'disgruntled',
      'fearful',
      'gentle',
      'lyrical',
      'sad',
      'serious',
      'poetry-reading',
    ],
  },
];

function toEntry(seed: VoiceSeed): VoiceEntry {
  // Built field by field so the JSON keeps the service's key order.
  const entry: Partial<VoiceEntry> = {
    Name: `Microsoft Server Speech Text to Speech Voice (${seed.locale}, ${seed.short})`,
    DisplayName: seed.display,
    LocalName: seed.local ?? seed.display,
    ShortName: `${seed.locale}-${seed.short}`,
    Gender: seed.gender,
    Locale: seed.locale,
    LocaleName: seed.localeName,
  };
  if (seed.styles) entry.StyleList = [...seed.styles];
  if (seed.secondary) entry.SecondaryLocaleList = [...seed.secondary];
  entry.SampleRateHertz = '24000';
  entry.VoiceType = 'Neural';
  entry.Status = 'GA';
  if (seed.hq48k) entry.ExtendedPropertyMap = { IsHighQuality48K: 'True' };
  entry.WordsPerMinute = String(seed.wpm);
  return entry as VoiceEntry;
}

/** A fresh copy of the default catalogue (callers may mutate it). */
export function defaultVoices(): VoiceEntry[] {
  return SEEDS.map(toEntry);
}

/** Looks voices up the way the service does: by short name or full name, case-insensitively. */
export class VoiceCatalog {
  private readonly byName = new Map<string, VoiceEntry>();

  constructor(readonly entries: readonly VoiceEntry[]) {
    for (const voice of entries) {
      this.byName.set(voice.ShortName.toLowerCase(), voice);
      this.byName.set(voice.Name.toLowerCase(), voice);
    }
  }

  find(name: string): VoiceEntry | undefined {
    return this.byName.get(name.trim().toLowerCase());
  }
}
