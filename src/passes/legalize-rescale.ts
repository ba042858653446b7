// legalize-rescale: rewrites every tosa.rescale to what a target's
// requantization unit can express, so that evaluating the rewritten TOSA
// gives exactly what the hardware computes:
//   multiplier-bits  width of the unit's unsigned multiplier (31: TOSA's
//                    scale32 as is; 15: vipnano / rknpu, whose OUT_CVT /
//                    post_multiplier hold 15 bits). A multiplier and shift
//                    the unit holds stay as they are; otherwise the multiplier
//                    is first normalized (m * 2^k in [2^30, 2^31), shift + k:
//                    exact), then rounded to the top `bits` bits,
//                    m' = round(m / 2^(31 - bits)), shift' = shift - (31 - bits)
//                    (a carry to 2^bits halves m' and lowers the shift).
//                    `round-multiplier=false` truncates instead, as taking the
//                    top mantissa bits of a float32 scale does.
//   shift-min/max    the unit's shift range (TOSA: 2..62). Past the top, the
//                    multiplier keeps fewer bits (still one rounding from the
//                    exact value); below the bottom, m' is scaled up when it
//                    still fits, else the pass fails: the scale is too large.
//   rounding         keep | SINGLE_ROUND | DOUBLE_ROUND. DOUBLE_ROUND is
//                    TFLite's rounding (SaturatingRoundingDoublingHighMul then
//                    RoundingDivideByPOT), ethos-u55's TFL mode.
//   scale16          emit scale32 = false (i16 multipliers, apply_scale_16)
//                    where TOSA allows it: multiplier below 2^15, not
//                    DOUBLE_ROUND. Both compute floor((v * m + 2^(s-1)) / 2^s)
//                    for SINGLE_ROUND; scale32 = true keeps TOSA's REQUIRE that
//                    |v| < 2^(shift-1), which a 15-bit multiplier's smaller
//                    shift tightens, while apply_scale_16 only requires the
//                    result to fit int32.
// The narrowed multiplier stays in the i32 multiplier tensor with scale32 =
// true unless scale16 is set. Every channel of a per-channel rescale is
// narrowed on its own. Statistics report how far the effective scales moved
// (max relative change, in parts per billion) and remarks give each layer's.
// A rescale by exactly 1 (zero-point moves) stays exact at any width >= 1.
//
// Add headroom. The quantized add/sub lowering (TFLite's) scales both inputs
// up by about 2^20 into i32 and the sum back down. A narrow unit cannot hold
// an input scale that large (a 15-bit multiplier at shift >= 2 tops out near
// 2^13), so before narrowing, an add/sub whose operands are both single-use
// rescales to i32, and whose every user is a rescale, moves 2^d from its
// input scales to its output scales: the smallest d that lets both inputs
// fit. In real numbers the add is unchanged; the inputs keep 2^(20-d) steps
// of headroom per unit, far finer than a 15-bit multiplier's resolution.

import { DenseElementsAttr, IntegerAttr } from '../ir/attributes.js';
import { enumAttr } from '../ir/assembly-format.js';
import { Diagnostic } from '../ir/diagnostics.js';
import { Operation, type Value } from '../ir/operation.js';
import type { PassContext, PassDef } from '../ir/pass.js';
import { IntegerType, RankedTensorType } from '../ir/types.js';
import { ROUNDING_MODE } from '../dialects/tosa/common.js';
import { readRescale } from './signed-to-unsigned.js';

export interface UnitSpec {
  readonly bits: number;
  readonly shiftMin: number;
  readonly shiftMax: number;
  readonly roundMultiplier: boolean;
}

/** A multiplier and shift the unit can hold, for the TOSA pair (m, s); null if the scale is too large. */
export function narrowMultiplier(m: number, s: number, unit: UnitSpec): { multiplier: number; shift: number } | null {
  if (m === 0) return { multiplier: 0, shift: Math.max(unit.shiftMin, Math.min(unit.shiftMax, s)) };
  // What the unit holds already stays as it is.
  if (m < 2 ** unit.bits && s >= unit.shiftMin && s <= unit.shiftMax) return { multiplier: m, shift: s };
  // Normalize to 31 bits (exact): m * 2^k in [2^30, 2^31), shift s + k.
  let mm = BigInt(m);
  let sh = s;
  while (mm < 1n << 30n) {
    mm <<= 1n;
    sh++;
  }
  // The shift that leaves `bits` multiplier bits, capped by the unit; one rounding from the exact value.
  let t = Math.min(sh - (31 - unit.bits), unit.shiftMax);
  const drop = BigInt(sh - t);
  let q = drop > 0n ? (mm + (unit.roundMultiplier ? 1n << (drop - 1n) : 0n)) >> drop : mm;
  if (q === 1n << BigInt(unit.bits)) {
    // The carry of rounding up: a power of two, halved exactly.
    q >>= 1n;
    t--;
  }
  // Below the bottom of the shift range: scale the multiplier up while it fits.
  while (t < unit.shiftMin) {
    q <<= 1n;
    t++;
    if (q >= 1n << BigInt(unit.bits)) return null;
  }
  return { multiplier: Number(q), shift: t };
}

