// The studio has one audio output: the player bar's <audio> element. Everything that plays
// (table previews, audition cells, "Play all") goes through it, so there is never more than
// one voice speaking and the bottom bar always shows what is being heard.

let element: HTMLAudioElement | null = null;

export function registerAudioElement(el: HTMLAudioElement | null): void {
  element = el;
}

export function audioElement(): HTMLAudioElement | null {
  return element;
}
