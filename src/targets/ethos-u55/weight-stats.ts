// What the uncompressed weight streams of a job hold, and what a weight codec
// could save on them: for each CONV/DEPTHWISE operation, the weights it reads
// from its stream and their zero-order entropy (the bits per weight an ideal
// per-stream symbol coder needs when it knows the value histogram). Vela's
// mlw codec (palette plus Golomb-Rice) is such a coder; the entropy is a
// bound on what it reaches without modelling neighbouring weights, so the
// ratio stream bytes / entropy bytes estimates what compression would save.

import { decodeCommands, decodeOperations } from './decode.js';
import { unpackConvWeights, unpackDepthwiseWeights } from './unpack-coefficients.js';

export interface WeightStats {
  /** Weights in all streams. */
  readonly weights: number;
  /** Bytes of the uncompressed streams (9 bits per weight, 16-byte aligned). */
  readonly streamBytes: number;
  /** Sum over streams of ceil(weights * entropy / 8). */
  readonly entropyBytes: number;
  /** Fraction of weights equal to zero. */
  readonly zeroFraction: number;
}

function entropyBits(values: Int32Array): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let bits = 0;
  for (const c of counts.values()) bits -= c * Math.log2(c / values.length);
  return bits;
}

/** Statistics of the weight streams a command stream reads from `coefficients` (region 0). */
export function weightStats(commandStream: Uint8Array, coefficients: Uint8Array): WeightStats {
  let weights = 0;
  let streamBytes = 0;
  let entropyBytes = 0;
  let zeros = 0;
  for (const op of decodeOperations(decodeCommands(commandStream))) {
    if (op.kind !== 'CONV' && op.kind !== 'DEPTHWISE') continue;
    if (!op.weights || op.weights.region !== 0) continue;
    const { width: kw, height: kh } = op.kernel;
    const values =
      op.kind === 'CONV'
        ? unpackConvWeights(coefficients, op.weights.address, op.ofm.depth, kh, kw, op.ifm.depth)
        : unpackDepthwiseWeights(coefficients, op.weights.address, op.ofm.depth, kh, kw);
    weights += values.length;
    streamBytes += op.weights.length;
    entropyBytes += Math.ceil(entropyBits(values) / 8);
    for (const v of values) if (v === 0) zeros++;
  }
  return { weights, streamBytes, entropyBytes, zeroFraction: weights ? zeros / weights : 0 };
}
