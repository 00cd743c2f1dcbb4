import { LayerspecError } from '../errors.js';
import type { Backend } from './types.js';

const backends = new Map<string, Backend>();

/** Makes `backend` available by name; registering the same name again replaces it. */
export function registerBackend(backend: Backend): void {
  backends.set(backend.name, backend);
}

export function getBackend(name: string): Backend {
  const b = backends.get(name);
  if (!b) {
    const known = [...backends.keys()];
    throw new LayerspecError(
      'getBackend',
      `no backend '${name}' is registered (registered: ${known.length ? known.join(', ') : 'none'}; importing a backend package registers it)`,
    );
  }
  return b;
}

export function listBackends(): string[] {
  return [...backends.keys()];
}
