/** Each package's share of a bundle, from esbuild's metafile: layerspec's own packages and the third-party code each brings. */
import type { Metafile } from 'esbuild';

/** Third-party packages, by the layerspec package that brings them. */
const OWNERS: readonly [RegExp, string][] = [
  [/^@tensorflow\/|^long$|^seedrandom$/, 'backend-tfjs'],
  [/^onnxruntime-web$|^onnx-proto$|^protobufjs$|^@protobufjs\//, 'backend-onnx'],
];

export interface Share {
  readonly pkg: string;
  readonly own: number;
  /** Bytes by third-party package. */
  readonly thirdParty: ReadonlyMap<string, number>;
}

function packageOf(input: string): { name: string; layerspec: boolean } | undefined {
  const mod = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (mod) return { name: mod[1]!, layerspec: false };
  const own = /packages\/([^/]+)\//.exec(input);
  return own ? { name: own[1]!, layerspec: true } : undefined;
}

export function shareOf(meta: Metafile): Share[] {
  const shares = new Map<string, { own: number; thirdParty: Map<string, number> }>();
  const of = (pkg: string) => {
    let s = shares.get(pkg);
    if (!s) shares.set(pkg, (s = { own: 0, thirdParty: new Map() }));
    return s;
  };
  for (const output of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const p = packageOf(input);
      if (!p || bytesInOutput === 0) continue;
      if (p.layerspec) of(p.name).own += bytesInOutput;
      else {
        const third = of(OWNERS.find(([re]) => re.test(p.name))?.[1] ?? 'other').thirdParty;
        third.set(p.name, (third.get(p.name) ?? 0) + bytesInOutput);
      }
    }
  }
  return [...shares].map(([pkg, s]) => ({ pkg, ...s }));
}

const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
const total = (m: ReadonlyMap<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

/** A markdown table: own code, third-party total and its largest packages. */
export function formatShares(shares: readonly Share[]): string {
  const rows = shares
    .filter((s) => s.own + total(s.thirdParty) >= 100)
    .map((s) => {
      const largest = [...s.thirdParty].sort((a, b) => b[1] - a[1]).filter(([, n]) => n >= 8 * 1024);
      const detail = largest.length ? ` (${largest.map(([name, n]) => `${name} ${kib(n)}`).join(', ')})` : '';
      return `| ${s.pkg} | ${kib(s.own)} | ${kib(total(s.thirdParty))}${detail} |`;
    });
  const all = shares.reduce((n, s) => n + s.own + total(s.thirdParty), 0);
  return ['| package | own code | third-party code it brings |', '|---|---|---|', ...rows, `| all | | ${kib(all)} |`].join('\n');
}
