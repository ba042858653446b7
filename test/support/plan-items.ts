// Generated sets of tensor live ranges for the memory planner's tests and
// benchmark: the intermediates of a MobileNetV2-like schedule, and random ones.

import type { PlanItem } from '../../src/codegen/memory-planner.js';
import { mulberry32 } from './onnx-model-builder.js';

interface MutableItem {
  id: number;
  size: number;
  alignment: number;
  start: number;
  end: number;
}

/**
 * The intermediates of a MobileNetV2-like chain, one op per schedule step:
 * the stem output (112x112x32), then inverted residual blocks (expand 1x1
 * unless t = 1, depthwise 3x3, project 1x1, and a residual add that keeps the
 * block input alive when the stride is 1 and the channels match), down to
 * 7x7x320. int8, NHWC, 16-byte aligned.
 */
export function mobilenetV2LikeItems(): PlanItem[] {
  const items: MutableItem[] = [];
  let step = 0;
  // One schedule step: reads `inputs`, writes a new h x w x c tensor.
  const op = (inputs: readonly number[], h: number, w: number, c: number): number => {
    for (const i of inputs) items[i]!.end = step;
    const id = items.length;
    items.push({ id, size: h * w * c, alignment: 16, start: step, end: step });
    step++;
    return id;
  };
  let h = 112;
  let c = 32;
  let x = op([], h, h, c); // stem conv 3x3 stride 2 from the (io) input
  // (expansion t, output channels, repeats, first stride)
  const config: readonly (readonly [number, number, number, number])[] = [
    [1, 16, 1, 1],
    [6, 24, 2, 2],
    [6, 32, 3, 2],
    [6, 64, 4, 2],
    [6, 96, 3, 1],
    [6, 160, 3, 2],
    [6, 320, 1, 1],
  ];
  for (const [t, out, n, s] of config) {
    for (let r = 0; r < n; r++) {
      const stride = r === 0 ? s : 1;
      const hidden = t === 1 ? x : op([x], h, h, c * t);
      const ho = h / stride;
      const dw = op([hidden], ho, ho, c * t);
      const proj = op([dw], ho, ho, out);
      x = stride === 1 && c === out ? op([x, proj], ho, ho, out) : proj;
      h = ho;
      c = out;
    }
  }
  return items;
}

/**
 * `n` random items: sizes log-uniform in [64 B, 256 KiB), alignments 1 to 64,
 * starts uniform over 2n/3 steps, mostly short lifetimes with a few long ones.
 */
export function randomItems(n: number, seed: number): PlanItem[] {
  const rnd = mulberry32(seed);
  const steps = Math.max(1, Math.floor((2 * n) / 3));
  const items: PlanItem[] = [];
  for (let id = 0; id < n; id++) {
    const size = Math.floor(64 * 4096 ** rnd());
    const alignment = 2 ** Math.floor(rnd() * 7);
    const start = Math.floor(rnd() * steps);
    const length = rnd() < 0.9 ? Math.floor(rnd() * 4) : Math.floor(rnd() * steps * 0.2);
    items.push({ id, size, alignment, start, end: start + length });
  }
  return items;
}

