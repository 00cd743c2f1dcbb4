import { readFileSync } from 'node:fs';
import { layerClassNames, layerFromJSON, initWeights, formatShape, type Dim, type TensorType } from '@layerspec/spec';
import { OPSETS, exportOnnx, type Opset } from '@layerspec/backend-onnx';
import { TORCH_MAPPINGS } from '@layerspec/interop';
import { userPath, writeUserFile } from './paths.js';
import { argumentError, cut, echo, flags, parseArgs, defineCommand } from './args.js';
import { closest } from './did-you-mean.js';
import { usageOf } from './help.js';
import { FORMAT_HELP, NAMINGS, readWeightsFile, type Naming } from './weights-file.js';

const DIM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `d1,d2,...`: each dim a positive integer or a symbolic (dynamic) dim's name. */
export function parseDims(text: string, input: string): Dim[] {
  return text.split(',').map((d, i) => {
    if (/^\d+$/.test(d) && Number(d) >= 1 && Number.isSafeInteger(Number(d))) return Number(d);
    if (DIM_NAME.test(d)) return d;
    return flags.fail(
      `${input}: dim ${i} is ${echo(d)}, but a dim is a positive integer or a name matching ${DIM_NAME.source} (as in query=batch,seq,16)`,
    );
  });
}

/** The flags of `layerspec export`; a new flag is one more entry. */
export const EXPORT_SPEC = defineCommand({
  name: 'export',
  positional: { name: '<Layer>', doc: 'one of the layer classes (MultiHeadAttention, LSTMCell, AttentionWrapper, ...)' },
  families: [
    { prefix: '--build-', placeholder: '<option> v', doc: 'a build option, e.g. --build-useCausalMask true' },
    {
      prefix: '--',
      placeholder: '<configKey> v',
      doc: 'a config value; JSON is parsed (2, true, [1,2], {"className":"LSTMCell","config":{"units":8}}),\nanything else is a string',
    },
  ],
  flags: {
    inputs: flags.keyed({
      names: '--input',
      placeholder: 'name=dims',
      doc: "an input's dims, comma separated; a name is a symbolic (dynamic) dim: query=batch,seq,16",
      value: parseDims,
    }),
    opset: flags.choice({
      names: '--opset',
      placeholder: OPSETS.join('|'),
      doc: 'the ONNX opset',
      choices: OPSETS.map(String),
      default: '17',
    }),
    seed: flags.int({
      names: '--seed',
      placeholder: 'N',
      doc: 'freshly initialized weights from this seed',
      min: 0,
      max: 2 ** 32 - 1,
      default: 0,
    }),
    weightsFile: flags.string({
      names: '--weights',
      placeholder: 'file',
      doc: `weights to embed, by file type: ${FORMAT_HELP};\nJSON as weightsFromJSON reads it, as the tour writes it beside its models`,
    }),
    from: flags.choice<Naming>({
      names: '--from',
      placeholder: NAMINGS.join('|'),
      doc: "the names in the --weights file: the layer's own, or the matching torch module's state_dict() keys",
      choices: NAMINGS,
      default: 'layerspec',
    }),
    kerasPath: flags.string({
      names: '--keras-path',
      placeholder: 'layers/name',
      doc: "the layer's group in a Keras --weights file that holds several layers of its kind",
    }),
    out: flags.string({
      names: ['-o', '--out'],
      placeholder: 'file.onnx',
      doc: 'where to write the model, relative to where you run the command',
      required: true,
      check: flags.writable,
    }),
  },
  exclusive: [['seed', 'weightsFile']],
  footer:
    'layerspec export --model model.json --input name=dims ... -o file.onnx exports a serialized layer or model\n' +
    '(its toJSON(), { "className": ..., "config": ... }: a Sequential, a Functional or any layer) instead of <Layer>.\n' +
    'Paths are relative to the directory you run the command from, also through npm run.',
});

export const EXPORT_USAGE = usageOf(EXPORT_SPEC);

interface ExportArgs {
  className: string;
  config: Record<string, unknown>;
  build: Record<string, unknown>;
  inputs: Record<string, Dim[]>;
  opset: Opset;
  seed: number;
  weightsFile: string | undefined;
  from: Naming;
  kerasPath: string | undefined;
  out: string;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const jsonValues = (raw: Readonly<Record<string, string>> | undefined): Record<string, unknown> =>
  Object.fromEntries(Object.entries(raw ?? {}).map(([k, v]) => [k, parseValue(v)]));

/** `{ className, config }` from a `--model` file (a layer's `toJSON()`). */
function readModel(file: string): { className: string; config: Record<string, unknown> } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(userPath(file), 'utf8'));
  } catch (e) {
    throw argumentError(EXPORT_SPEC, `--model ${echo(file)}: ${cut(e instanceof Error ? e.message : String(e))}`);
  }
  if (typeof raw !== 'object' || raw === null || !('className' in raw) || typeof raw.className !== 'string') {
    throw argumentError(EXPORT_SPEC, `--model ${echo(file)}: expected a layer's JSON, { "className": ..., "config": { ... } }`);
  }
  const config = 'config' in raw && typeof raw.config === 'object' && raw.config !== null ? { ...raw.config } : {};
  return { className: raw.className, config };
}

