/**
 * How LayerNormalization regions are written: 'native' as the ONNX LayerNormalization op, 'decomposed' as
 * the layer's own ops (mean, then the variance of the centered values: two passes over each row). Each
 * backend's default is its profile's `layerNorm` (profiles.ts).
 */
export type LayerNormForm = 'native' | 'decomposed';

export const LAYER_NORM_FORMS: readonly LayerNormForm[] = ['native', 'decomposed'];
