/**
 * The built playground (examples/playground/dist, made by `npm run build`) in headless Chromium, the browser
 * suite's Chromium and flags: MultiHeadAttention with a causal mask on every backend the page offers, run
 * from the keyboard; every backend agrees with ref and every head's heatmap has its causal upper triangle
 * masked (read from the canvas pixels); a bad setting shows the library's message beside its field; the
 * conformance suite runs to completion; AttentionWrapper's step slider steps; the Show, Attend and Tell view
 * captions a saved image on ref, tfjs-cpu and onnx-web as the example did and steps its attention over the
 * image (each step's weights sum to 1, the overlay changes); nothing overflows a 375 px wide viewport. The screenshots go to
 * .vitest/playground.png and .vitest/playground-show-attend-tell.png, and to examples/playground/screenshot.png
 * and screenshot-show-attend-tell.png (the READMEs' pictures) when LAYERSPEC_UPDATE_SCREENSHOT=1.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '@layerspec/cli/chromium';
import { readCaptionerFile } from '@layerspec/example-show-attend-tell/captioner';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CAPTIONER_FILE = join(ROOT, '..', 'show-attend-tell', 'out', 'captioner.safetensors');
const SHOT = join(ROOT, '..', '..', '.vitest', 'playground.png');
const SAT_SHOT = join(ROOT, '..', '..', '.vitest', 'playground-show-attend-tell.png');
const chrome = findChromium();

let server: PreviewServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

/** Presses Tab until the element with `id` has the focus (at most 80 presses). */
async function tabTo(id: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

interface CellCheck {
  backend: string;
  canvases: number;
  /** Cells drawn wrong: "head h (i, j): expected masked|weighted, got r,g,b". */
  wrong: string[];
}

/** Every heatmap canvas of the backend now shown: upper triangle gray, the rest (unpadded) a weight colour. */
function readMaps(padding: number): CellCheck {
  const select = document.getElementById('maps-backend') as HTMLSelectElement;
  const wrong: string[] = [];
  const canvases = [...document.querySelectorAll<HTMLCanvasElement>('#maps canvas.heatmap')];
  canvases.forEach((canvas, h) => {
    const rows = Number(canvas.dataset['rows']);
    const cols = Number(canvas.dataset['cols']);
    const cell = Number(canvas.dataset['cell']);
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const p = ((i * cell + (cell >> 1)) * canvas.width + j * cell + (cell >> 1)) * 4;
        const rgb = [pixels[p], pixels[p + 1], pixels[p + 2]];
        const gray = rgb.every((c) => c === 128);
        const masked = j > i || j >= cols - padding;
        const red = rgb[0] === 220 && rgb[1] === 20;
        if (masked !== gray || red) wrong.push(`head ${h} (${i}, ${j}): expected ${masked ? 'masked' : 'weighted'}, got ${rgb.join(',')}`);
      }
    }
  });
  return { backend: select.value, canvases: canvases.length, wrong };
}

