// Memory planner: places the intermediate tensors of one scheduled NPU
// segment into one arena (the `scratch` region of a `nir` function).
//
// The planner is a pure algorithm over lifetimes; it knows nothing about the
// IR. The caller numbers the ops of the segment in schedule order (steps) and
// describes each intermediate tensor as an item: its byte size, alignment, the
// step that writes it first and the step that reads it last. Two items whose
// step ranges intersect (inclusive at both ends) are live together and must
// not share a byte. In particular an op's output never reuses its inputs'
// bytes: at the step that writes `b` and last reads `a`, both are live.
//
// Aliasing is the caller's job: tensors that must share storage (the operands
// of a concatenation written in place into their result, a reshape or slice
// that is a view of its input, an elementwise op computed in place) are merged
// into one item before planning, whose size covers all of them and whose
// lifetime is the union of theirs. The planner never makes two items alias.
//
// Offsets are relative to the arena base; the caller places the arena at an
// address aligned to at least the largest item alignment. `arenaAlignment`
// (default 1) is a minimum alignment applied to every offset, like a tensor
// alignment or DMA burst size; the arena size is not rounded up.
//
// Strategies: the problem (dynamic storage allocation, NP-hard in general) is
// solved by a few well-known offline heuristics, and the smallest arena wins:
//
// - placement "first fit" (TFLite's arena planner): an item goes to the lowest
//   aligned offset that does not collide with an already placed item whose
//   lifetime intersects its own;
// - placement "best fit": the smallest gap between such items (or below the
//   current arena top) that holds it, else on top of them;
//
// each with a few orders of the items:
//
// - by size, largest first ("greedy by size", TFLite and Pisarchyk & Lee);
// - by breadth, largest first: the breadth of an item is the largest total
//   size live at one step of its lifetime, so the items of the most congested
//   step go first ("greedy by breadth", Pisarchyk & Lee);
// - by lifetime length, longest first; and by first step (chronological, what
//   an online allocator would do), for best fit.
//
// Each strategy is O(n^2) in the number of items (a scan of the placed items
// per item); there is no search. Planning stops early when a strategy reaches
// the lower bound (the largest total size live at one step), which no plan
// can beat.

export interface PlanItem {
  /** The caller's handle; unique among the items of one plan. */
  readonly id: number;
  /** Bytes (a positive integer). */
  readonly size: number;
  /** A power of two; the item's offset is a multiple of it. */
  readonly alignment: number;
  /** First schedule step that writes it. */
  readonly start: number;
  /** Last schedule step that reads it (>= start); inclusive. */
  readonly end: number;
}

export interface MemoryPlan {
  /** id -> byte offset in the arena (a multiple of max(alignment, arenaAlignment)). */
  readonly offsets: ReadonlyMap<number, number>;
  /** max(offset + size) over the items; 0 when there are none. */
  readonly arenaSize: number;
  /** Max over steps of the sum of sizes live at that step (the largest set of simultaneously live tensors). */
  readonly lowerBound: number;
  /** Which heuristic won. */
  readonly strategy: string;
  /** The minimum offset alignment the plan was made with (opts.arenaAlignment, default 1). */
  readonly arenaAlignment: number;
}

export interface PlanOptions {
  /** A power of two every offset is a multiple of (default 1). */
  readonly arenaAlignment?: number;
}

type Fit = 'first' | 'best';
type OrderKey = 'size' | 'breadth' | 'lifetime' | 'start';

interface Strategy {
  readonly name: string;
  readonly fit: Fit;
  readonly order: OrderKey;
}

/** In the order they are tried; on equal arenas the earlier one wins. */
const STRATEGIES: readonly Strategy[] = [
  { name: 'greedy-by-size', fit: 'first', order: 'size' },
  { name: 'greedy-by-breadth', fit: 'first', order: 'breadth' },
  { name: 'greedy-by-lifetime', fit: 'first', order: 'lifetime' },
  { name: 'best-fit-by-size', fit: 'best', order: 'size' },
  { name: 'best-fit-by-breadth', fit: 'best', order: 'breadth' },
  { name: 'best-fit-by-start', fit: 'best', order: 'start' },
];

