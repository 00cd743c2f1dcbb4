import { readFileSync } from 'node:fs';
import { LayerspecError, weightsFromJSON, weightsToJSON, type HostTensor, type Layer } from '@layerspec/spec';
import { fromTorch, readKerasWeights, readSafetensors, toTorch, writeSafetensors } from '@layerspec/interop';
import { argumentError, cut, echo } from './args.js';
import { userPath } from './paths.js';

/** The weights files the commands read: safetensors, the library's JSON, Keras 3 (.weights.h5, .keras). */
export type WeightsFormat = 'safetensors' | 'json' | 'keras';

/** Whose names a weights file holds: the library's (Keras 3's), or a torch module's `state_dict()`. */
export const NAMINGS = ['layerspec', 'torch'] as const;
export type Naming = (typeof NAMINGS)[number];

const EXTENSIONS: readonly [RegExp, WeightsFormat][] = [
  [/\.safetensors$/i, 'safetensors'],
  [/\.json$/i, 'json'],
  [/\.(h5|keras)$/i, 'keras'],
];

export const FORMAT_HELP = ".safetensors, .json (the library's weights JSON), .weights.h5 or .keras (Keras 3)";

/** A file's format from its name, or undefined. */
export function weightsFormatOf(path: string): WeightsFormat | undefined {
  return EXTENSIONS.find(([pattern]) => pattern.test(path))?.[1];
}

type Command = { readonly name: string };

const message = (error: unknown): string => cut(error instanceof Error ? error.message : String(error));

export interface ReadOptions {
  /** The flag that named the file, for messages (`--weights`, or the input of convert). */
  readonly flag: string;
  readonly naming: Naming;
  /** The layer the weights are for: needed for torch names and Keras files. */
  readonly layer?: Layer<object, object>;
  /** The layer's group in a Keras file (`layers/multi_head_attention_1`). */
  readonly kerasPath?: string;
}

/**
 * The weights in a file, under layerspec names: torch names mapped by `fromTorch`, a Keras file read
 * for `layer`. Every problem is an argument error naming the flag, the file and the key.
 */
export function readWeightsFile(command: Command, file: string, o: ReadOptions): Record<string, HostTensor> {
  const path = userPath(file);
  const fail = (detail: string): never => {
    throw argumentError(command, `${o.flag} ${echo(path)}: ${detail}`);
  };
  const format = weightsFormatOf(path) ?? fail(`unknown file type (the name must end in ${FORMAT_HELP})`);
  if (format === 'keras' && o.naming === 'torch') fail('a Keras file holds Keras names, not a torch state_dict: drop --from torch');
  if ((format === 'keras' || o.naming === 'torch') && !o.layer) {
    fail(
      `${format === 'keras' ? 'a Keras file' : 'a torch state_dict'} is read for a layer: name it (--layer <Layer> and its config, or --model layer.json)`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    return fail(message(error));
  }
  try {
    if (format === 'keras') return readKerasWeights(bytes, o.layer!, o.kerasPath === undefined ? {} : { path: o.kerasPath });
    const tensors = format === 'safetensors' ? readSafetensors(bytes) : weightsFromJSON(JSON.parse(new TextDecoder().decode(bytes)));
    return o.naming === 'torch' ? fromTorch(o.layer!, tensors) : tensors;
  } catch (error) {
    if (error instanceof LayerspecError || error instanceof SyntaxError) return fail(message(error));
    throw error;
  }
}

/** The weights under `naming`: the library's as they are, torch's by `toTorch` for `layer`. */
export function renameWeights(
  weights: Readonly<Record<string, HostTensor>>,
  naming: Naming,
  layer: Layer<object, object> | undefined,
): Record<string, HostTensor> {
  return naming === 'torch' ? toTorch(layer!, weights) : { ...weights };
}

/** The bytes of a weights file in `format`: safetensors, or the library's JSON (`weightsToJSON`). */
export function encodeWeights(format: 'safetensors' | 'json', weights: Readonly<Record<string, HostTensor>>): Uint8Array {
  if (format === 'safetensors') return writeSafetensors(weights);
  return new TextEncoder().encode(`${JSON.stringify(weightsToJSON(weights))}\n`);
}