describe.skipIf(!chrome)('the playground page', () => {
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'index.html'))) throw new Error('examples/playground/dist is missing: run npm run build first');
    server = await preview({ root: ROOT, logLevel: 'silent', preview: { host: '127.0.0.1', port: 0, open: false } });
    browser = await chromium.launch({ executablePath: chrome!, args: [...CHROMIUM_ARGS] });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(server.resolvedUrls!.local[0]!);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('runs causal MultiHeadAttention from the keyboard on every backend, matching ref, with the future masked in every head', async () => {
    const backends = await page.$$eval('#backends input[type=checkbox]', (boxes) => boxes.map((b) => (b as HTMLInputElement).value));
    console.log(`playground backends in headless Chromium: ${backends.join(', ')}`);
    expect(backends).toEqual(expect.arrayContaining(['ref', 'tfjs-cpu', 'tfjs-wasm', 'onnx-web']));
    expect(await page.isChecked('#build-useCausalMask')).toBe(true);
    await page.fill('#runs', '1');
    await page.focus('body');
    await tabTo('run');
    await page.keyboard.press('Enter');
    await page.waitForSelector('body[data-run="done"]', { timeout: 90_000 });

    const rows = await page.$$eval('#results-table tbody tr', (trs) =>
      trs.map((tr) => ({ backend: (tr as HTMLElement).dataset['backend'], cells: [...tr.children].map((td) => td.textContent ?? '') })),
    );
    console.log(rows.map((r) => r.cells.join(' | ')).join('\n'));
    expect(rows.map((r) => r.backend)).toEqual(backends);
    for (const r of rows) {
      expect(r.cells[1], r.backend).toContain('output [2, 6, 8]');
      expect(r.cells[1], r.backend).toContain('attention_scores [2, 2, 6, 6]');
      expect(r.cells[3], `${r.backend} agrees with ref (max |diff| ${r.cells[2]})`).toBe('yes');
    }

    const padding = Number(await page.inputValue('#padding'));
    for (const backend of backends) {
      await page.selectOption('#maps-backend', backend);
      const check = await page.evaluate(readMaps, padding);
      expect(check.backend).toBe(backend);
      expect(check.canvases, backend).toBe(2);
      expect(check.wrong, backend).toEqual([]);
    }
    expect(pageErrors).toEqual([]);
    mkdirSync(join(SHOT, '..'), { recursive: true });
    const bottom = await page.$eval('#maps', (m) => m.getBoundingClientRect().bottom + window.scrollY);
    await page.screenshot({ path: SHOT, fullPage: true, clip: { x: 0, y: 0, width: 1100, height: Math.ceil(bottom) + 16 } });
    if (process.env['LAYERSPEC_UPDATE_SCREENSHOT'] === '1') copyFileSync(SHOT, join(ROOT, 'screenshot.png'));
  }, 120_000);

  it('downloads the model as ONNX from the keyboard', async () => {
    await tabTo('export');
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('MultiHeadAttention.onnx');
    const bytes = readFileSync((await download.path())!);
    // An ONNX ModelProto starts with field 1 (ir_version, a varint): tag byte 0x08.
    expect(bytes[0]).toBe(0x08);
    expect(await page.textContent('#status')).toBe(`downloaded MultiHeadAttention.onnx (${bytes.length} bytes)`);
  });

  it("shows the library's message beside the field a bad setting names", async () => {
    await page.fill('#config-keyDim', '0');
    await tabTo('run');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#config-keyDim-error')).toContain("MultiHeadAttention: config 'keyDim' must be >= 1, got 0");
    expect(await page.getAttribute('#config-keyDim', 'aria-invalid')).toBe('true');
    await page.fill('#config-keyDim', '4');
  });

  it('runs the conformance suite for the layer to completion, the backends chosen from the keyboard', async () => {
    // tfjs-cpu and onnx-web (at opsets 17 and 23) only, to keep the run short: Space unchecks the others.
    for (const b of ['tfjs-wasm', 'tfjs-webgl', 'tfjs-webgpu', 'onnx-webgpu']) {
      await tabTo(`backend-${b}`);
      await page.keyboard.press('Space');
      expect(await page.isChecked(`#backend-${b}`), b).toBe(false);
    }
    await page.fill('#conformance-runs', '2');
    await tabTo('conformance');
    await page.keyboard.press('Space');
    await page.waitForSelector('body[data-conformance="done"]', { timeout: 110_000 });
    const summary = await page.textContent('#conformance-summary');
    console.log(`playground conformance, MultiHeadAttention on tfjs-cpu and onnx-web: ${summary}`);
    expect(summary).toMatch(/^\d+ passed, 0 failed$/);
    const progress = await page.$eval('#conformance-progress', (p) => [(p as HTMLProgressElement).value, (p as HTMLProgressElement).max]);
    expect(progress[0]).toBe(progress[1]);
    const rows = await page.$$eval('#conformance-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['tfjs-cpu', 'onnx-web@17', 'onnx-web@23']));
    expect(rows.map((r) => r[2])).toContain('matches ref');
  }, 120_000);

  it("steps AttentionWrapper's attention over its memory with the slider", async () => {
    await page.selectOption('#layer', 'AttentionWrapper');
    await tabTo('run');
    await page.keyboard.press('Enter');
    await page.waitForSelector('body[data-run="done"]', { timeout: 60_000 });
    const agrees = await page.$$eval('#results-table tbody tr', (trs) => trs.map((tr) => tr.children[3]?.textContent));
    expect(agrees).toEqual(['yes', 'yes', 'yes']);
    await tabTo('step');
    expect(await page.textContent('#step-output')).toBe('step 1 of 5');
    await page.keyboard.press('ArrowRight');
    expect(await page.textContent('#step-output')).toBe('step 2 of 5');
    // The step's row: 7 memory positions, the last one padded out of memory_mask.
    const row = await page.$eval('#step-map canvas', (c) => {
      const canvas = c as HTMLCanvasElement;
      const cell = Number(canvas.dataset['cell']);
      const px = canvas.getContext('2d')!.getImageData(0, cell >> 1, canvas.width, 1).data;
      return Array.from({ length: Number(canvas.dataset['cols']) }, (_, j) => px[(j * cell + (cell >> 1)) * 4] === 128);
    });
    expect(row).toEqual([false, false, false, false, false, false, true]);
  }, 90_000);

  it('captions a saved image with the Show, Attend and Tell model and steps its attention over the image', async () => {
    // The file the example saved: its first image's caption and attention, decoded by tfjs-wasm in training.
    const file = readCaptionerFile(readFileSync(CAPTIONER_FILE));
    const tokens = Array.from(file.examples.tokens.data.subarray(0, file.examples.tokens.shape[1]));
    const eos = tokens.indexOf(file.vocabulary.indexOf('<eos>'));
    const words = tokens.slice(0, eos < 0 ? tokens.length : eos + 1).map((w) => file.vocabulary[w]!);
    await page.selectOption('#layer', 'show-attend-tell');
    await page.waitForSelector('#sat-image:not([disabled])', { timeout: 30_000 });
    expect(await page.$$eval('#sat-image option', (os) => os.length)).toBe(file.examples.image.shape[0]);
    await tabTo('run');
    await page.keyboard.press('Enter');
    await page.waitForSelector('body[data-run="done"]', { timeout: 60_000 });
    const rows = await page.$$eval('#results-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    console.log(`playground Show, Attend and Tell, image 1:\n${rows.map((r) => r.join(' | ')).join('\n')}`);
    expect(rows.map((r) => r[0])).toEqual(['ref', 'tfjs-cpu', 'onnx-web']);
    for (const r of rows) expect([r[1], r[3]], r[0]!).toEqual([file.captions[0], 'yes']);

    await tabTo('sat-step');
    expect(await page.getAttribute('#sat-step', 'max')).toBe(String(words.length - 1));
    const hashes: number[] = [];
    for (let t = 0; t < words.length; t++) {
      if (t > 0) await page.keyboard.press('ArrowRight');
      const shown = await page.$eval('#sat-overlay', (c) => {
        const canvas = c as HTMLCanvasElement;
        const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let hash = 2166136261;
        for (const v of px) hash = Math.imul(hash ^ v, 16777619) >>> 0;
        const d = canvas.dataset;
        return { step: Number(d['step']), word: d['word'], sum: Number(d['sum']), weights: JSON.parse(d['weights']!) as number[], hash };
      });
      expect(await page.textContent('#sat-step-output')).toBe(`step ${t + 1} of ${words.length}: ${words[t]}`);
      expect(await page.textContent('#sat-caption mark')).toBe(words[t]);
      expect([shown.step, shown.word]).toEqual([t, words[t]]);
      expect(Math.abs(shown.sum - 1), `step ${t}: the weights sum to ${shown.sum}`).toBeLessThan(1e-5);
      const saved = Array.from(file.examples.attention.data.subarray(t * 16, (t + 1) * 16));
      shown.weights.forEach((w, j) => expect(Math.abs(w - saved[j]!), `step ${t} cell ${j}`).toBeLessThan(1e-4));
      hashes.push(shown.hash);
    }
    for (let t = 1; t < hashes.length; t++)
      expect(hashes[t], `the overlay of step ${t + 1} differs from step ${t}`).not.toBe(hashes[t - 1]);
    expect(pageErrors).toEqual([]);
    // The README's picture of this view: the third word's step.
    for (let t = words.length - 1; t > 2; t--) await page.keyboard.press('ArrowLeft');
    const bottom = await page.$eval('#maps', (m) => m.getBoundingClientRect().bottom + window.scrollY);
    await page.screenshot({ path: SAT_SHOT, fullPage: true, clip: { x: 0, y: 0, width: 1100, height: Math.ceil(bottom) + 16 } });
    if (process.env['LAYERSPEC_UPDATE_SCREENSHOT'] === '1') copyFileSync(SAT_SHOT, join(ROOT, 'screenshot-show-attend-tell.png'));
  }, 90_000);

  it('fits a 375 px wide viewport without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    expect(widths[0]).toBeLessThanOrEqual(widths[1]!);
    expect(pageErrors).toEqual([]);
  });
});
