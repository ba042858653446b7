// The NN executor's convolution (npuc's model in nn-execute.ts): every tap
// of the kernel reads the input at (ox + offsetX + kx, oy + offsetY + ky, z),
// or the border constant outside the input, and
//   acc = corrected bias + sum over all taps of value * (w - coef_zero_point).
// Computed as acc = bias + border * sum(w - zp) + sum over the taps inside
// of (value - border) * (w - zp), the same integer. Doubles are exact here:
// a kernel has at most 15 * 15 * (2^20 - 1) < 2^28 taps, each product is
// below 2^16 in magnitude, so every partial sum stays below 2^53.

import type { NnJob } from './nn-job.js';
import type { NnWeights } from './nn-execute-weights.js';

/**
 * The output stage applied to each accumulator, for the convolution's output
 * [kernel][oy][ox] at out_image_x/y_size (before pooling).
 */
export function runConv(job: NnJob, w: NnWeights, input: Int32Array, stage: (acc: number) => number): Int32Array {
  const { xSize: IX, ySize: IY, zSize: IZ } = job.input;
  const { xSize: KX, ySize: KY } = job.kernel;
  const { xSize: OX, ySize: OY, zSize: OC } = job.output;
  const border = job.borderConst;
  const d = new Int32Array(input.length);
  for (let i = 0; i < input.length; i++) d[i] = input[i]! - border;
  const plane = OX * OY;
  const out = new Int32Array(OC * plane);
  const acc = new Float64Array(plane);
  for (let oc = 0; oc < OC; oc++) {
    const wc = w.centered[oc]!;
    let sumW = 0;
    for (let i = 0; i < wc.length; i++) sumW += wc[i]!;
    acc.fill(w.bias[oc]! + border * sumW);
    // The stream's order within a kernel: [z][x][y].
    let wi = 0;
    for (let z = 0; z < IZ; z++) {
      for (let kx = 0; kx < KX; kx++) {
        const dx = job.offsetX + kx;
        const ox0 = Math.max(0, -dx);
        const ox1 = Math.min(OX, IX - dx);
        for (let ky = 0; ky < KY; ky++) {
          const wv = wc[wi++]!;
          if (wv === 0 || ox0 >= ox1) continue;
          const dy = job.offsetY + ky;
          const oy0 = Math.max(0, -dy);
          const oy1 = Math.min(OY, IY - dy);
          for (let oy = oy0; oy < oy1; oy++) {
            const src = (z * IY + oy + dy) * IX + dx;
            const dst = oy * OX;
            for (let ox = ox0; ox < ox1; ox++) acc[dst + ox] += wv * d[src + ox]!;
          }
        }
      }
    }
    const base = oc * plane;
    for (let i = 0; i < plane; i++) out[base + i] = stage(acc[i]!);
  }
  return out;
}

/** 2x2 max pooling at stride 2 of [z][y][x] values of size xSize x ySize (both even). */
export function maxPool2x2(values: Int32Array, xSize: number, ySize: number, zSize: number): Int32Array {
  const PX = xSize / 2;
  const PY = ySize / 2;
  const out = new Int32Array(PX * PY * zSize);
  let o = 0;
  for (let z = 0; z < zSize; z++) {
    for (let py = 0; py < PY; py++) {
      const r0 = (z * ySize + 2 * py) * xSize;
      const r1 = r0 + xSize;
      for (let px = 0; px < PX; px++) {
        const x = 2 * px;
        out[o++] = Math.max(values[r0 + x]!, values[r0 + x + 1]!, values[r1 + x]!, values[r1 + x + 1]!);
      }
    }
  }
  return out;
}
