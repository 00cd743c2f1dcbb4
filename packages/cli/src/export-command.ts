import { readFileSync } from 'node:fs';
import { layerClassNames, layerFromJSON, initWeights, formatShape, weightsFromJSON, type Dim, type HostTensor, type TensorType } from '@layerspec/spec';
import { OPSETS, exportOnnx, type Opset } from '@layerspec/backend-onnx';
import { userPath, writeUserFile } from './paths.js';

export const EXPORT_USAGE = `usage: layerspec export <Layer> [--<configKey> <value> ...] --input <name>=<dims> [...]
                        [--build-<option> <value> ...] [--opset ${OPSETS.join('|')}] [--seed N | --weights file.json] -o <file.onnx>

  <Layer>            one of the layer classes (MultiHeadAttention, LSTMCell, AttentionWrapper, ...)
  --<configKey> v    a config value; JSON is parsed (2, true, [1,2], {"className":"LSTMCell","config":{"units":8}}),
                     anything else is a string
  --input name=dims  an input's dims, comma separated; a name is a symbolic (dynamic) dim: query=batch,seq,16
  --build-<option> v a build option, e.g. --build-useCausalMask true
  --seed N           freshly initialized weights from this seed (default 0)
  --weights f.json   weights to embed: { "<name>": { "shape": [...], "data": [...] } } or { "<name>": nested arrays }
                     (read by weightsFromJSON; the tour writes such files beside its models)
  -o file.onnx       where to write the model, relative to where you run the command

Paths are relative to the directory you run the command from, also through npm run.`;

interface ExportArgs {
  className: string;
  config: Record<string, unknown>;
  build: Record<string, unknown>;
  inputs: Record<string, Dim[]>;
  opset: Opset;
  seed: number;
  weightsFile: string | undefined;
  out: string;
}

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function parseExportArgs(args: readonly string[]): ExportArgs {
  const [className, ...rest] = args;
  if (!className || className.startsWith('-')) throw new Error(`name the layer to export\n\n${EXPORT_USAGE}`);
  if (!layerClassNames().includes(className)) {
    throw new Error(`unknown layer '${className}' (layers: ${layerClassNames().join(', ')})`);
  }
  const parsed: ExportArgs = { className, config: {}, build: {}, inputs: {}, opset: 17, seed: 0, weightsFile: undefined, out: '' };
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i]!;
    const value = rest[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '-o' || flag === '--out') parsed.out = value;
    else if (flag === '--opset') {
      const opset = OPSETS.find((o) => String(o) === value);
      if (opset === undefined) throw new Error(`--opset must be ${OPSETS.join(' or ')}, got ${value}`);
      parsed.opset = opset;
    } else if (flag === '--seed') parsed.seed = Number(value);
    else if (flag === '--weights') parsed.weightsFile = value;
    else if (flag === '--input') {
      const [name, dims] = value.split('=');
      if (!name || dims === undefined) throw new Error(`--input needs name=dims, got ${value}`);
      parsed.inputs[name] = dims.split(',').map((d) => (/^\d+$/.test(d) ? Number(d) : d));
    } else if (flag.startsWith('--build-')) parsed.build[flag.slice('--build-'.length)] = parseValue(value);
    else if (flag.startsWith('--')) parsed.config[flag.slice(2)] = parseValue(value);
    else throw new Error(`unexpected argument '${flag}'\n\n${EXPORT_USAGE}`);
  }
  if (!parsed.out) throw new Error(`give the output file with -o\n\n${EXPORT_USAGE}`);
  if (Object.keys(parsed.inputs).length === 0) throw new Error(`give each input's dims with --input name=dims\n\n${EXPORT_USAGE}`);
  return parsed;
}

function readWeights(file: string): Record<string, HostTensor> {
  const path = userPath(file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`--weights ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return weightsFromJSON(json);
}

/** `layerspec export`: builds a layer from flags and writes its ONNX model. */
export async function exportCommand(args: readonly string[]): Promise<void> {
  const a = parseExportArgs(args);
  const layer = layerFromJSON({ className: a.className, config: a.config });
  const declared = layer.inputs(a.build);
  const types: Record<string, TensorType> = {};
  for (const [name, shape] of Object.entries(a.inputs)) {
    const decl = declared.find((d) => d.name === name);
    if (!decl) throw new Error(`${a.className} has no input '${name}' (inputs: ${declared.map((d) => d.name).join(', ')})`);
    types[name] = { dtype: decl.dtype, shape };
  }
  const graph = layer.build(types, a.build);
  const weights = a.weightsFile ? readWeights(a.weightsFile) : initWeights(graph, { seed: a.seed });
  const bytes = exportOnnx(graph, weights, { opset: a.opset, docString: `${a.className} ${JSON.stringify(layer.getConfig())}` });
  const out = writeUserFile(a.out, bytes);
  const describe = (v: { name: string; type: TensorType }) => `  ${v.name}: ${v.type.dtype}${formatShape(v.type.shape)}`;
  console.log(`wrote ${out} (${bytes.length} bytes, opset ${a.opset}, ${graph.params.length} weights)`);
  console.log(['inputs:', ...graph.inputs.map(describe), 'outputs:', ...graph.outputs.map(describe)].join('\n'));
}
