/**
 * The frame most test courses share with the sample course: Spanish for English speakers, two voice
 * roles and the three standard variants (known, target, target at 0.7x). Fresh objects on every call,
 * since tests edit them.
 */
export function spanishForEnglishFrame(): {
  schema: 'course/1';
  languages: { target: string; known: string };
  voices: Record<string, string>;
  variants: Array<{ id: string; text: 'known' | 'target'; voice: string; rate: number }>;
} {
  return {
    schema: 'course/1',
    languages: { target: 'es-ES', known: 'en-US' },
    voices: { target: 'es-ES-ElviraNeural', known: 'en-US-JennyNeural' },
    variants: [
      { id: 'known', text: 'known', voice: 'known', rate: 1 },
      { id: 'target', text: 'target', voice: 'target', rate: 1 },
      { id: 'target-slow', text: 'target', voice: 'target', rate: 0.7 },
    ],
  };
}
