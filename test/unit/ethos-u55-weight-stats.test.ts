// Weight-stream statistics (src/targets/ethos-u55/weight-stats.ts) on
// hand-built streams whose entropy is known: a 1x1 CONV of 4 input and 4
// output channels whose 16 weights take one value (0 bits each), two values
// eight times each (1 bit each), or four values four times each (2 bits).

import { describe, expect, it } from 'vitest';
import { weightStats } from '../../src/targets/ethos-u55/weight-stats.js';
import { packWeightStream } from '../../src/targets/ethos-u55/weights.js';
import { Emitter } from './support/ethos-u55-stream.js';

function job(weights: number[]): { stream: Uint8Array; coefficients: Uint8Array } {
  const w = packWeightStream(weights, { kind: 'CONV', oc: 4, kh: 1, kw: 1, ic: 4 });
  const e = new Emitter()
    .cmd0('NPU_SET_IFM_DEPTH_M1', 3)
    .cmd0('NPU_SET_OFM_DEPTH_M1', 3)
    .cmd0('NPU_SET_WEIGHT_REGION', 0)
    .address('NPU_SET_WEIGHT_BASE', 0)
    .address('NPU_SET_WEIGHT_LENGTH', w.length)
    .cmd0('NPU_OP_CONV')
    .stop();
  return { stream: e.bytes(), coefficients: w };
}

describe('ethos-u55 weight stream statistics', () => {
  it('counts weights, stream bytes, zeros and the zero-order entropy', () => {
    const one = job(new Array(16).fill(3));
    // 16 weights x 9 bits = 144 bits = 18 bytes, rounded up to 32; entropy 0.
    expect(weightStats(one.stream, one.coefficients)).toEqual({ weights: 16, streamBytes: 32, entropyBytes: 0, zeroFraction: 0 });
    const two = job([...new Array(8).fill(0), ...new Array(8).fill(-5)]);
    // Two equally frequent values: 1 bit per weight, 16 bits = 2 bytes; half are zero.
    expect(weightStats(two.stream, two.coefficients)).toEqual({ weights: 16, streamBytes: 32, entropyBytes: 2, zeroFraction: 0.5 });
    const four = job(Array.from({ length: 16 }, (_, i) => [1, -1, 255, -256][i % 4]!));
    // Four equally frequent values: 2 bits per weight, 4 bytes.
    expect(weightStats(four.stream, four.coefficients).entropyBytes).toBe(4);
  });
});
