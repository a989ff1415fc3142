/** The middle value of a sample (the upper middle for an even count); the input is not reordered. */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
