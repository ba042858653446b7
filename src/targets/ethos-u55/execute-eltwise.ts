// ELEMENTWISE (npuc's model in execute.ts), per OFM element:
//   a = ifm - IFM_ZERO_POINT; b = ifm2 - IFM2_ZERO_POINT, IFM2 broadcast
//   along the IFM2_BROADCAST dimensions, or b = IFM2_SCALAR (taken as is:
//   the scalar is already zero-point free);
//   with `reversed`, IFM2's value is the first operand and IFM's the second;
//   first' = sat32(scale(first, OPA_SCALE)), second' = sat32(scale(second, OPB_SCALE));
//   r = sat32(first' op second') for ADD, SUB, MUL, MIN, MAX;
//   v = scale(r, OFM_SCALE), then the output stage.
// Each operand is scaled once per element before the loop: an 8- or 16-bit
// map through a table of its 2^bits possible values when that is cheaper.
// MUL's product can pass 2^53, but only when it is far outside int32, where
// the saturation gives the same result as the exact product would.

import type { CheckedBlock } from './execute-check.js';
import { FeatureMapWriter, gather } from './feature-map-io.js';
import type { FeatureMap, Scale } from './operation.js';
import type { OutputStage } from './output-stage.js';
import { ELEMENTWISE_MODE } from './registers.js';
import { ChannelScales, saturateInt32, scaleValue } from './rounding.js';

/** sat32(scale(x - zp, m, s)) for every element of a feature map, dense row-major. */
function scaledOperand(fm: FeatureMap, bytes: Uint8Array, sc: Scale, rounding: number): Float64Array {
  const x = new Float64Array(fm.height * fm.width * fm.depth);
  gather(fm, bytes, x);
  const m = sc.scale;
  const s = sc.shift;
  if (fm.bits <= 16 && x.length > 2 ** fm.bits) {
    // x - zp takes at most 2^bits values, from `lo` up.
    const lo = (fm.signed ? -(2 ** (fm.bits - 1)) : 0) - fm.zeroPoint;
    const table = new Float64Array(2 ** fm.bits);
    for (let i = 0; i < table.length; i++) table[i] = saturateInt32(scaleValue(lo + i, m, s, rounding));
    for (let i = 0; i < x.length; i++) x[i] = table[x[i]! - lo]!;
  } else {
    for (let i = 0; i < x.length; i++) x[i] = saturateInt32(scaleValue(x[i]!, m, s, rounding));
  }
  return x;
}

export function runElementwise(k: CheckedBlock, out: OutputStage): void {
  const op = k.op;
  const { ifm, ofm } = op;
  const H = ofm.height;
  const W = ofm.width;
  const C = ofm.depth;
  const rounding = op.rounding;
  const mode = op.mode;
  const reversed = op.broadcast!.reversed;

  // P: the IFM (the OFM's shape); Q: the IFM2 or the scalar, with its strides
  // in the dense array (0 along broadcast dimensions). OPA scales the first
  // operand, OPB the second.
  const P = scaledOperand(ifm, k.ifm, reversed ? op.opbScale : op.opaScale, rounding);
  const qScale = reversed ? op.opaScale : op.opbScale;
  let Q: Float64Array;
  let qy = 0;
  let qx = 0;
  let qc = 0;
  if (op.ifm2) {
    const f2 = op.ifm2;
    Q = scaledOperand(f2, k.ifm2!, qScale, rounding);
    qc = f2.depth === 1 ? 0 : 1;
    qx = f2.width === 1 ? 0 : f2.depth;
    qy = f2.height === 1 ? 0 : f2.width * f2.depth;
  } else {
    Q = Float64Array.of(saturateInt32(scaleValue(op.scalar, qScale.scale, qScale.shift, rounding)));
  }

  // The OFM scale as one (scale, shift) per channel, for the fused output loop.
  const ofmScales = new ChannelScales(new Float64Array(C).fill(op.ofmScale.scale), new Int32Array(C).fill(op.ofmScale.shift), rounding);
  const zeros = new Float64Array(C);
  const acc = new Float64Array(C);
  const vals = new Float64Array(C);
  const writer = new FeatureMapWriter(ofm, k.ofm);

  let i = 0;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const qRow = y * qy + x * qx;
      for (let c = 0; c < C; c++, i++) {
        const p = P[i]!;
        const q = Q[qRow + c * qc]!;
        const a = reversed ? q : p;
        const b = reversed ? p : q;
        let r: number;
        switch (mode) {
          case ELEMENTWISE_MODE.ADD:
            r = a + b;
            break;
          case ELEMENTWISE_MODE.SUB:
            r = a - b;
            break;
          case ELEMENTWISE_MODE.MUL:
            r = a * b;
            break;
          case ELEMENTWISE_MODE.MIN:
            r = a < b ? a : b;
            break;
          default:
            r = a > b ? a : b;
            break;
        }
        acc[c] = saturateInt32(r);
      }
      out.finishChannels(acc, zeros, ofmScales, vals, C);
      writer.writePixel(y * W + x, vals, 0);
    }
  }
}
