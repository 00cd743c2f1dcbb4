// Node module-customization hooks (registered by tfjs-layers-mha.ts through `module.register`) that
// let Node import the per-file ES modules of @tensorflow/tfjs-layers/dist/. Those files use
// extensionless relative specifiers ('../../engine/topology') and sit in a package without
// "type": "module", so Node can neither resolve nor parse them unaided. This file runs on Node's
// hooks thread, untranspiled, hence plain JavaScript.
import { existsSync } from 'node:fs';

/**
 * @typedef {object} HooksData
 * @property {string} layersDist file URL of @tensorflow/tfjs-layers/dist/, with a trailing slash
 * @property {string} entry file URL of the one module imported from outside the package
 * @property {string} coreURL file URL of the @tensorflow/tfjs-core module that @tensorflow/tfjs loads
 */

/** @type {HooksData | undefined} */
let data;

/** @param {HooksData} d */
export function initialize(d) {
  data = d;
}

/**
 * @param {string} specifier
 * @param {{ parentURL?: string | undefined }} context
 * @param {(specifier: string, context: object) => Promise<object>} nextResolve
 */
export async function resolve(specifier, context, nextResolve) {
  if (!data) return nextResolve(specifier, context);
  if (specifier === data.entry) return { url: data.entry, format: 'module', shortCircuit: true };
  const parent = context.parentURL;
  if (!parent?.startsWith(data.layersDist)) return nextResolve(specifier, context);
  // One tfjs-core instance for both trees: same Tensor class, engine, kernel and gradient registries.
  if (specifier === '@tensorflow/tfjs-core') return { url: data.coreURL, format: 'commonjs', shortCircuit: true };
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    for (const suffix of ['', '.js', '/index.js']) {
      const url = new URL(specifier + suffix, parent);
      if (url.pathname.endsWith('.js') && existsSync(url)) return { url: url.href, format: 'module', shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
}
