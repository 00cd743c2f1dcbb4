import { LayerspecError, echo } from './errors.js';

/** An allowed value as a message lists it: strings in single quotes, numbers and booleans as they are. */
function listed(value: string | number | boolean): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/**
 * `value` as one of `allowed` (narrowed by finding it there, no cast), or a LayerspecError at `where`:
 * "`what` must be one of 'a', 'b', got ..." naming every allowed value and echoing what was given.
 */
export function checkOneOf<const T extends string | number | boolean>(
  value: unknown,
  allowed: readonly T[],
  where: string,
  what: string,
): T {
  const found = allowed.find((a) => a === value);
  if (found !== undefined) return found;
  throw new LayerspecError(where, `${what} must be one of ${allowed.map(listed).join(', ')}, got ${echo(value)}`);
}
