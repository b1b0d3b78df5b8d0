import type { Locator, Page } from 'playwright-core';

/** What the page's <audio> element says about what it loaded. */
export interface AudioProbe {
  readyState: number;
  duration: number;
  src: string;
}

export function probeAudio(audio: Locator): Promise<AudioProbe> {
  return audio.evaluate((el) => {
    // The root tsconfig has no DOM lib: describe the few fields read here.
    const media = el as unknown as { readyState: number; duration: number; src: string };
    return { readyState: media.readyState, duration: Number.isFinite(media.duration) ? media.duration : 0, src: media.src };
  });
}

/** Waits until the element has loaded audio metadata: HAVE_METADATA (1) or better and a real duration. */
export async function waitForLoadedAudio(page: Page, testId: string, previousSrc = '', timeoutMs = 15_000): Promise<AudioProbe> {
  const audio = page.getByTestId(testId);
  const deadline = Date.now() + timeoutMs;
  let last: AudioProbe = { readyState: 0, duration: 0, src: '' };
  while (Date.now() < deadline) {
    last = await probeAudio(audio);
    if (last.src && last.src !== previousSrc && last.readyState >= 1 && last.duration > 0) return last;
    await page.waitForTimeout(50);
  }
  throw new Error(`audio never loaded: ${JSON.stringify(last)}`);
}

export async function numberAttr(locator: Locator, name: string): Promise<number> {
  return Number(await locator.getAttribute(name));
}

export async function numberText(locator: Locator): Promise<number> {
  return Number((await locator.innerText()).replace(/[^\d.]/g, ''));
}

/** Polls `read` until `accept` holds; returns the accepted value. */
export async function pollUntil<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    value = await read();
  }
  return value;
}
