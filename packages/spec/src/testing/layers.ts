/**
 * Helpers shared by the layer tests. Test-only: tsconfig.build.json leaves it out of dist.
 */
import { expect } from 'vitest';
import { graphToJSON } from '../graph/serialize.js';
import type { Graph } from '../graph/types.js';
import { layerFromJSON } from '../layers/from-json.js';
import type { Layer } from '../layers/layer.js';
import type { AnyCell } from '../layers/recurrent/cell-registry.js';
import { tensor } from '../tensor.js';
import type { Dim, HostTensor, TensorType } from '../types.js';
import { errorOf } from './helpers.js';

export const f32 = (...shape: Dim[]): TensorType => ({ dtype: 'float32', shape });
export const i32 = (...shape: Dim[]): TensorType => ({ dtype: 'int32', shape });
export const bool = (...shape: Dim[]): TensorType => ({ dtype: 'bool', shape });

export const zeros = (shape: number[], dtype: 'float32' | 'bool' = 'float32'): HostTensor =>
  tensor(new Array<number>(shape.reduce((a, c) => a * c, 1)).fill(dtype === 'bool' ? 1 : 0), shape, dtype);

/** Config errors through the JSON path, where no TypeScript type stops a bad value. */
export const configError = (className: string, config: Record<string, unknown>): string =>
  errorOf(() => layerFromJSON({ className, config }));

/** The build error of `layer`: it must name the layer first. */
export function buildError(layer: Layer<object, object>, inputs: Record<string, TensorType>): string {
  const message = errorOf(() => layer.build(inputs));
  expect(message.startsWith(`${layer.className}: `), message).toBe(true);
  return message;
}

/** toJSON -> JSON text -> layerFromJSON gives the same config, the same JSON and an identical graph. */
export function expectRoundTrip(layer: Layer<object, object>, inputs: Record<string, TensorType>, options: object = {}): void {
  const again = layerFromJSON(JSON.stringify(layer.toJSON()));
  expect(again.className).toBe(layer.className);
  expect(again.config).toEqual(layer.config);
  expect(again.toJSON()).toEqual(layer.toJSON());
  expect(graphToJSON(again.build(inputs, options))).toEqual(graphToJSON(layer.build(inputs, options)));
}

/** The float scalar a Constant node feeding `node.inputs[1]` holds. */
export function scalarInput(g: Graph, nodeName: string): number {
  const n = g.nodes.find((x) => x.name === nodeName);
  const c = g.nodes.find((x) => x.outputs[0] === n?.inputs[1]);
  expect(c?.op).toBe('Constant');
  return c?.op === 'Constant' ? c.attrs.value.data[0]! : Number.NaN;
}

/** The one Scan node of a graph (the time loop), and its body. */
export function scanOf(g: Graph): { inputs: readonly string[]; body: Graph; directions: readonly number[] } {
  const scans = g.nodes.filter((n) => n.op === 'Scan');
  expect(scans).toHaveLength(1);
  const node = scans[0]!;
  if (node.op !== 'Scan') throw new Error('not a Scan');
  return { inputs: node.inputs, body: node.attrs.body, directions: node.attrs.scanInputDirections };
}

export const initOf = (g: Graph, name: string): unknown => g.params.find((p) => p.name === name)?.init;

/**
 * The constructors' TypeScript type asks for a cell instance (`Partial<C> & { cell: unknown }` narrows to it),
 * but they parse `cell` at run time: JavaScript callers and JSON may pass anything.
 */
export const untyped = (v: unknown): AnyCell => v as AnyCell;
