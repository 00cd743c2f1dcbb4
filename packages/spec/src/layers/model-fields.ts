import { DTYPES, type DType } from '../types.js';
import { FieldError, type Field } from './config.js';
import { Layer } from './layer.js';
import { constructLayer } from './layer-factory.js';

export type AnyLayer = Layer<object, object>;

/** A layer object, or a layer's `toJSON()` (`{ className, config }`) rebuilt with `createLayer`. */
export function parseLayer(v: unknown, where: string): AnyLayer {
  if (v instanceof Layer) return v;
  if (typeof v === 'object' && v !== null && 'className' in v && typeof v.className === 'string') {
    const config = 'config' in v && typeof v.config === 'object' && v.config !== null ? v.config : {};
    return constructLayer(v.className, { ...config });
  }
  throw new FieldError(`${where} must be a layer or its toJSON(), got ${JSON.stringify(v)}`);
}

/** A non-empty list of layers. */
export function layerListField(doc: string): Field<AnyLayer[]> {
  return {
    doc,
    required: true,
    parse(v) {
      if (!Array.isArray(v) || v.length === 0) throw new FieldError(`must be a non-empty list of layers, got ${JSON.stringify(v)}`);
      return v.map((item, i) => parseLayer(item, `item ${i}`));
    },
  };
}

/** A model input: its dtype and, optionally, its rank. */
export interface ModelInput {
  dtype: DType;
  rank?: number | undefined;
}

export function modelInputsField(doc: string): Field<Record<string, ModelInput>> {
  return {
    doc,
    required: true,
    parse(v) {
      if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.keys(v).length === 0) {
        throw new FieldError(`must map input names to { dtype, rank? }, got ${JSON.stringify(v)}`);
      }
      const out: Record<string, ModelInput> = {};
      for (const [name, spec] of Object.entries(v)) {
        const dtype: unknown = typeof spec === 'object' && spec !== null && 'dtype' in spec ? spec.dtype : undefined;
        const rank: unknown = typeof spec === 'object' && spec !== null && 'rank' in spec ? spec.rank : undefined;
        const known = DTYPES.find((d) => d === dtype);
        if (!known) throw new FieldError(`input '${name}': dtype must be one of ${DTYPES.join(', ')}, got ${JSON.stringify(dtype)}`);
        if (rank !== undefined && !(typeof rank === 'number' && Number.isInteger(rank) && rank >= 0)) {
          throw new FieldError(`input '${name}': rank must be an integer >= 0, got ${JSON.stringify(rank)}`);
        }
        out[name] = { dtype: known, ...(rank === undefined ? {} : { rank }) };
      }
      return out;
    },
  };
}
