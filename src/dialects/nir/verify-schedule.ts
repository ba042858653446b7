// The schedule check of a nir function: the order of its ops is the
// schedule, and memory must be used consistently with it.
//   * read before write: a view must not be read before some op wrote its
//     buffer (nir.input, nir.fill, intrinsics and nir.constant write; an op
//     that reads and writes the same buffer reads first);
//   * nothing but nir.constant writes the coefficients region;
//   * two scratch or io buffers whose bytes overlap must not be live at the
//     same time. A buffer is live from its first write to its last access
//     (its last read, or a later write), both inclusive: an op may not write
//     a buffer that overlaps one it reads, unless it is the same buffer;
//   * constants must not overlap each other.
// Each problem is reported at the op that commits it (the read, the write
// that clobbers a live buffer, the later constant), naming both buffers.
//
// How it hooks into the verifier: an op's `verify` hook can only answer for
// its own op, so the `nir.region` hook (the region is defined before every op
// that uses its memory, so the verifier always reaches it first) analyses
// its region's buffers and leaves each message with the op it belongs to;
// that op's own hook then reports it. Each analysis first drops what an
// earlier analysis of the same region left, so stale messages never survive.

import type { Operation } from '../../ir/operation.js';
import { accessOf, bufferInfoOf, describeBuffer, regionInfoOf, type BufferInfo } from './views.js';

/** Messages waiting for their op's verify hook, by the region op that found them. */
const pending = new WeakMap<Operation, Map<Operation, string[]>>();

function leave(op: Operation, region: Operation, message: string): void {
  let byRegion = pending.get(op);
  if (!byRegion) pending.set(op, (byRegion = new Map()));
  const list = byRegion.get(region);
  if (list) list.push(message);
  else byRegion.set(region, [message]);
}

/** Takes the schedule messages left for `op` (its verify hook reports them); null when there are none. */
export function takeScheduleErrors(op: Operation): string | null {
  const byRegion = pending.get(op);
  if (!byRegion) return null;
  pending.delete(op);
  const all = [...byRegion.values()].flat();
  return all.length ? all.join('; ') : null;
}

interface Usage {
  readonly info: BufferInfo;
  /** Position of the first write (Infinity when never written). */
  firstWrite: number;
  /** Position of the first read. */
  firstRead: number;
  /** Position of the last access. */
  last: number;
}

/**
 * Analyses the buffers placed in the region `regionOp` defines and leaves
 * each problem with the op it belongs to (see takeScheduleErrors).
 */
export function analyzeRegionSchedule(regionOp: Operation): void {
  const block = regionOp.parent;
  const region = regionInfoOf(regionOp);
  if (!block || !region) return;
  const position = new Map<Operation, number>();
  const ops: Operation[] = [];
  for (let o = block.first; o; o = o.next) {
    position.set(o, ops.length);
    ops.push(o);
    pending.get(o)?.delete(regionOp);
  }

  const usages: Usage[] = [];
  for (const bufOp of new Set(regionOp.result(0).users)) {
    const info = bufferInfoOf(bufOp);
    const at = position.get(bufOp);
    if (!info || at === undefined || bufOp.operand(0) !== regionOp.result(0)) continue;
    const u: Usage = { info, firstWrite: info.isConstant ? at : Infinity, firstRead: Infinity, last: info.isConstant ? at : -1 };
    let readOp: Operation | null = null;
    let readOnlyWrite: Operation | null = null;
    for (const viewOp of new Set(bufOp.result(0).users)) {
      if (viewOp.name !== 'nir.view' || !position.has(viewOp)) continue;
      for (const use of viewOp.result(0).uses) {
        const user = use.owner;
        const p = position.get(user);
        const access = accessOf(user, use.index);
        if (p === undefined || access === null) continue;
        if (access === 'write') {
          if (region.kind === 'coefficients') {
            if (!readOnlyWrite || p < position.get(readOnlyWrite)!) readOnlyWrite = user;
            continue;
          }
          if (p < u.firstWrite) u.firstWrite = p;
        } else if (p < u.firstRead) {
          u.firstRead = p;
          readOp = user;
        }
        if (p > u.last) u.last = p;
      }
    }
    if (readOnlyWrite) leave(readOnlyWrite, regionOp, `writes ${describeBuffer(info)}, but the coefficients region is read-only`);
    if (readOp && u.firstRead <= u.firstWrite) leave(readOp, regionOp, `reads ${describeBuffer(info)} before any op writes it`);
    usages.push(u);
  }

  if (region.kind === 'coefficients') checkConstants(usages, ops, regionOp);
  else checkLiveOverlap(usages, ops, regionOp);
}

const overlap = (a: BufferInfo, b: BufferInfo): [number, number] | null => {
  const lo = Math.max(a.offset, b.offset);
  const hi = Math.min(a.offset + a.size, b.offset + b.size);
  return lo < hi ? [lo, hi] : null;
};

/** Sweeps the buffers in order of their first write; reports a write that starts while an overlapping buffer is live. */
function checkLiveOverlap(usages: Usage[], ops: readonly Operation[], regionOp: Operation): void {
  const written = usages.filter((u) => Number.isFinite(u.firstWrite) && u.info.size > 0).sort((a, b) => a.firstWrite - b.firstWrite);
  let active: Usage[] = [];
  for (const u of written) {
    active = active.filter((a) => a.last >= u.firstWrite);
    for (const a of active) {
      const bytes = overlap(a.info, u.info);
      if (!bytes) continue;
      leave(
        ops[u.firstWrite]!,
        regionOp,
        `writes ${describeBuffer(u.info)} while ${describeBuffer(a.info)} is live, and they overlap in bytes [${bytes[0]}, ${bytes[1]})`,
      );
    }
    active.push(u);
  }
}

/** Sweeps the constants in order of their offsets; reports the later one of two that overlap. */
function checkConstants(usages: Usage[], ops: readonly Operation[], regionOp: Operation): void {
  const constants = usages.filter((u) => u.info.isConstant && u.info.size > 0).sort((a, b) => a.info.offset - b.info.offset);
  let open: Usage[] = [];
  for (const c of constants) {
    open = open.filter((o) => o.info.offset + o.info.size > c.info.offset);
    for (const o of open) {
      const bytes = overlap(o.info, c.info)!;
      const [first, later] = o.firstWrite < c.firstWrite ? [o, c] : [c, o];
      leave(ops[later.firstWrite]!, regionOp, `${describeBuffer(later.info)} overlaps ${describeBuffer(first.info)} in bytes [${bytes[0]}, ${bytes[1]})`);
    }
    open.push(c);
  }
}
