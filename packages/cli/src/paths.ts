import { accessSync, constants, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';

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

/**
 * Why a file (or a folder to write files in) the user named cannot be written, or undefined when it can: checked before a long run,
 * so a bad `--json` path fails at once instead of after the work. Writes nothing.
 */
export function unwritableReason(path: string, kind: 'file' | 'folder' = 'file'): string | undefined {
  if (path.includes('\0')) return 'a path cannot hold a NUL character';
  let file: string;
  try {
    file = userPath(path);
    const long = file.split(sep).find((part) => Buffer.byteLength(part) > 255);
    if (long !== undefined) return `a file or folder name is longer than 255 bytes`;
    if (existsSync(file)) {
      const isFolder = statSync(file).isDirectory();
      if (kind === 'file' && isFolder) return `${file} is a directory`;
      if (kind === 'folder' && !isFolder) return `${file} is a file, not a folder`;
      accessSync(file, constants.W_OK);
      return undefined;
    }
    let dir = dirname(file);
    while (!existsSync(dir)) dir = dirname(dir);
    if (!statSync(dir).isDirectory()) return `${dir} is a file, so ${file} cannot be created`;
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
