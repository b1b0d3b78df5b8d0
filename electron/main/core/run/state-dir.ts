/** The folder inside an output folder that holds our own state: journal, masters, lock. */
export const STATE_DIR = '.course-audio-studio';
