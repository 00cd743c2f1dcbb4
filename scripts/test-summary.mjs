// Prints the run's closing line, "N passed, N failed", from vitest's JSON reports: the Node run's
// (.vitest/results.json) and, when the browser suite ran, its own (.vitest/browser-results.json).
import { existsSync, readFileSync } from 'node:fs';

const [first = '.vitest/results.json', ...optional] = process.argv.slice(2);
const reports = [first, ...optional.filter((f) => existsSync(f))].map((f) => JSON.parse(readFileSync(f, 'utf8')));
const sum = (key) => reports.reduce((n, r) => n + (r[key] ?? 0), 0);
const skipped = sum('numPendingTests') + sum('numTodoTests');
const failed = sum('numFailedTests');
const where = reports.length > 1 ? ' (Node and Chromium)' : '';
console.log(`tests: ${sum('numPassedTests')} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${where}`);
process.exit(failed === 0 && sum('numTotalTests') > 0 ? 0 : 1);
