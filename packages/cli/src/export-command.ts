import { writeFileSync } from 'node:fs';
import { layerClassNames, layerFromJSON, initWeights, formatShape, type Dim, type HostTensor, type TensorType } from '@layerspec/spec';
import { exportOnnx } from '@layerspec/backend-onnx';
import { readFileSync } from 'node:fs';

export const EXPORT_USAGE = `usage: layerspec export <Layer> [--<configKey> <value> ...] --input <name>=<dims> [...]
                        [--build-<option> <value> ...] [--opset 17|23] [--seed N | --weights file.json] -o <file.onnx>
       layerspec export --model model.json --input <name>=<dims> [...] [...] -o <file.onnx>

  <Layer>            one of the layer classes (MultiHeadAttention, LSTMCell, AttentionWrapper, ...)
  --model m.json     a serialized layer or model instead: its toJSON(), { "className": ..., "config": ... }
                     (a Sequential or Functional model, or any layer)
  --<configKey> v    a config value; JSON is parsed (2, true, [1,2], {"className":"LSTMCell","config":{"units":8}}),
                     anything else is a string
  --input name=dims  an input's dims, comma separated; a name is a symbolic (dynamic) dim: query=batch,seq,16
  --build-<option> v a build option, e.g. --build-useCausalMask true
  --seed N           freshly initialized weights from this seed (default 0)
  --weights f.json   weights to embed: { "<name>": { "dtype": "float32", "shape": [...], "data": [...] } }
  -o file.onnx       where to write the model`;

interface ExportArgs {
  className: string;
  config: Record<string, unknown>;
  build: Record<string, unknown>;
  inputs: Record<string, Dim[]>;
  opset: 17 | 23;
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

/** `{ className, config }` from a `--model` file. */
function readModel(file: string): { className: string; config: Record<string, unknown> } {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof raw !== 'object' || raw === null || !('className' in raw) || typeof raw.className !== 'string') {
    throw new Error(`--model ${file}: expected a layer's JSON, { "className": ..., "config": { ... } }`);
  }
  const config = 'config' in raw && typeof raw.config === 'object' && raw.config !== null ? { ...raw.config } : {};
  return { className: raw.className, config };
}

export function parseExportArgs(given: readonly string[]): ExportArgs {
  const at = given.indexOf('--model');
  const modelFile = at >= 0 ? given[at + 1] : undefined;
  if (at >= 0 && modelFile === undefined) throw new Error('--model needs a value');
  const model = modelFile === undefined ? undefined : readModel(modelFile);
  const args = model ? [model.className, ...given.slice(0, at), ...given.slice(at + 2)] : given;
  const [className, ...rest] = args;
  if (!className || className.startsWith('-')) throw new Error(`name the layer to export\n\n${EXPORT_USAGE}`);
  if (!layerClassNames().includes(className)) {
    throw new Error(`unknown layer '${className}' (layers: ${layerClassNames().join(', ')})`);
  }
  const parsed: ExportArgs = { className, config: model?.config ?? {}, build: {}, inputs: {}, opset: 17, seed: 0, weightsFile: undefined, out: '' };
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i]!;
    const value = rest[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '-o' || flag === '--out') parsed.out = value;
    else if (flag === '--opset') {
      if (value !== '17' && value !== '23') throw new Error(`--opset must be 17 or 23, got ${value}`);
      parsed.opset = value === '17' ? 17 : 23;
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
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, { dtype: string; shape: number[]; data: number[] }>;
  const out: Record<string, HostTensor> = {};
  for (const [name, w] of Object.entries(raw)) {
    if (w.dtype !== 'float32') throw new Error(`weight '${name}' must be float32, got ${w.dtype}`);
    out[name] = { dtype: 'float32', shape: w.shape, data: Float32Array.from(w.data) };
  }
  return out;
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
  writeFileSync(a.out, bytes);
  const describe = (v: { name: string; type: TensorType }) => `  ${v.name}: ${v.type.dtype}${formatShape(v.type.shape)}`;
  console.log(`wrote ${a.out} (${bytes.length} bytes, opset ${a.opset}, ${graph.params.length} weights)`);
  console.log(['inputs:', ...graph.inputs.map(describe), 'outputs:', ...graph.outputs.map(describe)].join('\n'));
}
