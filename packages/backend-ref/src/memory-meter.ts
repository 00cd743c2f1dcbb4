import type { RefTensor } from './ref-tensor.js';

/**
 * Bytes of tensor data the engine holds during one run, and their peak. Kernels such as Reshape
 * return views of their input's buffer, so buffers are counted once however many tensors share them.
 */
export class MemoryMeter {
  private readonly holders = new Map<ArrayBufferLike, number>();
  private live = 0;
  private peak = 0;

  hold(t: RefTensor): void {
    const buffer = t.data.buffer;
    const count = this.holders.get(buffer) ?? 0;
    if (count === 0) {
      this.live += buffer.byteLength;
      this.peak = Math.max(this.peak, this.live);
    }
    this.holders.set(buffer, count + 1);
  }

  release(t: RefTensor): void {
    const buffer = t.data.buffer;
    const count = this.holders.get(buffer);
    if (count === undefined) return;
    if (count > 1) {
      this.holders.set(buffer, count - 1);
      return;
    }
    this.holders.delete(buffer);
    this.live -= buffer.byteLength;
  }

  get peakBytes(): number {
    return this.peak;
  }
}
