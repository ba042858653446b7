// POOL (npuc's model in execute.ts), over the taps of each window that lie
// inside the IFM (the check guarantees at least one):
//   MAX:        max of (ifm - IFM_ZERO_POINT), then the output stage;
//   AVERAGE:    scale(sum, reciprocal_scale(count)) with OFM_PRECISION's
//               rounding (OFM_SCALE is ignored), then the output stage;
//   REDUCE_SUM: scale(sum, OFM_SCALE), then the output stage.
// Sums are exact: at most 64 * 64 taps of values below 2^33.

import { windowOf } from './window.js';
import type { CheckedBlock } from './execute-check.js';
import { FeatureMapWriter, gather } from './feature-map-io.js';
import type { OutputStage } from './output-stage.js';
import { POOLING_MODE } from './registers.js';
import { reciprocalScale, scaleValue } from './rounding.js';

export function runPool(k: CheckedBlock, out: OutputStage): void {
  const op = k.op;
  const { ifm, ofm } = op;
  const { IH, IW, OC: C, OH, OW, KH, KW, sy, sx, dy, dx, pt, pl } = windowOf(op);
  const rounding = op.rounding;
  const isMax = op.mode === POOLING_MODE.MAX;
  const isAvg = op.mode === POOLING_MODE.AVERAGE;

  const X = new Float64Array(IH * IW * C);
  gather(ifm, k.ifm, X);
  // Multiplier and shift by tap count: reciprocal_scale(count) (AVERAGE) or OFM_SCALE (REDUCE_SUM).
  const taps = KH * KW;
  const mulBy = new Float64Array(taps + 1);
  const shiftBy = new Int32Array(taps + 1);
  for (let n = 1; n <= taps; n++) {
    const r = isAvg ? reciprocalScale(n) : { multiplier: op.ofmScale.scale, shift: op.ofmScale.shift };
    mulBy[n] = r.multiplier;
    shiftBy[n] = r.shift;
  }
  const acc = new Float64Array(C);
  const vals = new Float64Array(C);
  const writer = new FeatureMapWriter(ofm, k.ofm);

  for (let oy = 0; oy < OH; oy++) {
    for (let ox = 0; ox < OW; ox++) {
      acc.fill(isMax ? -Infinity : 0);
      let count = 0;
      for (let ky = 0; ky < KH; ky++) {
        const y = oy * sy - pt + ky * dy;
        if (y < 0 || y >= IH) continue;
        for (let kx = 0; kx < KW; kx++) {
          const x = ox * sx - pl + kx * dx;
          if (x < 0 || x >= IW) continue;
          count++;
          const s = (y * IW + x) * C;
          if (isMax) {
            for (let c = 0; c < C; c++) {
              const v = X[s + c]!;
              if (v > acc[c]!) acc[c] = v;
            }
          } else {
            for (let c = 0; c < C; c++) acc[c] += X[s + c]!;
          }
        }
      }
      if (isMax) {
        for (let c = 0; c < C; c++) vals[c] = out.finish(acc[c]!);
      } else {
        const multiplier = mulBy[count]!;
        const shift = shiftBy[count]!;
        for (let c = 0; c < C; c++) vals[c] = out.finish(scaleValue(acc[c]!, multiplier, shift, rounding));
      }
      writer.writePixel(oy * OW + ox, vals, 0);
    }
  }
}
