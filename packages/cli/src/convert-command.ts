import { readFileSync } from 'node:fs';
import { LayerspecError, formatShape, layerClassNames, layerFromJSON, type HostTensor, type Layer } from '@layerspec/spec';
import { argumentError, cut, defineCommand, echo, flags, parseArgs } from './args.js';
import { closest } from './did-you-mean.js';
import { usageOf } from './help.js';
import { userPath, writeUserFile } from './paths.js';
import { FORMAT_HELP, NAMINGS, encodeWeights, readWeightsFile, renameWeights, weightsFormatOf, type Naming } from './weights-file.js';

/** A file `convert` can write: safetensors or the library's JSON (Keras files are read, not written; see the README). */
function outputFormat(path: string): 'safetensors' | 'json' {
  const format = weightsFormatOf(path);
  if (format === 'safetensors' || format === 'json') return format;
  if (format === 'keras') {
    return flags.fail(
      `cannot write ${echo(path)}: Keras files are read, not written (no HDF5 writer in the package); write .safetensors and load it in Keras from Python`,
    );
  }
  return flags.fail(`cannot tell the format of ${echo(path)}: the name must end in .safetensors or .json`);
}

/** The flags of `layerspec convert`; a new flag is one more entry. */
export const CONVERT_SPEC = defineCommand({
  name: 'convert',
  positional: { name: '<input>', doc: `the weights file to read: ${FORMAT_HELP}` },
  families: [{ prefix: '--', placeholder: '<configKey> v', doc: 'a config value of the --layer (JSON parsed, as in layerspec export)' }],
  flags: {
    out: flags.string({
      names: ['-o', '--out'],
      placeholder: 'file',
      doc: 'where to write: .safetensors or .json (by the name), relative to where you run the command',
      required: true,
      check: (path) => {
        outputFormat(path);
        flags.writable(path);
      },
    }),
    from: flags.choice<Naming>({
      names: '--from',
      placeholder: NAMINGS.join('|'),
      doc: "the input's names: the library's (Keras 3's), or a torch module's state_dict() keys",
      choices: NAMINGS,
      default: 'layerspec',
    }),
    to: flags.choice<Naming>({
      names: '--to',
      placeholder: NAMINGS.join('|'),
      doc: "the output's names",
      choices: NAMINGS,
      default: 'layerspec',
    }),
    layer: flags.string({
      names: '--layer',
      placeholder: '<Layer>',
      doc: 'the layer the weights are for, with its config as --<configKey> v\n(needed to map torch names and to read Keras files)',
    }),
    model: flags.string({ names: '--model', placeholder: 'layer.json', doc: 'the layer as its toJSON() file, instead of --layer' }),
    kerasPath: flags.string({
      names: '--keras-path',
      placeholder: 'layers/name',
      doc: "the layer's group in a Keras file that holds several layers of its kind",
    }),
  },
  exclusive: [['layer', 'model']],
  footer:
    'Without --layer, a safetensors or JSON file is rewritten in the other format under the same names.\n' +
    'Paths are relative to the directory you run the command from, also through npm run.',
});

export const CONVERT_USAGE = usageOf(CONVERT_SPEC);

export interface ConvertArgs {
  input: string;
  out: string;
  format: 'safetensors' | 'json';
  from: Naming;
  to: Naming;
  layer: Layer<object, object> | undefined;
  kerasPath: string | undefined;
}

const parseValue = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

function layerOf(
  name: string | undefined,
  model: string | undefined,
  config: Readonly<Record<string, string>>,
): Layer<object, object> | undefined {
  const keys = Object.keys(config);
  if (name === undefined && model === undefined) {
    if (keys.length > 0) throw argumentError(CONVERT_SPEC, `--${keys[0]} is a layer config value: name the layer with --layer <Layer>`);
    return undefined;
  }
  if (model !== undefined && keys.length > 0) throw argumentError(CONVERT_SPEC, `--${keys[0]}: give the config in the --model file`);
  if (name !== undefined && !layerClassNames().includes(name)) {
    const near = closest(name, layerClassNames());
    throw argumentError(
      CONVERT_SPEC,
      `--layer: unknown layer ${echo(name)}${near ? ` (did you mean ${near}?)` : ''} (layers: ${layerClassNames().join(', ')})`,
    );
  }
  const flag = name === undefined ? `--model ${echo(userPath(model!))}` : `--layer ${name}`;
  try {
    if (model !== undefined) return layerFromJSON(readFileSync(userPath(model), 'utf8'));
    return layerFromJSON({ className: name!, config: Object.fromEntries(keys.map((k) => [k, parseValue(config[k]!)])) });
  } catch (error) {
    if (error instanceof LayerspecError || (error instanceof Error && 'code' in error)) {
      throw argumentError(CONVERT_SPEC, `${flag}: ${cut(error.message)}`);
    }
    throw error;
  }
}

/** The options of `layerspec convert`; a LayerspecError for anything it does not accept. */
export function parseConvertArgs(given: readonly string[]): ConvertArgs {
  const { values, positional, families } = parseArgs(CONVERT_SPEC, given);
  const layer = layerOf(values.layer, values.model, families['--'] ?? {});
  const input = positional!;
  const mapped = weightsFormatOf(input) === 'keras' || values.from !== values.to;
  if (mapped && values.to === 'torch' && !layer) {
    throw argumentError(
      CONVERT_SPEC,
      '--to torch maps the names for a layer: name it (--layer <Layer> and its config, or --model layer.json)',
    );
  }
  return {
    input,
    out: values.out,
    format: outputFormat(values.out),
    from: mapped ? values.from : 'layerspec',
    to: mapped ? values.to : 'layerspec',
    layer,
    kerasPath: values.kerasPath,
  };
}

/** `layerspec convert`: reads a weights file, maps its names if asked, and writes it as safetensors or JSON. */
export function convertCommand(args: readonly string[]): void {
  const a = parseConvertArgs(args);
  const weights = readWeightsFile(CONVERT_SPEC, a.input, {
    flag: '<input>',
    naming: a.from,
    ...(a.layer ? { layer: a.layer } : {}),
    ...(a.kerasPath === undefined ? {} : { kerasPath: a.kerasPath }),
  });
  let named: Record<string, HostTensor>;
  try {
    named = renameWeights(weights, a.to, a.layer);
  } catch (error) {
    if (error instanceof LayerspecError) throw argumentError(CONVERT_SPEC, `--to ${a.to}: ${cut(error.message)}`);
    throw error;
  }
  const bytes = encodeWeights(a.format, named);
  const out = writeUserFile(a.out, bytes);
  console.log(`wrote ${out} (${a.format}, ${a.to} names, ${Object.keys(named).length} tensors, ${bytes.length} bytes)`);
  for (const [name, t] of Object.entries(named)) console.log(`  ${name}: ${t.dtype}${formatShape(t.shape)}`);
}
