// Which tosa ops a target's NPU can execute, and, for each op it cannot, the
// capability it lacks. One function answers both for the `check-target` pass
// (a remark per CPU op; an error with --no-cpu-fallback) and, later, for
// partitioning into NPU and CPU segments.
//
// The answer reads only `TargetCapabilities`: the op must be in `ops`, compute
// on 8-bit integer data (no NPU here has a float unit, and 16-bit activations
// are not modelled yet), and stay within the stated convolution, depthwise
// and pooling limits; a per-channel rescale needs per-channel scaling. A limit
// the facts do not state (`null`) is never the reason.
//
// Constants and views (`const`, `const_shape`, `reshape`, `identity`) need no
// NPU operation on any target: the memory planner resolves them.

import type { Operation } from '../ir/operation.js';
import { IntegerAttr } from '../ir/attributes.js';
import { FloatType, IntegerType, RankedTensorType, type Type } from '../ir/types.js';
import { i64Array } from '../dialects/tosa/common.js';
import type { TargetCapabilities } from './capabilities.js';
import { matchSpaceToDepth } from './space-to-depth.js';
import { readRescale } from '../passes/signed-to-unsigned.js';

/** Ops every target handles without an NPU operation. */
const MEMORY_OPS = new Set(['tosa.const', 'tosa.const_shape', 'tosa.reshape', 'tosa.identity']);

/** Whether `op` is a constant or view that needs no NPU operation on any target. */
export function isMemoryOp(op: Operation): boolean {
  return MEMORY_OPS.has(op.name);
}

const ELTWISE = new Set(['tosa.add', 'tosa.sub', 'tosa.mul', 'tosa.maximum', 'tosa.minimum']);

const widthOf = (v: { type: Type }): number | null => {
  const et = elementOf(v.type);
  return et instanceof IntegerType ? et.width : null;
};

/**
 * NPUs run element-wise arithmetic as a requantized operation: each operand
 * scaled from 8- or 16-bit data into i32 by its own rescale, the i32 result
 * requantized by one rescale (docs/nir.md, nir.eltwise). Plain i32 arithmetic
 * (a quantizer's zero-point add, integer graphs) is not such an operation.
 */
function eltwiseGroupReason(op: Operation, caps: TargetCapabilities): string | null {
  const scaled = op.operands.slice(0, 2).every((v) => {
    const r = v.definingOp;
    return r?.name === 'tosa.rescale' && v.hasOneUse && widthOf(r.operand(0))! <= 16 && widthOf(v) === 32 && unsupportedReason(r, caps) === null;
  });
  const users = op.result().users;
  const requantized = users.length === 1 && users[0]!.name === 'tosa.rescale' && widthOf(users[0]!.result())! <= 16;
  return scaled && requantized ? null : 'it runs element-wise arithmetic only between rescales (8/16-bit operands scaled into i32, the result requantized)';
}

const CONVS = new Set(['tosa.conv2d', 'tosa.depthwise_conv2d', 'tosa.transpose_conv2d']);
const POOLS = new Set(['tosa.avg_pool2d', 'tosa.max_pool2d']);

function elementOf(t: Type): Type | null {
  return t instanceof RankedTensorType ? t.elementType : null;
}

/** The first operand or result data type the NPU cannot compute on, as text; null when all are 8-bit or i32 integers. */
function unsupportedData(op: Operation): string | null {
  const values = [...op.operands.filter((v) => !(v.definingOp?.name === 'tosa.const_shape')), ...op.results];
  for (const v of values) {
    const et = elementOf(v.type);
    if (!et) continue;
    if (et instanceof FloatType) return `it computes on integers only, not ${et}`;
    if (et instanceof IntegerType && et.width === 16 && op.name !== 'tosa.rescale' && op.name !== 'tosa.table') {
      return `it has no 16-bit (${et}) data path`;
    }
    if (et instanceof IntegerType && et.width === 48) return `it has no 48-bit (${et}) accumulator`;
  }
  return null;
}

const pair = (op: Operation, name: string): [number, number] => i64Array(op, name) as [number, number];

/** Ops whose i32 result is an accumulator an NPU requantizes in the same operation. */
const ACCUMULATING = new Set([...CONVS, ...ELTWISE]);

/** A rescale by exactly 1 (multiplier 2^shift): it only moves a value to another type and zero point. */
function isUnitRescale(op: Operation): boolean {
  const p = op.name === 'tosa.rescale' ? readRescale(op) : null;
  return p !== null && p.m.length === 1 && p.m[0] === 2 ** p.s[0]!;
}

/**
 * On an NPU whose feature maps are 8-bit only, the 16/32-bit sides of a
 * rescale must stay inside one NPU operation: an i32 input is the
 * accumulator of the convolution or element-wise op before it, an i32 output
 * an element-wise op's scaled operand, and an i16 side a unit-scale step
 * between those and 8-bit data (TOSA's route between i32 and unsigned types),
 * which the lowering folds away. Anything else reads or writes a wide
 * feature map.
 */
