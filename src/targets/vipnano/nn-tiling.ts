// The NN descriptor's tile sizes and kernels_per_core, computed as Mesa's v7
// driver computes them (etnaviv_ml_nn_v7.c, etna_ml_calculate_tiling_v7 and
// calc_superblocks) with the VIPNano-QI buffer depths Mesa's first NN code
// used (input buffer depth 12, accumulation buffer depth 64). npuc's
// executor does not read these fields: they are carried as data so that
// the descriptors look like the driver's.

import { NN_CORES } from './job.js';
import type { NnTiling } from './nn-job.js';

const INPUT_BUFFER_DEPTH = 12;
const ACCUM_BUFFER_DEPTH = 64;
const MAX_TILE_WIDTH = 64;

function interleaveMode(tileWidth: number, kernelHeight: number): number {
  if (kernelHeight - 1 + tileWidth > (MAX_TILE_WIDTH + 8) / 2) return 1;
  let mode = 8;
  if (tileWidth > MAX_TILE_WIDTH / 2) mode = 1;
  else if (tileWidth > MAX_TILE_WIDTH / 4) mode = 2;
  else if (tileWidth > MAX_TILE_WIDTH / 8) mode = 4;
  if (kernelHeight - 1 + tileWidth > (MAX_TILE_WIDTH + 8) / 4) return Math.min(mode, 4);
  return Math.min(mode, 2);
}

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

/** Tiles for a stride-1 convolution whose output (before pooling) is outX x outY x kernels. */
export function nnTiling(outX: number, outY: number, kernels: number, kernelX: number, kernelY: number): NnTiling {
  const tileX = Math.min(outX, MAX_TILE_WIDTH);
  const mode = interleaveMode(tileX, kernelY);
  // Mesa computes this in unsigned arithmetic: a negative value wraps to a huge one.
  const fromInput = INPUT_BUFFER_DEPTH * mode - kernelY + 1;
  let tileY = fromInput > 0 ? fromInput : Infinity;
  tileY = Math.max(1, Math.min(tileY, mode * ACCUM_BUFFER_DEPTH, outY));
  const perCore = ceilDiv(kernels, NN_CORES);
  let foo = Math.floor((ACCUM_BUFFER_DEPTH * mode) / tileY);
  if (kernelX === 1) foo = Math.min(foo, Math.floor(ACCUM_BUFFER_DEPTH / 3));
  foo = Math.max(1, Math.min(foo, perCore, 127));
  const kpc = ceilDiv(kernels, NN_CORES * foo);
  const numKernels = ceilDiv(kernels, kpc * NN_CORES);
  const superblocks = ceilDiv(perCore, numKernels);
  return { kernelsPerCore: ceilDiv(perCore, superblocks), tileX, tileY };
}