/** `--model file` taken out of the arguments: its layer becomes the positional `<Layer>`, its config the base config. */
function splitModel(given: readonly string[]): { args: string[]; config: Record<string, unknown> } {
  const at = given.indexOf('--model');
  if (at < 0) return { args: [...given], config: {} };
  const file = given[at + 1];
  if (file === undefined || file.startsWith('-')) throw argumentError(EXPORT_SPEC, "--model needs a value: a layer's JSON file");
  if (given.indexOf('--model', at + 1) >= 0) throw argumentError(EXPORT_SPEC, '--model is given twice');
  const model = readModel(file);
  return { args: [model.className, ...given.slice(0, at), ...given.slice(at + 2)], config: model.config };
}

/** The options of `layerspec export`; a LayerspecError for anything it does not accept. */
export function parseExportArgs(given: readonly string[]): ExportArgs {
  const { args, config: modelConfig } = splitModel(given);
  const { values, positional, families } = parseArgs(EXPORT_SPEC, args);
  const className = positional!;
  if (!layerClassNames().includes(className)) {
    const near = closest(className, layerClassNames());
    throw argumentError(
      EXPORT_SPEC,
      `unknown layer ${echo(className)}${near ? ` (did you mean ${near}?)` : ''} (layers: ${layerClassNames().join(', ')})`,
    );
  }
  if (Object.keys(values.inputs).length === 0) throw argumentError(EXPORT_SPEC, "give each input's dims with --input name=dims");
  if (values.weightsFile === undefined && (values.from !== 'layerspec' || values.kerasPath !== undefined)) {
    throw argumentError(EXPORT_SPEC, `${values.from !== 'layerspec' ? '--from' : '--keras-path'} describes a --weights file: give one`);
  }
  return {
    className,
    config: { ...modelConfig, ...jsonValues(families['--']) },
    build: jsonValues(families['--build-']),
    inputs: values.inputs,
    opset: OPSETS.find((o) => String(o) === values.opset)!,
    seed: values.seed,
    weightsFile: values.weightsFile,
    from: values.from,
    kerasPath: values.kerasPath,
    out: values.out,
  };
}

/** `layerspec export`: builds a layer from flags and writes its ONNX model. */
export async function exportCommand(args: readonly string[]): Promise<void> {
  const a = parseExportArgs(args);
  const layer = layerFromJSON({ className: a.className, config: a.config });
  const given =
    a.weightsFile === undefined
      ? undefined
      : readWeightsFile(EXPORT_SPEC, a.weightsFile, {
          flag: '--weights',
          naming: a.from,
          layer,
          ...(a.kerasPath === undefined ? {} : { kerasPath: a.kerasPath }),
        });
  const declared = layer.inputs(a.build);
  const types: Record<string, TensorType> = {};
  for (const [name, shape] of Object.entries(a.inputs)) {
    const decl = declared.find((d) => d.name === name);
    if (!decl)
      throw argumentError(
        EXPORT_SPEC,
        `--input: ${a.className} has no input ${echo(name)} (inputs: ${declared.map((d) => d.name).join(', ')})`,
      );
    types[name] = { dtype: decl.dtype, shape };
  }
  const graph = layer.build(types, a.build);
  const unknown = Object.keys(given ?? {}).filter((name) => !graph.params.some((p) => p.name === name));
  const file = `--weights ${echo(userPath(a.weightsFile ?? ''))}`;
  if (unknown.length > 0) {
    const torch = a.from === 'layerspec' && Object.hasOwn(TORCH_MAPPINGS, a.className) ? '; for a torch state_dict add --from torch' : '';
    throw argumentError(
      EXPORT_SPEC,
      `${file}: ${a.className} has no weight ${echo(unknown[0]!)} (weights: ${graph.params.map((p) => p.name).join(', ')}${torch})`,
    );
  }
  const missing = given === undefined ? [] : graph.params.filter((p) => !Object.hasOwn(given, p.name)).map((p) => p.name);
  if (missing.length > 0) {
    throw argumentError(
      EXPORT_SPEC,
      `${file}: the file has no weight ${missing.map(echo).join(', ')} (the file has: ${Object.keys(given!).join(', ')})`,
    );
  }
  const weights = given ?? initWeights(graph, { seed: a.seed });
  const bytes = exportOnnx(graph, weights, { opset: a.opset, docString: `${a.className} ${JSON.stringify(layer.getConfig())}` });
  const out = writeUserFile(a.out, bytes);
  const describe = (v: { name: string; type: TensorType }) => `  ${v.name}: ${v.type.dtype}${formatShape(v.type.shape)}`;
  console.log(`wrote ${out} (${bytes.length} bytes, opset ${a.opset}, ${graph.params.length} weights)`);
  console.log(['inputs:', ...graph.inputs.map(describe), 'outputs:', ...graph.outputs.map(describe)].join('\n'));
}