function constOf(before: Operation, type: RankedTensorType, values: readonly number[]): Value {
  const op = new Operation({ name: 'tosa.const', resultTypes: [type], properties: [['values', DenseElementsAttr.fromInts(type, values)]], loc: before.loc });
  before.parent!.insertBefore(op, before);
  return op.result();
}

function setShifts(op: Operation, shifts: readonly number[]): void {
  const old = op.operand(2).definingOp;
  op.setOperand(2, constOf(op, RankedTensorType.get([shifts.length], IntegerType.get(8)), shifts));
  if (old && old.results.every((r) => !r.hasUses)) old.erase();
}

/** The smallest d in 1..30 for which every (m, s + d) of `scales` fits `unit`; 0 if they fit already, null if none does. */
function headroomToDrop(scales: ReadonlyArray<readonly [number, number]>, unit: UnitSpec): number | null {
  for (let d = 0; d <= 30; d++) if (scales.every(([m, s]) => narrowMultiplier(m, s + d, unit) !== null)) return d;
  return null;
}

/** Moves 2^d from the input rescales of quantized add/sub to their output rescales where a narrow unit needs it (see the header). */
function reduceAddHeadroom(module: Operation, unit: UnitSpec, ctx: PassContext): boolean {
  const adds: Operation[] = [];
  module.walk((op) => void ((op.name === 'tosa.add' || op.name === 'tosa.sub') && adds.push(op)));
  let changed = false;
  for (const add of adds) {
    const ins = [add.operand(0), add.operand(1)].map((v) => (v.hasOneUse && v.definingOp?.name === 'tosa.rescale' ? v.definingOp : null));
    const outs = add.result().users;
    if (ins.some((r) => !r) || outs.length === 0 || outs.some((u) => u.name !== 'tosa.rescale' || u.operand(0) !== add.result())) continue;
    const inP = ins.map((r) => readRescale(r!));
    const outP = outs.map(readRescale);
    if (inP.some((p) => !p || p.outW !== 32) || outP.some((p) => !p || p.inW !== 32)) continue;
    const d = headroomToDrop(inP.flatMap((p) => p!.m.map((m, c) => [m, p!.s[c]!] as const)), unit);
    if (d === null || d === 0) continue;
    if (outP.some((p) => p!.m.some((m, c) => narrowMultiplier(m, p!.s[c]! - d, unit) === null))) continue;
    ins.forEach((r, i) => setShifts(r!, inP[i]!.s.map((s) => s + d)));
    outs.forEach((r, i) => setShifts(r, outP[i]!.s.map((s) => s - d)));
    ctx.stat('num-add-headroom-reduced');
    ctx.remark(add, `add headroom reduced by 2^${d}: input scales fit a ${unit.bits}-bit multiplier`);
    changed = true;
  }
  return changed;
}

