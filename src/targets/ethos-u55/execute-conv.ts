// CONV and DEPTHWISE (npuc's model in execute.ts):
//   acc = sum over the taps inside the IFM of (ifm - IFM_ZERO_POINT) * w,
//   then scale(acc + bias, scale, shift, rounding) and the output stage.
// The IFM is gathered once (zero point subtracted), the weights unpacked
// once. For CONV each output pixel's window is copied into a patch laid out
// like a weight row ([ky][kx][ic], taps outside the IFM left 0, so padding
// contributes nothing), and each output channel is one long dot product
// over it, for two pixels and four channels at a time.
//
// Exactness: IFM values minus the zero point are below 2^17 in magnitude (8-
// and 16-bit IFMs only), weights 9-bit, and a window has at most
// 64 * 64 * 65536 = 2^28 taps, so every partial sum stays below 2^53 and
// the double accumulators are exact.

import { windowOf } from './window.js';
import type { CheckedBlock } from './execute-check.js';
import { FeatureMapWriter, gather } from './feature-map-io.js';
import type { OutputStage } from './output-stage.js';
import { ChannelScales } from './rounding.js';
import { unpackConvWeights, unpackDepthwiseWeights, unpackScaleRecords } from './unpack-coefficients.js';

/** acc[oc] = dot(src[from .. from + K), W[oc]) for every output channel. */
function dotAll(src: Int32Array, from: number, W: Int32Array, K: number, OC: number, acc: Float64Array): void {
  let oc = 0;
  for (; oc + 4 <= OC; oc += 4) {
    const b0 = oc * K;
    const b1 = b0 + K;
    const b2 = b1 + K;
    const b3 = b2 + K;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < K; i++) {
      const x = src[from + i]!;
      s0 += x * W[b0 + i]!;
      s1 += x * W[b1 + i]!;
      s2 += x * W[b2 + i]!;
      s3 += x * W[b3 + i]!;
    }
    acc[oc] = s0;
    acc[oc + 1] = s1;
    acc[oc + 2] = s2;
    acc[oc + 3] = s3;
  }
  for (; oc < OC; oc++) {
    const b = oc * K;
    let s = 0;
    for (let i = 0; i < K; i++) s += src[from + i]! * W[b + i]!;
    acc[oc] = s;
  }
}

/**
 * dotAll for two pixels at once (src[f0 ..] into acc0, src[f1 ..] into
 * acc1): each weight loaded once serves both, eight accumulators in flight.
 */
function dot2All(src: Int32Array, f0: number, f1: number, W: Int32Array, K: number, OC: number, acc0: Float64Array, acc1: Float64Array): void {
  let oc = 0;
  for (; oc + 4 <= OC; oc += 4) {
    const b0 = oc * K;
    const b1 = b0 + K;
    const b2 = b1 + K;
    const b3 = b2 + K;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    for (let i = 0; i < K; i++) {
      const x = src[f0 + i]!;
      const z = src[f1 + i]!;
      const w0 = W[b0 + i]!;
      const w1 = W[b1 + i]!;
      const w2 = W[b2 + i]!;
      const w3 = W[b3 + i]!;
      s0 += x * w0;
      s1 += x * w1;
      s2 += x * w2;
      s3 += x * w3;
      t0 += z * w0;
      t1 += z * w1;
      t2 += z * w2;
      t3 += z * w3;
    }
    acc0[oc] = s0;
    acc0[oc + 1] = s1;
    acc0[oc + 2] = s2;
    acc0[oc + 3] = s3;
    acc1[oc] = t0;
    acc1[oc + 1] = t1;
    acc1[oc + 2] = t2;
    acc1[oc + 3] = t3;
  }
  for (; oc < OC; oc++) {
    const b = oc * K;
    let s = 0;
    let t = 0;
    for (let i = 0; i < K; i++) {
      const w = W[b + i]!;
      s += src[f0 + i]! * w;
      t += src[f1 + i]! * w;
    }
    acc0[oc] = s;
    acc1[oc] = t;
  }
}

/**
 * acc[c] = sum over the n taps t of X[xOff[t] + c] * W[wOff[t] + c], for
 * c < C: one scalar accumulator per channel (a small function V8 optimizes
 * on its own).
 */
function depthwisePixel(X: Int32Array, xOff: Int32Array, W: Int32Array, wOff: Int32Array, n: number, C: number, acc: Float64Array): void {
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let t = 0; t < n; t++) s += X[xOff[t]! + c]! * W[wOff[t]! + c]!;
    acc[c] = s;
  }
}

