import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * A path the user typed, resolved against the directory they ran the command from: `npm run` starts
 * scripts at the repository root and keeps the user's directory in INIT_CWD.
 */
export function userPath(path: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  return resolve(env['INIT_CWD'] ?? cwd, path);
}

/** Writes a file the user named (resolved by {@link userPath}), creating its directory; returns its absolute path. */
export function writeUserFile(path: string, data: string | Uint8Array): string {
  const file = userPath(path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
  return file;
}
