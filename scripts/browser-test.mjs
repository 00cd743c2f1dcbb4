// Runs the browser suite (vitest.browser.config.ts: the in-page tests and the playground page's test) in
// headless Chromium, writing vitest's JSON report to the path given (default .vitest/browser-results.json).
// The browser is CHROME_PATH, else chromium, chromium-browser or google-chrome on PATH. Without one it
// prints one line and succeeds, except under CI=true, where a skipped browser suite is a failure.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const report = process.argv[2] ?? '.vitest/browser-results.json';
rmSync(report, { force: true });

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return undefined;
}

const chrome = process.env.CHROME_PATH || ['chromium', 'chromium-browser', 'google-chrome'].map(onPath).find(Boolean);
if (!chrome) {
  const ci = process.env.CI === 'true';
  console.log(
    `browser suite ${ci ? 'not run, which fails under CI=true' : 'skipped'}: no Chromium found (apt-get install chromium on Debian/Ubuntu, or set CHROME_PATH to a Chrome executable)`,
  );
  process.exit(ci ? 1 : 0);
}

const vitest = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--config',
    'vitest.browser.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(3),
  ],
  { stdio: 'inherit', env: { ...process.env, CHROME_PATH: chrome } },
);
process.exit(vitest.status ?? 1);
