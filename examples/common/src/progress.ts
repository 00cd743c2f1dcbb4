/** Where progress goes: `process.stdout`, or anything with the same two members. */
export interface ProgressSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Progress output that reads well in a terminal and in a log file. On a terminal (`isTTY`), a status
 * rewrites the current line in place (carriage return, clear to the end of the line). Anywhere else
 * (a pipe, a file, CI) there are no carriage returns: a status is written as its own line, at most one
 * every `everySeconds`, so a log holds a few lines per minute instead of one line of every update.
 * Lines written with `line` always appear, each on its own line.
 */
export class Progress {
  private showing = false;
  private lastStatusAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly out: ProgressSink = process.stdout,
    private readonly everySeconds = 30,
    private readonly now: () => number = () => performance.now() / 1000,
  ) {}

  /** A transient status line (replaced by the next one on a terminal). */
  status(text: string): void {
    if (this.out.isTTY) {
      this.out.write(`\r${text}\x1b[K`);
      this.showing = true;
      return;
    }
    const t = this.now();
    if (t - this.lastStatusAt < this.everySeconds) return;
    this.lastStatusAt = t;
    this.out.write(`${text}\n`);
  }

  /** A line that stays; on a terminal it replaces the status shown, if any. */
  line(text: string): void {
    if (this.showing) {
      this.out.write(`\r${text}\x1b[K\n`);
      this.showing = false;
      return;
    }
    this.out.write(`${text}\n`);
    // a status right after a kept line would repeat it: wait a full period from here
    if (!this.out.isTTY) this.lastStatusAt = this.now();
  }
}
