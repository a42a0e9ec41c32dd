/** Half-open spans of instants [fromMs, toMs), for counting each minute once (ccm-rules.md §1). */
export interface Span {
  fromMs: number;
  toMs: number;
}

export const MINUTE_MS = 60_000;

export const lengthMs = (spans: readonly Span[]): number => spans.reduce((sum, span) => sum + (span.toMs - span.fromMs), 0);

/** `spans` without `cut`. */
export function subtract(spans: readonly Span[], cut: Span): Span[] {
  return spans.flatMap((span) => {
    if (cut.toMs <= span.fromMs || cut.fromMs >= span.toMs) return [span];
    const left = { fromMs: span.fromMs, toMs: Math.min(span.toMs, cut.fromMs) };
    const right = { fromMs: Math.max(span.fromMs, cut.toMs), toMs: span.toMs };
    return [left, right].filter((part) => part.toMs > part.fromMs);
  });
}

/** Milliseconds of `spans` that `cut` covers. */
export const overlapMs = (spans: readonly Span[], cut: Span): number => lengthMs(spans) - lengthMs(subtract(spans, cut));
