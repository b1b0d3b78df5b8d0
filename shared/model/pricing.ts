/**
 * Azure's list price for neural text to speech (standard tier), US$ per million characters. The ONE
 * definition: it is the default of the price setting (main) and the figure the Settings tab quotes
 * (renderer, which may import this file: it pulls in nothing, not even zod). For estimates only.
 */
export const DEFAULT_PRICE_PER_MILLION_CHARS = 15;