function isPowerOfTwo(x: number): boolean {
  return Number.isSafeInteger(x) && x > 0 && Number.isInteger(Math.log2(x));
}

/** x rounded up to a multiple of `a` (a power of two, so the division is exact). */
function alignUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

function describe(item: PlanItem): string {
  return `item ${item.id} (size ${item.size}, alignment ${item.alignment}, steps [${item.start}, ${item.end}])`;
}

function validateItems(items: readonly PlanItem[]): void {
  const seen = new Set<number>();
  for (const it of items) {
    if (!Number.isSafeInteger(it.id)) throw new Error(`memory planner: item id ${it.id} is not an integer`);
    if (seen.has(it.id)) throw new Error(`memory planner: duplicate item id ${it.id}`);
    seen.add(it.id);
    if (!Number.isSafeInteger(it.size) || it.size <= 0) throw new Error(`memory planner: ${describe(it)}: size must be a positive integer`);
    if (!isPowerOfTwo(it.alignment)) throw new Error(`memory planner: ${describe(it)}: alignment must be a power of two`);
    if (!Number.isSafeInteger(it.start) || !Number.isSafeInteger(it.end)) throw new Error(`memory planner: ${describe(it)}: steps must be integers`);
    if (it.end < it.start) throw new Error(`memory planner: ${describe(it)}: end step is before start step`);
  }
}

/** Index of the first element of the sorted array `a` greater than `x`. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The live size at every step where some item starts (the only steps where it
 * can peak), and for each item the largest live size within its lifetime.
 */
function breadths(start: Float64Array, end: Float64Array, size: Float64Array): { lowerBound: number; itemBreadth: Float64Array } {
  const n = size.length;
  const steps = Float64Array.from(new Set(start)).sort();
  const k = steps.length;
  const delta = new Float64Array(k + 1);
  const first = new Int32Array(n);
  const last = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    first[i] = upperBound(steps, start[i]!) - 1;
    last[i] = upperBound(steps, end[i]!) - 1; // >= first[i]
    delta[first[i]!]! += size[i]!;
    delta[last[i]! + 1]! -= size[i]!;
  }
  const live = new Float64Array(k);
  let acc = 0;
  let lowerBound = 0;
  for (let p = 0; p < k; p++) {
    acc += delta[p]!;
    live[p] = acc;
    if (acc > lowerBound) lowerBound = acc;
  }
  // Sparse table for range maxima of `live`: table[j][p] = max live[p .. p + 2^j).
  const table: Float64Array[] = [live];
  for (let j = 1; 1 << j <= k; j++) {
    const prev = table[j - 1]!;
    const half = 1 << (j - 1);
    const row = new Float64Array(k - (1 << j) + 1);
    for (let p = 0; p < row.length; p++) row[p] = Math.max(prev[p]!, prev[p + half]!);
    table.push(row);
  }
  const itemBreadth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lo = first[i]!;
    const hi = last[i]!;
    const j = Math.floor(Math.log2(hi - lo + 1));
    const row = table[j]!;
    itemBreadth[i] = Math.max(row[lo]!, row[hi - (1 << j) + 1]!);
  }
  return { lowerBound, itemBreadth };
}

interface Problem {
  readonly n: number;
  readonly id: Float64Array;
  readonly size: Float64Array;
  readonly align: Float64Array; // max(item alignment, arena alignment)
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly breadth: Float64Array;
}

