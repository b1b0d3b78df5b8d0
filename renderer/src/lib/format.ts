// Number and time formatting for counts, money and durations. Every place that shows these uses
// the `num` class (tabular figures) so columns of digits do not jitter while a run updates them.

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export const formatCount = (n: number): string => integer.format(Math.round(n));

export function formatMoney(usd: number): string {
  if (usd > 0 && usd < 0.01) return '< $0.01';
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 2 }).format(usd);
}

/**
 * Whole tenths of a second, rounded half up: the ONE rounding every duration display uses, so a
 * 1,560 ms clip reads "1.6 s" in its cell and "0:01.6" in the player.
 */
export const tenthsOf = (ms: number): number => (Number.isFinite(ms) && ms > 0 ? Math.round(ms / 100) : 0);

/** 0:01.4 / 3:25.0 / 1:02:03, for the player: course clips last a second or two, so tenths matter. */
export function formatClock(ms: number): string {
  const tenths = tenthsOf(ms);
  if (tenths < 6000) {
    const m = Math.floor(tenths / 600);
    const s = (tenths % 600) / 10;
    return `${m}:${s.toFixed(1).padStart(4, '0')}`;
  }
  const total = Math.round(tenths / 10);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Approximate spans for estimates and ETAs: "45 s", "12 min", "2 h 05 min". */
export function formatSpan(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return '< 1 s';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return `${h} h ${String(m % 60).padStart(2, '0')} min`;
}

/**
 * An uncertain span: "about 1–2 min", "about 20–40 s", "about 40 s – 2 min"; one figure when both
 * ends read the same.
 */
export function formatSpanRange(lowMs: number, highMs: number): string {
  if (highMs < 1000) return '< 1 s';
  const low = formatSpan(Math.max(1000, lowMs));
  const high = formatSpan(highMs);
  if (low === high) return `about ${high}`;
  const unit = (span: string): string => span.replace(/^[\d\s]+/, '');
  if (unit(low) === unit(high) && /^\d+ (s|min)$/.test(low)) return `about ${low.replace(/ (s|min)$/, '')}–${high}`;
  return `about ${low} – ${high}`;
}

/** "1.6 s": a clip's length, in the same tenths as the player's clock. */
export const formatSeconds = (ms: number): string => `${oneDecimal.format(tenthsOf(ms) / 10)} s`;

const rateDigits = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 2, useGrouping: false });

/** "0.75×", "0.7×", "1.0×": as many decimals as the rate has (at least one, at most two), never rounded to look like another rate. */
export const formatRate = (rate: number): string => `${rateDigits.format(rate)}×`;

export const formatLatency = (ms: number): string => (ms >= 1000 ? `${oneDecimal.format(ms / 1000)} s` : `${formatCount(ms)} ms`);

/** "14:02": the hour and minute of an epoch time, 24-hour clock, local time. */
export const formatHourMinute = (epochMs: number): string => new Date(epochMs).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false });

export const formatTimeOfDay = (epochMs: number): string => new Date(epochMs).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** 0 B / 812 KB / 3.4 MB / 1.2 GB (powers of 1000, as file managers show sizes). */
export function formatBytes(bytes: number): string {
  if (!(bytes > 0)) return '0 B';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  const power = Math.min(units.length - 1, Math.floor(Math.log10(bytes) / 3));
  const value = bytes / 1000 ** power;
  return `${power === 0 ? formatCount(value) : value < 10 ? oneDecimal.format(value) : formatCount(value)} ${units[power]}`;
}