export function runConv(k: CheckedBlock, out: OutputStage): void {
  const op = k.op;
  const { ifm, ofm } = op;
  const { IH, IW, IC, OH, OW, OC, KH, KW, sy, sx, dy, dx, pt, pl } = windowOf(op);
  const K = KH * KW * IC;
  const pointwise = KH === 1 && KW === 1;

  const X = new Int32Array(IH * IW * IC);
  gather(ifm, k.ifm, X);
  const W = unpackConvWeights(k.weights!, op.weights!.address, OC, KH, KW, IC);
  const rec = unpackScaleRecords(k.scales!, op.scales!.address, OC);
  const scales = new ChannelScales(rec.scale, rec.shift, op.rounding);
  const bias = rec.bias;
  // Two windows side by side: [0, K) and [K, 2K).
  const patch = new Int32Array(2 * K);
  const acc0 = new Float64Array(OC);
  const acc1 = new Float64Array(OC);
  const vals = new Float64Array(OC);
  const writer = new FeatureMapWriter(ofm, k.ofm);

  /** Copies output pixel (oy, ox)'s window into patch[at .. at + K). */
  const fill = (oy: number, ox: number, at: number): void => {
    let d = at;
    for (let ky = 0; ky < KH; ky++) {
      const y = oy * sy - pt + ky * dy;
      const rowInside = y >= 0 && y < IH;
      for (let kx = 0; kx < KW; kx++, d += IC) {
        const x = ox * sx - pl + kx * dx;
        if (rowInside && x >= 0 && x < IW) {
          const s = (y * IW + x) * IC;
          for (let c = 0; c < IC; c++) patch[d + c] = X[s + c]!;
        } else {
          for (let c = 0; c < IC; c++) patch[d + c] = 0;
        }
      }
    }
  };
  const insideIfm = (oy: number, ox: number): boolean => {
    const y = oy * sy - pt;
    const x = ox * sx - pl;
    return y >= 0 && y < IH && x >= 0 && x < IW;
  };

  for (let oy = 0; oy < OH; oy++) {
    for (let ox = 0; ox < OW; ox += 2) {
      const two = ox + 1 < OW;
      let src = patch;
      let f0 = 0;
      let f1 = K;
      if (pointwise && insideIfm(oy, ox) && (!two || insideIfm(oy, ox + 1))) {
        // A 1x1 window is one IFM pixel: dot products straight over the gathered IFM.
        src = X;
        f0 = ((oy * sy - pt) * IW + ox * sx - pl) * IC;
        f1 = f0 + sx * IC;
      } else {
        fill(oy, ox, 0);
        if (two) fill(oy, ox + 1, K);
      }
      if (two) dot2All(src, f0, f1, W, K, OC, acc0, acc1);
      else dotAll(src, f0, W, K, OC, acc0);
      out.finishChannels(acc0, bias, scales, vals, OC);
      writer.writePixel(oy * OW + ox, vals, 0);
      if (two) {
        out.finishChannels(acc1, bias, scales, vals, OC);
        writer.writePixel(oy * OW + ox + 1, vals, 0);
      }
    }
  }
}

export function runDepthwise(k: CheckedBlock, out: OutputStage): void {
  const op = k.op;
  const { ifm, ofm } = op;
  const { IH, IW, OC: C, OH, OW, KH, KW, sy, sx, dy, dx, pt, pl } = windowOf(op);

  const X = new Int32Array(IH * IW * C);
  gather(ifm, k.ifm, X);
  const W = unpackDepthwiseWeights(k.weights!, op.weights!.address, C, KH, KW);
  const rec = unpackScaleRecords(k.scales!, op.scales!.address, C);
  const scales = new ChannelScales(rec.scale, rec.shift, op.rounding);
  const bias = rec.bias;
  const acc = new Float64Array(C);
  const vals = new Float64Array(C);
  const writer = new FeatureMapWriter(ofm, k.ofm);

  // The taps of the current window that lie inside the IFM: where each reads in X and in W.
  const xOff = new Int32Array(KH * KW);
  const wOff = new Int32Array(KH * KW);
  for (let oy = 0; oy < OH; oy++) {
    for (let ox = 0; ox < OW; ox++) {
      let n = 0;
      for (let ky = 0; ky < KH; ky++) {
        const y = oy * sy - pt + ky * dy;
        if (y < 0 || y >= IH) continue;
        for (let kx = 0; kx < KW; kx++) {
          const x = ox * sx - pl + kx * dx;
          if (x < 0 || x >= IW) continue;
          xOff[n] = (y * IW + x) * C;
          wOff[n++] = (ky * KW + kx) * C;
        }
      }
      depthwisePixel(X, xOff, W, wOff, n, C, acc);
      out.finishChannels(acc, bias, scales, vals, C);
      writer.writePixel(oy * OW + ox, vals, 0);
    }
  }
}