function orderOf(p: Problem, key: OrderKey): number[] {
  const { id, size, start, end, breadth } = p;
  const idx = Array.from({ length: p.n }, (_, i) => i);
  const tie = (a: number, b: number): number => start[a]! - start[b]! || id[a]! - id[b]!;
  const life = (i: number): number => end[i]! - start[i]!;
  switch (key) {
    case 'size':
      return idx.sort((a, b) => size[b]! - size[a]! || life(b) - life(a) || tie(a, b));
    case 'breadth':
      return idx.sort((a, b) => breadth[b]! - breadth[a]! || size[b]! - size[a]! || tie(a, b));
    case 'lifetime':
      return idx.sort((a, b) => life(b) - life(a) || size[b]! - size[a]! || tie(a, b));
    case 'start':
      return idx.sort((a, b) => start[a]! - start[b]! || size[b]! - size[a]! || life(b) - life(a) || id[a]! - id[b]!);
  }
}

/** Places the items in `order`; the offsets (by problem index) and the arena size. */
function place(p: Problem, order: readonly number[], fit: Fit): { offsets: Float64Array; arena: number } {
  const { size, align, start, end } = p;
  const offsets = new Float64Array(p.n);
  // Placed items sorted by offset (stable: equal offsets keep placement order).
  const placed = new Int32Array(p.n);
  const placedOff = new Float64Array(p.n);
  let count = 0;
  let arena = 0;
  for (const i of order) {
    const s = start[i]!;
    const e = end[i]!;
    const sz = size[i]!;
    const al = align[i]!;
    // Walk the conflicting items (lifetimes intersect) in offset order; the
    // free gaps are between `frontier` (the highest end seen so far) and the
    // next conflicting item's offset.
    let frontier = 0;
    let chosen = -1;
    let bestGap = Infinity;
    for (let q = 0; q < count; q++) {
      const j = placed[q]!;
      if (start[j]! > e || end[j]! < s) continue;
      const off = placedOff[q]!;
      if (off > frontier) {
        const cand = alignUp(frontier, al);
        if (cand + sz <= off) {
          if (fit === 'first') {
            chosen = cand;
            break;
          }
          const gap = off - frontier;
          if (gap < bestGap) {
            bestGap = gap;
            chosen = cand;
          }
        }
      }
      const top = off + size[j]!;
      if (top > frontier) frontier = top;
    }
    if (chosen < 0 || fit === 'best') {
      const cand = alignUp(frontier, al);
      // Best fit: the space between the conflicting items and the current
      // arena top is a gap too; when nothing fits, grow the arena.
      if (chosen < 0) chosen = cand;
      else if (cand + sz <= arena && arena - frontier < bestGap) chosen = cand;
    }
    offsets[i] = chosen;
    if (chosen + sz > arena) arena = chosen + sz;
    // Insert into the offset-sorted list after every item with offset <= chosen.
    let lo = 0;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (placedOff[mid]! <= chosen) lo = mid + 1;
      else hi = mid;
    }
    placed.copyWithin(lo + 1, lo, count);
    placedOff.copyWithin(lo + 1, lo, count);
    placed[lo] = i;
    placedOff[lo] = chosen;
    count++;
  }
  return { offsets, arena };
}

/**
 * Places `items` into one arena: every item gets an offset, a multiple of its
 * alignment (and of `opts.arenaAlignment`), such that items live at the same
 * step never share a byte. Tries each strategy and keeps the smallest arena.
 * The result does not depend on the order of `items`.
 */
