import { spanishForEnglishFrame } from '../support/course-fixtures';

const KNOWN = [
  'Good morning',
  'Where is the station',
  'I would like a coffee',
  'How much is it',
  'See you tomorrow',
  'Thank you very much',
  'I do not understand',
  'Speak more slowly',
];
const TARGET = ['Buenos días', '¿Dónde está la estación', 'Quisiera un café', '¿Cuánto cuesta', 'Hasta mañana', 'Muchas gracias', 'No entiendo', 'Hable más despacio'];

/** The benchmarks' big course: `phrases` phrases of the Spanish-for-English frame (three renders each). */
export function bigCourse(phrases: number): object {
  return {
    ...spanishForEnglishFrame(),
    id: `bench-${phrases}`,
    title: `Benchmark course (${phrases.toLocaleString('en')} phrases)`,
    phrases: Array.from({ length: phrases }, (_, i) => ({
      id: `p${String(i + 1).padStart(5, '0')}`,
      lesson: `L${String(Math.floor(i / 25) + 1).padStart(3, '0')}`,
      known: `${KNOWN[i % KNOWN.length]} (${i + 1}).`,
      target: `${TARGET[i % TARGET.length]} (${i + 1}).`,
    })),
  };
}
