import { describe, expect, it } from 'vitest';
import { PROGRESS_LINE_INTERVAL_MS, endProgress, progress, table } from './format.js';

function recorder(isTTY: boolean): { isTTY: boolean; written: string[]; write(text: string): void } {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => void written.push(text) };
}

describe('progress', () => {
  it('overwrites one line on a terminal, every time', () => {
    const tty = recorder(true);
    progress('a', tty, 0);
    progress('b', tty, 1);
    endProgress(tty);
    expect(tty.written).toEqual(['\r\x1b[Ka', '\r\x1b[Kb', '\r\x1b[K']);
  });

  it('writes whole lines elsewhere, the first at once and then at most one per interval', () => {
    const log = recorder(false);
    endProgress(log);
    progress('first', log, 1000);
    progress('dropped', log, 1000 + PROGRESS_LINE_INTERVAL_MS - 1);
    progress('next', log, 1000 + PROGRESS_LINE_INTERVAL_MS);
    endProgress(log);
    progress('after the end', log, 1000 + PROGRESS_LINE_INTERVAL_MS + 1);
    expect(log.written).toEqual(['first\n', 'next\n', 'after the end\n']);
  });
});

describe('table', () => {
  it('pads columns to their widest cell', () => {
    expect(
      table([
        ['a', 'bb'],
        ['ccc', 'd'],
      ]),
    ).toBe('a    bb\nccc  d');
  });
});
