// The space-to-depth chain unstride-conv builds (src/passes/unstride-conv.ts):
//   [pad] -> reshape [N*Hb, by, Wb, bx, C] -> transpose [0, 2, 1, 3, 4]
//         -> reshape [N, Hb, Wb, by*bx*C],
// each op the only user of the one before. One NPU operation on targets with
// a reshuffle unit (vipnano's TP core) and one nir.reshuffle intrinsic.

import type { Operation } from '../ir/operation.js';
import { RankedTensorType } from '../ir/types.js';
import { i64Array } from '../dialects/tosa/common.js';

export interface SpaceToDepth {
  /** The explicit pad, when there is one. */
  readonly pad: Operation | null;
  readonly ops: readonly Operation[];
  /** The value it reads and the value it produces. */
  readonly first: Operation;
  readonly last: Operation;
  readonly block: readonly [number, number];
}

const shapeOf = (op: Operation): readonly number[] | null => {
  const t = op.result().type;
  return t instanceof RankedTensorType && t.hasStaticShape ? t.shape : null;
};

const onlyUser = (op: Operation, name: string): Operation | null => {
  const v = op.result();
  return v.hasOneUse && v.users[0]!.name === name && v.users[0]!.operand(0) === v ? v.users[0]! : null;
};

/** The chain starting at `op` (a pad or the first reshape), or null. */
export function matchSpaceToDepth(op: Operation): SpaceToDepth | null {
  const pad = op.name === 'tosa.pad' ? op : null;
  const r1 = pad ? onlyUser(pad, 'tosa.reshape') : op.name === 'tosa.reshape' ? op : null;
  const t = r1 && onlyUser(r1, 'tosa.transpose');
  const r2 = t && onlyUser(t, 'tosa.reshape');
  if (!r1 || !t || !r2) return null;
  const src = (pad ?? r1).operand(0).type;
  const split = shapeOf(r1);
  const out = shapeOf(r2);
  if (!(src instanceof RankedTensorType) || src.rank !== 4 || !split || !out || split.length !== 5 || out.length !== 4) return null;
  if (i64Array(t, 'perms').join() !== '0,2,1,3,4') return null;
  const input = pad ? shapeOf(pad) : src.shape;
  if (!input) return null;
  const [N, H, W, C] = input as [number, number, number, number];
  const [, by, wb, bx, c] = split as [number, number, number, number, number];
  const hb = H / by;
  if (c !== C || wb * bx !== W || split[0] !== N * hb || out.join() !== [N, hb, wb, by * bx * C].join()) return null;
  return { pad, ops: pad ? [pad, r1, t, r2] : [r1, t, r2], first: pad ?? r1, last: r2, block: [by, bx] };
}
