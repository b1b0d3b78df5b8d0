/**
 * Names main and the renderer share about lesson track files; zod-free, so the renderer may import
 * these values (eslint.config.js lists the files it may).
 */

/** The lesson of a phrase that names none: in file names, track groups and the manifest's track rows. */
export const NO_LESSON = 'no-lesson';
