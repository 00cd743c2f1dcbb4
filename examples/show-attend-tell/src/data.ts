/**
 * Synthetic captioning data: 32x32 RGB images with one or two coloured shapes, each in its own quadrant,
 * and the caption that names them in reading order ("red square top-left blue circle bottom-right <eos>").
 */
import { seededUniform } from '@layerspec/example-common';

export const IMAGE_SIZE = 32;
export const COLOURS = ['red', 'green', 'blue'] as const;
export const SHAPES = ['square', 'circle', 'triangle'] as const;
export const POSITIONS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;
export const VOCAB = ['<pad>', '<bos>', '<eos>', ...COLOURS, ...SHAPES, ...POSITIONS] as const;
export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
/** Longest caption: two objects of three words each, then `<eos>`. */
export const MAX_LEN = 7;

export type Colour = (typeof COLOURS)[number];
export type Shape = (typeof SHAPES)[number];
export type Position = (typeof POSITIONS)[number];
export interface SceneObject {
  colour: Colour;
  shape: Shape;
  position: Position;
  size: number;
  cx: number;
  cy: number;
}
export interface Sample {
  image: Float32Array;
  objects: SceneObject[];
  caption: string[];
  tokens: number[];
}

const RGB: Record<Colour, [number, number, number]> = { red: [1, 0.1, 0.1], green: [0.1, 0.9, 0.1], blue: [0.2, 0.3, 1] };

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** Whether pixel (x, y) (pixel centre) lies in the shape. */
export function inside(o: SceneObject, x: number, y: number): boolean {
  const dx = x + 0.5 - o.cx;
  const dy = y + 0.5 - o.cy;
  const h = o.size / 2;
  switch (o.shape) {
    case 'square':
      return Math.abs(dx) <= h && Math.abs(dy) <= h;
    case 'circle':
      return dx * dx + dy * dy <= h * h;
    case 'triangle': {
      // apex up: y from -h (apex) to +h (base); half-width grows linearly with depth
      if (dy < -h || dy > h) return false;
      return Math.abs(dx) <= ((dy + h) / (2 * h)) * h;
    }
  }
}

export function wordsOf(objects: readonly SceneObject[]): string[] {
  const sorted = [...objects].sort((a, b) => POSITIONS.indexOf(a.position) - POSITIONS.indexOf(b.position));
  return [...sorted.flatMap((o) => [o.colour, o.shape, o.position]), '<eos>'];
}

export function tokenize(words: readonly string[]): number[] {
  return words.map((w) => {
    const i = (VOCAB as readonly string[]).indexOf(w);
    if (i < 0) throw new Error(`unknown word ${w}`);
    return i;
  });
}

export function detokenize(tokens: readonly number[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    out.push(VOCAB[t] ?? '?');
    if (t === EOS) break;
  }
  return out;
}

/** Draws one image (HWC, values in [0, 1]) with 1-2 objects in distinct quadrants. */
export function makeSample(r: () => number): Sample {
  const count = r() < 0.5 ? 1 : 2;
  const quads = [0, 1, 2, 3].sort(() => r() - 0.5).slice(0, count);
  const objects: SceneObject[] = quads.map((q) => {
    const size = 9 + Math.floor(r() * 4); // 9..12 px
    const qx = (q % 2) * 16;
    const qy = Math.floor(q / 2) * 16;
    const margin = size / 2 + 1;
    return {
      colour: pick(r, COLOURS),
      shape: pick(r, SHAPES),
      position: POSITIONS[q]!,
      size,
      cx: qx + margin + r() * (16 - 2 * margin),
      cy: qy + margin + r() * (16 - 2 * margin),
    };
  });
  const S = IMAGE_SIZE;
  const image = new Float32Array(S * S * 3);
  for (let y = 0; y < S; y++) {
    for (let x = 0; x < S; x++) {
      const base = (y * S + x) * 3;
      const noise = r() * 0.08;
      image[base] = noise;
      image[base + 1] = noise;
      image[base + 2] = noise;
      for (const o of objects) {
        if (!inside(o, x, y)) continue;
        const [cr, cg, cb] = RGB[o.colour];
        image[base] = cr;
        image[base + 1] = cg;
        image[base + 2] = cb;
      }
    }
  }
  const caption = wordsOf(objects);
  return { image, objects, caption, tokens: tokenize(caption) };
}

export interface Batch {
  /** (N, 32, 32, 3) */
  images: Float32Array;
  /** (N, MAX_LEN): `<bos>` then the caption shifted right, padded with `<pad>`. */
  decoderIn: Int32Array;
  /** (N, MAX_LEN): the caption, padded with `<pad>`. */
  targets: Int32Array;
  samples: Sample[];
}

export function makeBatch(n: number, seed: number): Batch {
  const r = seededUniform(seed);
  const S = IMAGE_SIZE;
  const images = new Float32Array(n * S * S * 3);
  const decoderIn = new Int32Array(n * MAX_LEN);
  const targets = new Int32Array(n * MAX_LEN);
  const samples: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const s = makeSample(r);
    samples.push(s);
    images.set(s.image, i * S * S * 3);
    for (let t = 0; t < MAX_LEN; t++) {
      targets[i * MAX_LEN + t] = s.tokens[t] ?? PAD;
      decoderIn[i * MAX_LEN + t] = t === 0 ? BOS : (s.tokens[t - 1] ?? PAD);
    }
  }
  return { images, decoderIn, targets, samples };
}
