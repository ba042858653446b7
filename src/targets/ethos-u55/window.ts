// The sliding-window geometry of a CONV, DEPTHWISE or POOL operation, read
// once from its registers so that each kernel's loops use plain locals.

import type { BlockOperation } from './operation.js';

export interface Window {
  /** IFM height, width and depth. */
  readonly IH: number;
  readonly IW: number;
  readonly IC: number;
  /** OFM height, width and depth. */
  readonly OH: number;
  readonly OW: number;
  readonly OC: number;
  /** Kernel height and width (undilated). */
  readonly KH: number;
  readonly KW: number;
  /** Strides and dilations, y and x. */
  readonly sy: number;
  readonly sx: number;
  readonly dy: number;
  readonly dx: number;
  /** Padding before the first row and column. */
  readonly pt: number;
  readonly pl: number;
}

export function windowOf(op: BlockOperation): Window {
  const { ifm, ofm, kernel } = op;
  return {
    IH: ifm.height,
    IW: ifm.width,
    IC: ifm.depth,
    OH: ofm.height,
    OW: ofm.width,
    OC: ofm.depth,
    KH: kernel.height,
    KW: kernel.width,
    sy: kernel.strideY,
    sx: kernel.strideX,
    dy: kernel.dilationY,
    dx: kernel.dilationX,
    pt: op.pad.top,
    pl: op.pad.left,
  };
}
