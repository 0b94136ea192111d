/** One part of docs/benchmarks.md, produced by one benchmark module. */
export interface BenchSection {
  title: string;
  /** Markdown body: what was measured, the table of numbers and the ratio. */
  markdown: string;
}

/** Median of a list of numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