export function planMemory(items: readonly PlanItem[], opts: PlanOptions = {}): MemoryPlan {
  const arenaAlignment = opts.arenaAlignment ?? 1;
  if (!isPowerOfTwo(arenaAlignment)) throw new Error(`memory planner: arenaAlignment ${arenaAlignment} is not a power of two`);
  validateItems(items);
  if (items.length === 0) return { offsets: new Map(), arenaSize: 0, lowerBound: 0, strategy: 'empty', arenaAlignment };

  // Canonical order (by id), so the plan is independent of the input order.
  const sorted = [...items].sort((a, b) => a.id - b.id);
  const n = sorted.length;
  const id = Float64Array.from(sorted, (it) => it.id);
  const size = Float64Array.from(sorted, (it) => it.size);
  const align = Float64Array.from(sorted, (it) => Math.max(it.alignment, arenaAlignment));
  const start = Float64Array.from(sorted, (it) => it.start);
  const end = Float64Array.from(sorted, (it) => it.end);
  const { lowerBound, itemBreadth } = breadths(start, end, size);
  const problem: Problem = { n, id, size, align, start, end, breadth: itemBreadth };

  let best: { offsets: Float64Array; arena: number; strategy: string } | undefined;
  const orders = new Map<OrderKey, number[]>();
  for (const st of STRATEGIES) {
    let order = orders.get(st.order);
    if (!order) orders.set(st.order, (order = orderOf(problem, st.order)));
    const r = place(problem, order, st.fit);
    if (!best || r.arena < best.arena) best = { ...r, strategy: st.name };
    if (best.arena <= lowerBound) break; // optimal
  }
  const byId = new Map<number, number>();
  for (let i = 0; i < n; i++) byId.set(id[i]!, best!.offsets[i]!);
  const offsets = new Map<number, number>();
  for (const it of items) offsets.set(it.id, byId.get(it.id)!);
  return { offsets, arenaSize: best!.arena, lowerBound, strategy: best!.strategy, arenaAlignment };
}

/**
 * Throws a descriptive Error when two items overlap in bytes while both live,
 * or an offset is misaligned (to the item's alignment or the plan's arena
 * alignment), missing, negative, or past the arena size.
 */
export function checkPlan(items: readonly PlanItem[], plan: MemoryPlan): void {
  const arenaAlignment = plan.arenaAlignment;
  if (!isPowerOfTwo(arenaAlignment)) throw new Error(`memory plan: arenaAlignment ${arenaAlignment} is not a power of two`);
  const ids = new Set<number>();
  for (const it of items) {
    if (ids.has(it.id)) throw new Error(`memory plan: duplicate item id ${it.id}`);
    ids.add(it.id);
  }
  for (const key of plan.offsets.keys()) {
    if (!ids.has(key)) throw new Error(`memory plan: offset for unknown item ${key}`);
  }
  const placed: { item: PlanItem; offset: number }[] = [];
  for (const it of items) {
    const offset = plan.offsets.get(it.id);
    if (offset === undefined) throw new Error(`memory plan: ${describe(it)} has no offset`);
    if (!Number.isSafeInteger(offset) || offset < 0) throw new Error(`memory plan: ${describe(it)} has invalid offset ${offset}`);
    const a = Math.max(it.alignment, arenaAlignment);
    if (offset % a !== 0) {
      throw new Error(`memory plan: ${describe(it)} is misaligned: offset ${offset} is not a multiple of ${a}`);
    }
    if (offset + it.size > plan.arenaSize) {
      throw new Error(`memory plan: ${describe(it)} at offset ${offset} ends at ${offset + it.size}, past the arena size ${plan.arenaSize}`);
    }
    placed.push({ item: it, offset });
  }
  // Sweep in offset order: only items starting below the current one's end can overlap it.
  placed.sort((x, y) => x.offset - y.offset || x.item.id - y.item.id);
  for (let p = 0; p < placed.length; p++) {
    const { item: a, offset: ao } = placed[p]!;
    const aEnd = ao + a.size;
    for (let q = p + 1; q < placed.length && placed[q]!.offset < aEnd; q++) {
      const { item: b, offset: bo } = placed[q]!;
      if (a.start <= b.end && b.start <= a.end) {
        throw new Error(
          `memory plan: items ${a.id} and ${b.id} overlap in bytes while both live: ` +
            `${describe(a)} at bytes [${ao}, ${aEnd}), ${describe(b)} at bytes [${bo}, ${bo + b.size})`,
        );
      }
    }
  }
}
