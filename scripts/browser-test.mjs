// Runs the browser suite (vitest.browser.config.ts: the in-page tests and the playground page's test) in
// headless Chromium, writing vitest's JSON report to the path given (default .vitest/browser-results.json).
// The browser is findChromium's (@layerspec/cli/chromium, built by npm test before this runs). Without one it
// prints one line and succeeds, except under CI=true, where a skipped browser suite is a failure.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { CHROMIUM_INSTALL_HINT, findChromium } from '@layerspec/cli/chromium';

const report = process.argv[2] ?? '.vitest/browser-results.json';
rmSync(report, { force: true });

const chrome = findChromium();
if (!chrome) {
  const ci = process.env.CI === 'true';
  console.log(`browser suite ${ci ? 'not run, which fails under CI=true' : 'skipped'}: no Chromium found (${CHROMIUM_INSTALL_HINT})`);
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
