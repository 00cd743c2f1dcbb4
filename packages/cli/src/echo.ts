/** Echoed values longer than this are cut in error messages, so a pasted file does not flood the terminal. */
export const ECHO_LIMIT = 200;

/** `text` cut to {@link ECHO_LIMIT} characters, saying how long it was. */
export function cut(text: string): string {
  return text.length > ECHO_LIMIT ? `${text.slice(0, ECHO_LIMIT)}... (${text.length} characters)` : text;
}

/**
 * A value the user typed, quoted for an error message: cut to {@link ECHO_LIMIT} characters (saying
 * how long it was) and JSON-escaped when it holds quotes or control characters, so the message stays one line.
 */
export function echo(value: string): string {
  const head = value.length > ECHO_LIMIT ? value.slice(0, ECHO_LIMIT) : value;
  // eslint-disable-next-line no-control-regex
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what makes a value need quoting
  const quoted = /[\u0000-\u001f\u007f'\\\u2028\u2029]/.test(head) ? JSON.stringify(head) : `'${head}'`;
  return value.length > ECHO_LIMIT ? `${quoted}... (${value.length} characters)` : quoted;
}
