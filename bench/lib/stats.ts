/** Small statistics helpers: figures are reported, never asserted. */

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  // Nearest-rank on a sorted copy: p99 of 100 samples is the 99th smallest.
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Milliseconds in, milliseconds out. */
export function summarise(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    p50: median(sorted),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** Elapsed milliseconds since `start` (a performance.now() reading). */
export const since = (start: number) => performance.now() - start;

/** Runs `task` `repetitions` times and returns each run's result. */
export async function repeat<T>(repetitions: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < repetitions; i++) results.push(await task(i));
  return results;
}

/**
 * Runs `total` tasks with at most `concurrency` in flight; returns each task's latency in ms and the wall time.
 * Task i is started with its index, so callers can pick inputs deterministically.
 */
export async function runConcurrently(
  total: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
): Promise<{ latencies: number[]; elapsedMs: number }> {
  const latencies: number[] = new Array(total);
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    for (;;) {
      const index = next++;
      if (index >= total) return;
      const begun = performance.now();
      await task(index);
      latencies[index] = performance.now() - begun;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return { latencies, elapsedMs: performance.now() - started };
}

/** Samples RSS (and heap) every `intervalMs` until stopped; `peak()` reports the highest values seen. */
export function memorySampler(intervalMs = 50) {
  let rss = process.memoryUsage.rss();
  let heapUsed = process.memoryUsage().heapUsed;
  const sample = () => {
    rss = Math.max(rss, process.memoryUsage.rss());
    heapUsed = Math.max(heapUsed, process.memoryUsage().heapUsed);
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    /** Peak RSS and heap in MB since the sampler started (sampled, so short spikes may be missed). */
    stop() {
      clearInterval(timer);
      sample();
      return { peakRssMb: rss / 2 ** 20, peakHeapUsedMb: heapUsed / 2 ** 20 };
    },
  };
}

export const mb = (bytes: number) => bytes / 2 ** 20;
