#!/usr/bin/env node
// The `layerspec` command. This file is committed, executable, so that npm links it at install time,
// before the TypeScript is built; it runs the built CLI.
const entry = new URL('../dist/bin.js', import.meta.url);
import(entry.href).catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(entry.pathname)) {
    console.error('layerspec: the CLI is not built yet: run npm run build');
    process.exit(1);
  }
  throw error;
});
