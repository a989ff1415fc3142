/** The true median of a sample (the mean of the two middle values for an even count); the input is not reordered. */
export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The smallest and largest value of a sample. */
export const range = (xs: number[]): { min: number; max: number } => ({
  min: Math.min(...xs),
  max: Math.max(...xs),
});
