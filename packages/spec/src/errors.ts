/** The longest user value an error message repeats; longer ones are cut, with their length stated. */
export const ECHO_LIMIT = 200;

/** The longest detail a LayerspecError keeps, so no input can make a message of megabytes. */
export const DETAIL_LIMIT = 2000;

function cut(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}... (${text.length} characters in all)`;
}

/**
 * A user value as an error message repeats it: strings quoted and called strings (so '17' never reads
 * like 17), other values as JSON, at most ECHO_LIMIT characters.
 */
export function echo(value: unknown): string {
  if (typeof value === 'string') return `the string ${cut(JSON.stringify(value), ECHO_LIMIT)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === undefined || value === null) {
    return String(value);
  }
  if (typeof value === 'function' || typeof value === 'symbol') return typeof value;
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  } catch {
    text = undefined;
  }
  return cut(text ?? Object.prototype.toString.call(value), ECHO_LIMIT);
}

/**
 * Every error the library raises on bad input. `where` names the layer or op (and node) at fault,
 * so a message reads like "MultiHeadAttention: input 'query' must have rank 3, got rank 2".
 */
export class LayerspecError extends Error {
  override readonly name = 'LayerspecError';
  constructor(
    readonly where: string,
    detail: string,
  ) {
    super(`${cut(where, ECHO_LIMIT)}: ${cut(detail, DETAIL_LIMIT)}`);
  }
}

/** JSON.parse, failing with a LayerspecError (at `where`) instead of a SyntaxError. */
export function parseJSONText(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new LayerspecError(where, `not JSON text (${e instanceof Error ? e.message : String(e)})`);
  }
}
