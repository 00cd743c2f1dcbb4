import { LayerspecError } from '../errors.js';
import { checkHostTensor, formatType } from '../tensor.js';
import { isDType, type HostTensor } from '../types.js';
import type { AttrKind, AttrSpec, ValueInfo } from './define.js';
import { opSpec, type AttrsOf, type OpName } from './table.js';

function isHostTensor(v: unknown): v is HostTensor {
  return typeof v === 'object' && v !== null && 'dtype' in v && 'shape' in v && 'data' in v;
}

function isGraphLike(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  return ['inputs', 'params', 'outputs', 'nodes'].every((k) => k in v && Array.isArray((v as Record<string, unknown>)[k]));
}

function checkKind(kind: AttrKind, value: unknown): boolean {
  switch (kind) {
    case 'int':
      return Number.isInteger(value);
    case 'float':
      return typeof value === 'number';
    case 'bool':
      return typeof value === 'boolean';
    case 'ints':
      return Array.isArray(value) && value.every((v) => Number.isInteger(v));
    case 'dtype':
      return isDType(value);
    case 'tensor':
      return isHostTensor(value);
    case 'graph':
      return isGraphLike(value);
  }
}

/** Fills defaults and checks every attribute of a node; unknown or missing attributes are errors. */
export function resolveAttrs<K extends OpName>(op: K, given: Partial<AttrsOf<K>>, where: string): AttrsOf<K> {
  const spec = opSpec(op);
  const schema: Record<string, AttrSpec<unknown>> = spec.attrs;
  const supplied: Record<string, unknown> = { ...given };
  for (const key of Object.keys(supplied)) {
    if (!(key in schema)) {
      const known = Object.keys(schema);
      throw new LayerspecError(where, `unknown attribute '${key}' (${op} takes ${known.length ? known.join(', ') : 'none'})`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, attr] of Object.entries(schema)) {
    const value = supplied[key] === undefined ? attr.default : supplied[key];
    if (value === undefined) throw new LayerspecError(where, `attribute '${key}' is required (${attr.doc})`);
    if (!checkKind(attr.kind, value)) {
      throw new LayerspecError(where, `attribute '${key}' must be ${attr.kind}, got ${JSON.stringify(value)}`);
    }
    if (attr.kind === 'tensor' && isHostTensor(value)) checkHostTensor(value, where, `attribute '${key}'`);
    out[key] = Array.isArray(value) ? [...value] : value;
  }
  return out as AttrsOf<K>;
}

/** Checks input count and dtypes against the op's declaration, then runs its shape inference. */
export function inferNode<K extends OpName>(
  op: K,
  inputs: readonly (ValueInfo | undefined)[],
  attrs: AttrsOf<K>,
  where: string,
): ValueInfo[] {
  const spec = opSpec(op);
  const declared = spec.inputs;
  const variadic = declared[declared.length - 1]?.variadic === true;
  if (!variadic && inputs.length > declared.length) {
    throw new LayerspecError(where, `${op} takes at most ${declared.length} inputs, got ${inputs.length}`);
  }
  inputs.forEach((v, i) => {
    const d = declared[Math.min(i, declared.length - 1)]!;
    if (!v) {
      if (!d.optional) throw new LayerspecError(where, `input '${d.name}' is required`);
      return;
    }
    if (!d.dtypes.includes(v.dtype)) {
      throw new LayerspecError(where, `input '${d.name}' must be ${d.dtypes.join(' or ')}, got ${formatType(v)}`);
    }
  });
  declared.forEach((d, i) => {
    if (i >= inputs.length && !d.optional && !d.variadic) throw new LayerspecError(where, `input '${d.name}' is required`);
  });
  return spec.infer(inputs, attrs, where);
}