function wideRescaleReason(op: Operation, caps: TargetCapabilities): string | null {
  const input = widthOf(op.operand(0)) ?? 32;
  const output = widthOf(op.result()) ?? 32;
  const producer = op.operand(0).definingOp;
  const users = op.result().users;
  const inputOk =
    input <= 8 ||
    (input === 32 && producer !== null && ACCUMULATING.has(producer.name) && unsupportedReason(producer, caps) === null) ||
    (input === 16 && isUnitRescale(op) && producer?.name === 'tosa.rescale' && (widthOf(producer.operand(0)) ?? 32) === 32 && unsupportedReason(producer, caps) === null) ||
    (input === 16 && producer?.name === 'tosa.rescale' && isUnitRescale(producer) && (widthOf(producer.operand(0)) ?? 32) <= 8);
  const outputOk =
    output <= 8 ||
    (output === 32 && users.length > 0 && users.every((u) => ELTWISE.has(u.name))) ||
    (output === 16 && users.length === 1 && isUnitRescale(users[0]!) && (widthOf(users[0]!.result()) ?? 32) <= 8) ||
    (output === 16 && isUnitRescale(op) && users.length === 1 && users[0]!.name === 'tosa.rescale' && (widthOf(users[0]!.result()) ?? 32) === 32);
  return inputOk && outputOk ? null : `its feature maps are 8-bit only: this rescale ${inputOk ? 'writes' : 'reads'} ${inputOk ? output : input}-bit data`;
}

/**
 * Why `caps`'s NPU cannot execute `op`, naming the missing capability as a
 * clause about the target ("it has no transpose operation"); null
 * when it can (or when `op` needs no NPU operation). Ops outside the tosa
 * dialect (functions, returns) are not the NPU's business: null.
 */
export function unsupportedReason(op: Operation, caps: TargetCapabilities): string | null {
  if (!op.name.startsWith('tosa.') || MEMORY_OPS.has(op.name)) return null;
  const short = op.name.slice('tosa.'.length);
  // A pad that starts a space-to-depth chain is part of a reshuffle.
  if (op.name === 'tosa.pad' && caps.reshuffle && matchSpaceToDepth(op)) return unsupportedData(op);
  if (!caps.ops.includes(op.name)) return `it has no ${short} operation`;
  const data = unsupportedData(op);
  if (data) return data;

  if (CONVS.has(op.name)) {
    const conv = caps.convolution;
    const stride = Math.max(...pair(op, 'stride'));
    if (conv.maxStride !== null && stride > conv.maxStride) return `stride ${stride} exceeds its convolution stride limit ${conv.maxStride}`;
    if (op.name !== 'tosa.transpose_conv2d') {
      const dilation = Math.max(...pair(op, 'dilation'));
      if (conv.maxDilation !== null && dilation > conv.maxDilation) return `dilation ${dilation} exceeds its dilation limit ${conv.maxDilation}`;
    }
    const w = op.operand(1).type as RankedTensorType;
    const [kh, kw] = op.name === 'tosa.depthwise_conv2d' ? [w.shape[0]!, w.shape[1]!] : [w.shape[1]!, w.shape[2]!];
    if (conv.maxKernel !== null && stride === 1 && Math.max(kh, kw) > conv.maxKernel) {
      return `kernel ${kh}x${kw} exceeds its kernel limit ${conv.maxKernel}x${conv.maxKernel}`;
    }
    if (op.name === 'tosa.depthwise_conv2d') {
      const multiplier = w.shape[3]!;
      if (!caps.depthwise.native) return 'it has no native depthwise convolution';
      if (caps.depthwise.maxMultiplier !== null && multiplier > caps.depthwise.maxMultiplier) {
        return `depthwise channel multiplier ${multiplier} exceeds its limit ${caps.depthwise.maxMultiplier}`;
      }
    }
  }
  if (POOLS.has(op.name)) {
    const [kh, kw] = pair(op, 'kernel');
    if (caps.pooling.max2x2Only) {
      const [sy, sx] = pair(op, 'stride');
      const unpadded = i64Array(op, 'pad').every((p) => p === 0);
      if (op.name !== 'tosa.max_pool2d' || kh !== 2 || kw !== 2 || sy !== 2 || sx !== 2 || !unpadded) return 'it pools only as a 2x2, stride-2, unpadded max pool';
    }
    const padded = i64Array(op, 'pad').some((p) => p !== 0);
    const limit = caps.pooling.maxKernelPadded;
    if (padded && limit !== null && Math.max(kh, kw) > limit) return `padded pooling kernel ${kh}x${kw} exceeds its limit ${limit}x${limit}`;
  }
  if (ELTWISE.has(op.name)) {
    const reason = eltwiseGroupReason(op, caps);
    if (reason) return reason;
  }
  if (op.name === 'tosa.clamp' && (widthOf(op.result()) ?? 32) > 16) return 'it clamps only 8- and 16-bit data';
  if (op.name === 'tosa.rescale' && !caps.perChannel) {
    const pc = op.attr('per_channel');
    if (pc instanceof IntegerAttr && pc.value !== 0n) return 'it has no per-channel requantization';
  }
  if (op.name === 'tosa.rescale' && caps.eightBitFeatureMapsOnly) {
    const reason = wideRescaleReason(op, caps);
    if (reason) return reason;
  }
  return null;
}
