import { describe, expect, it } from 'vitest';
import { Progress } from './progress.js';

function sink(isTTY: boolean): { text: string; write(s: string): void; isTTY: boolean } {
  return {
    text: '',
    isTTY,
    write(s: string) {
      this.text += s;
    },
  };
}

describe('Progress', () => {
  it('on a terminal, rewrites the status in place and ends it with the kept line', () => {
    const out = sink(true);
    const p = new Progress(out, 30, () => 0);
    p.status('batch 1');
    p.status('batch 2');
    p.line('epoch 1 done');
    p.line('next');
    expect(out.text).toBe('\rbatch 1\x1b[K\rbatch 2\x1b[K\repoch 1 done\x1b[K\nnext\n');
  });

  it('in a file or pipe, writes no carriage return and at most one status line per period', () => {
    const out = sink(false);
    let t = 0;
    const p = new Progress(out, 30, () => t);
    for (t = 0; t < 100; t += 5) p.status(`at ${t}s`);
    p.line('done');
    expect(out.text).not.toContain('\r');
    expect(out.text.split('\n')).toEqual(['at 0s', 'at 30s', 'at 60s', 'at 90s', 'done', '']);
  });

  it('in a file, a kept line restarts the period, so no status repeats it at once', () => {
    const out = sink(false);
    let t = 0;
    const p = new Progress(out, 30, () => t);
    p.line('epoch 1');
    t = 10;
    p.status('batch 5');
    t = 31;
    p.status('batch 9');
    expect(out.text).toBe('epoch 1\nbatch 9\n');
  });
});
