import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_PATH } from '../../../support/prerequisites';

/** Debian's Chromium, headless, quiet, and allowed to play audio without a user gesture. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--autoplay-policy=no-user-gesture-required',
      '--mute-audio',
    ],
  });
}
