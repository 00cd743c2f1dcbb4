import { echo } from '../errors.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function finite(spec: Record<string, unknown>, key: string, opts: { positive?: boolean; optional?: boolean }): string | undefined {
  const v = spec[key];
  if (v === undefined && opts.optional) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${String(spec['name'])} '${key}' must be a finite number, got ${echo(v)}`;
  if (opts.positive && !(v > 0)) return `${String(spec['name'])} '${key}' must be > 0, got ${v}`;
  return undefined;
}

/**
 * What is wrong with an initializer spec read from untyped JSON, or undefined when it is valid. Every
 * number it carries must be finite (fans positive), so an initializer never fills a weight with NaN.
 */
export function initializerProblem(spec: unknown): string | undefined {
  if (!isRecord(spec)) return `an initializer must be an object with a name, got ${echo(spec)}`;
  switch (spec['name']) {
    case 'zeros':
    case 'ones':
      return undefined;
    case 'constant':
      return finite(spec, 'value', {});
    case 'glorotUniform':
      return finite(spec, 'fanIn', { positive: true, optional: true }) ?? finite(spec, 'fanOut', { positive: true, optional: true });
    case 'orthogonal':
      return finite(spec, 'gain', { optional: true });
    case 'blocks': {
      const blocks = spec['blocks'];
      if (!Array.isArray(blocks) || blocks.length === 0) return `blocks 'blocks' must be a non-empty array, got ${echo(blocks)}`;
      for (const [i, block] of blocks.entries()) {
        const size: unknown = isRecord(block) ? block['size'] : undefined;
        if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
          return `blocks[${i}].size must be an integer >= 1, got ${echo(size)}`;
        }
        const inner = initializerProblem(isRecord(block) ? block['init'] : undefined);
        if (inner) return `blocks[${i}].init: ${inner}`;
      }
      return undefined;
    }
    default:
      return `unknown initializer ${echo(spec)}`;
  }
}