export const legalizeRescalePass: PassDef = {
  name: 'legalize-rescale',
  summary: "Rewrite tosa.rescale to a target requantization unit's multiplier width, shift range and rounding",
  anchor: 'builtin.module',
  options: {
    'multiplier-bits': { type: 'int', default: 31, description: 'Bits of the unit multiplier (1..31; 15 for vipnano and rknpu)' },
    'shift-min': { type: 'int', default: 2, description: 'Smallest shift the unit takes' },
    'shift-max': { type: 'int', default: 62, description: 'Largest shift the unit takes' },
    rounding: { type: 'string', default: 'keep', description: 'keep, SINGLE_ROUND or DOUBLE_ROUND (TFL, ethos-u55)' },
    'round-multiplier': { type: 'bool', default: true, description: 'Round the narrowed multiplier to nearest (false: truncate)' },
    scale16: { type: 'bool', default: false, description: 'Use scale32 = false (i16 multipliers) where TOSA allows it' },
  },
  statistics: {
    'num-rescales': 'Rescales visited',
    'num-changed': 'Rescales whose multiplier, shift, rounding or width changed',
    'num-rounding-changed': 'Rescales whose rounding mode changed',
    'num-scale-moved': 'Rescales whose effective scale changed',
    'max-scale-change-ppb': 'Largest relative change of an effective scale, in parts per billion',
    'num-add-headroom-reduced': 'Quantized adds/subs whose input scales moved to the output to fit the unit',
  },
  run(module, ctx) {
    const bits = ctx.options['multiplier-bits'] as number;
    const shiftMin = ctx.options['shift-min'] as number;
    const shiftMax = ctx.options['shift-max'] as number;
    const rounding = ctx.options.rounding as string;
    const scale16 = ctx.options.scale16 as boolean;
    const bad = (msg: string): never => ctx.fail(new Diagnostic('error', `legalize-rescale: ${msg}`, module.loc));
    if (!(bits >= 1 && bits <= 31)) bad(`multiplier-bits must be in 1..31, got ${bits}`);
    if (!(shiftMin >= 2 && shiftMax <= 62 && shiftMin <= shiftMax)) bad(`the shift range must lie in TOSA's 2..62, got ${shiftMin}..${shiftMax}`);
    if (!['keep', 'SINGLE_ROUND', 'DOUBLE_ROUND'].includes(rounding)) bad(`rounding must be keep, SINGLE_ROUND or DOUBLE_ROUND, got '${rounding}'`);
    const unit: UnitSpec = { bits, shiftMin, shiftMax, roundMultiplier: ctx.options['round-multiplier'] as boolean };

    let changed = reduceAddHeadroom(module, unit, ctx);
    const rescales: Operation[] = [];
    module.walk((op) => void (op.name === 'tosa.rescale' && rescales.push(op)));
    let worstPpb = 0;
    const dead = new Set<Operation>();
    for (const op of rescales) {
      ctx.stat('num-rescales');
      const p = readRescale(op);
      if (!p) {
        ctx.remark(op, 'rescale left as is: its parameters are not constants');
        continue;
      }
      const mode = rounding === 'keep' ? p.rounding : rounding;
      // TOSA: DOUBLE_ROUND needs scale32; an i48 input needs scale32 = false.
      if (mode === 'DOUBLE_ROUND' && p.inW === 48) {
        ctx.fail(new Diagnostic('error', 'legalize-rescale: DOUBLE_ROUND needs scale32, which an i48 input does not allow', op.loc));
      }
      // scale32 = false (i16 multipliers) for i48 inputs, where it was already, or on request when the width allows.
      const use16 = p.inW === 48 || (mode !== 'DOUBLE_ROUND' && (scale16 ? bits <= 15 : !p.scale32));
      const scale32 = !use16;
      const spec = use16 ? { ...unit, bits: Math.min(bits, 15) } : unit;
      const narrowed = p.m.map((m, c) => {
        const n = narrowMultiplier(m, p.s[c]!, spec);
        if (!n) {
          return ctx.fail(
            new Diagnostic('error', `legalize-rescale: scale ${m} * 2^-${p.s[c]} cannot be expressed with a ${spec.bits}-bit multiplier and shift >= ${shiftMin}`, op.loc),
          );
        }
        return n;
      });
      let ppb = 0;
      narrowed.forEach((n, c) => {
        const before = p.m[c]! / 2 ** p.s[c]!;
        const after = n.multiplier / 2 ** n.shift;
        const rel = before === 0 ? (after === 0 ? 0 : 1) : Math.abs(after / before - 1);
        ppb = Math.max(ppb, Math.ceil(rel * 1e9));
      });
      const sameParams = narrowed.every((n, c) => n.multiplier === p.m[c] && n.shift === p.s[c]);
      if (sameParams && mode === p.rounding && scale32 === p.scale32) continue;
      if (!sameParams || scale32 !== p.scale32) {
        const mT = RankedTensorType.get([narrowed.length], IntegerType.get(scale32 ? 32 : 16));
        const sT = RankedTensorType.get([narrowed.length], IntegerType.get(8));
        for (const i of [1, 2]) if (op.operand(i).definingOp) dead.add(op.operand(i).definingOp!);
        op.setOperand(1, constOf(op, mT, narrowed.map((n) => n.multiplier)));
        op.setOperand(2, constOf(op, sT, narrowed.map((n) => n.shift)));
        op.properties.set('scale32', IntegerAttr.bool(scale32));
      }
      if (mode !== p.rounding) {
        op.properties.set('rounding_mode', enumAttr(ROUNDING_MODE, mode));
        ctx.stat('num-rounding-changed');
      }
      if (ppb > 0) ctx.stat('num-scale-moved');
      worstPpb = Math.max(worstPpb, ppb);
      ctx.stat('num-changed');
      ctx.remark(op, `rescale legalized: ${spec.bits}-bit multiplier${narrowed.length > 1 ? 's' : ''} ${narrowed.map((n) => `${n.multiplier} >> ${n.shift}`).join(', ')}, ${mode}; scale moved by ${(ppb / 1e9).toExponential(3)} (relative)`);
      changed = true;
    }
    for (const op of dead) if (op.parent && op.results.every((r) => !r.hasUses)) op.erase();
    ctx.stat('max-scale-change-ppb', worstPpb);
    return changed;
  },
};
