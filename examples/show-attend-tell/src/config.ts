/** The captioner's sizes and its first initializer seed: what `buildCaptioner` and `buildCaptionerGraph` take. */
export interface CaptionerConfig {
  /** The window convolution has filters[0] * 4 outputs; the memory has filters[2] channels (filters[1] is unused). */
  filters: [number, number, number];
  embed: number;
  units: number;
  attentionUnits: number;
  seed: number;
}

export const DEFAULT_CONFIG: CaptionerConfig = { filters: [16, 32, 48], embed: 16, units: 64, attentionUnits: 32, seed: 1 };
