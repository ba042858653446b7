// The memory planner (src/codegen/memory-planner.ts): hand-computed plans,
// random items (every plan valid, aligned, at least the lower bound,
// independent of the input order), checkPlan's rejections, and the arena of a
// MobileNetV2-like schedule within 5% of the lower bound.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPlan, planMemory, type MemoryPlan, type PlanItem } from '../../src/codegen/memory-planner.js';
import { mobilenetV2LikeItems } from '../support/plan-items.js';

const runs = Number(process.env.NPUC_PROPERTY_RUNS ?? 300);

const item = (id: number, size: number, start: number, end: number, alignment = 1): PlanItem => ({ id, size, alignment, start, end });

/** The lower bound by brute force: the largest total size live at one step. */
function bruteLowerBound(items: readonly PlanItem[]): number {
  let bound = 0;
  for (const s of new Set(items.map((it) => it.start))) {
    bound = Math.max(bound, items.filter((it) => it.start <= s && s <= it.end).reduce((a, it) => a + it.size, 0));
  }
  return bound;
}

function offsetsOf(plan: MemoryPlan): Record<number, number> {
  return Object.fromEntries(plan.offsets);
}

describe('planMemory: hand-computed plans', () => {
  it('returns an empty arena for no items', () => {
    const plan = planMemory([]);
    expect(plan.arenaSize).toBe(0);
    expect(plan.lowerBound).toBe(0);
    expect(plan.offsets.size).toBe(0);
  });

  it('lets two disjoint lifetimes share offset 0', () => {
    const items = [item(1, 100, 0, 1), item(2, 60, 2, 3)];
    const plan = planMemory(items);
    checkPlan(items, plan);
    expect(offsetsOf(plan)).toEqual({ 1: 0, 2: 0 });
    expect(plan.arenaSize).toBe(100);
    expect(plan.lowerBound).toBe(100);
  });

  it('stacks three overlapping lifetimes, largest first', () => {
    // All three live at step 2: the arena is the sum; by size 30 at 0, 20 at 30, 10 at 50.
    const items = [item(1, 10, 0, 2), item(2, 20, 1, 3), item(3, 30, 2, 4)];
    const plan = planMemory(items);
    checkPlan(items, plan);
    expect(plan.lowerBound).toBe(60);
    expect(plan.arenaSize).toBe(60);
    expect(offsetsOf(plan)).toEqual({ 3: 0, 2: 30, 1: 50 });
  });

  it('pads to the alignment', () => {
    // Two live 6-byte items aligned to 8: offsets 0 and 8, arena 14 > lower bound 12.
    const items = [item(1, 6, 0, 1, 8), item(2, 6, 1, 2, 8)];
    const plan = planMemory(items);
    checkPlan(items, plan);
    expect(new Set(plan.offsets.values())).toEqual(new Set([0, 8]));
    expect(plan.arenaSize).toBe(14);
    expect(plan.lowerBound).toBe(12);
  });

  it('applies arenaAlignment to every offset', () => {
    const items = [item(1, 5, 0, 1), item(2, 5, 0, 1), item(3, 3, 1, 1, 4)];
    // All three live at step 1; by size: 5 bytes at 0, 5 at 16, 3 at 32.
    const plan = planMemory(items, { arenaAlignment: 16 });
    checkPlan(items, plan);
    expect(plan.arenaAlignment).toBe(16);
    for (const off of plan.offsets.values()) expect(off % 16).toBe(0);
    expect(offsetsOf(plan)).toEqual({ 1: 0, 2: 16, 3: 32 });
    expect(plan.arenaSize).toBe(35);
  });

  it('greedy by size reaches the lower bound exactly', () => {
    // A chain where each tensor lives from the step that writes it to the next one:
    //   id  size  steps      live sums: step 0: 32, 1: 32+64 = 96, 2: 64+16 = 80,
    //   0    32   [0, 1]                3: 16+48 = 64, 4: 48+40 = 88, 5: 40
    //   1    64   [1, 2]     lower bound 96.
    //   2    16   [2, 3]
    //   3    48   [3, 4]
    //   4    40   [4, 5]
    // By size: 1 (64) at 0. 3 (48) does not meet 1: at 0. 4 (40) meets 3 [0, 48):
    // at 48. 0 (32) meets 1 [0, 64): at 64. 2 (16) meets 1 [0, 64) and 3 [0, 48),
    // not 0 or 4: at 64. Arena max(64, 48, 88, 96, 80) = 96, the lower bound.
    // (Chronological first fit gets 104: 0 at 0, 1 at 32, 2 at 0, 3 at 16, 4 at 64.)
    const items = [item(0, 32, 0, 1), item(1, 64, 1, 2), item(2, 16, 2, 3), item(3, 48, 3, 4), item(4, 40, 4, 5)];
    const plan = planMemory(items);
    checkPlan(items, plan);
    expect(plan.strategy).toBe('greedy-by-size');
    expect(plan.lowerBound).toBe(96);
    expect(plan.arenaSize).toBe(96);
    expect(offsetsOf(plan)).toEqual({ 0: 64, 1: 0, 2: 64, 3: 0, 4: 48 });
  });

  it('rejects invalid items', () => {
    expect(() => planMemory([item(1, 0, 0, 1)])).toThrow(/item 1 .*size must be a positive integer/);
    expect(() => planMemory([item(1, 8, 0, 1, 3)])).toThrow(/item 1 .*alignment must be a power of two/);
    expect(() => planMemory([item(1, 8, 2, 1)])).toThrow(/item 1 .*end step is before start step/);
    expect(() => planMemory([item(1, 8, 0, 1), item(1, 8, 0, 1)])).toThrow(/duplicate item id 1/);
    expect(() => planMemory([item(1, 8, 0, 1)], { arenaAlignment: 12 })).toThrow(/arenaAlignment 12/);
  });
});

describe('checkPlan', () => {
  const plan = (offsets: [number, number][], arenaSize: number, arenaAlignment = 1): MemoryPlan => ({
    offsets: new Map(offsets),
    arenaSize,
    lowerBound: 0,
    strategy: 'hand-built',
    arenaAlignment,
  });

  it('rejects two live items sharing bytes, naming both', () => {
    const items = [item(7, 16, 0, 2), item(9, 16, 2, 3)];
    expect(() => checkPlan(items, plan([[7, 0], [9, 8]], 24))).toThrow(/items 7 and 9 overlap in bytes while both live/);
    // The same bytes at disjoint lifetimes are fine.
    checkPlan([item(7, 16, 0, 1), item(9, 16, 2, 3)], plan([[7, 0], [9, 8]], 24));
  });

  it('rejects a misaligned offset, naming the item', () => {
    const items = [item(3, 16, 0, 1, 1), item(5, 16, 0, 1, 8)];
    expect(() => checkPlan(items, plan([[3, 0], [5, 20]], 36))).toThrow(/item 5 .*misaligned: offset 20 is not a multiple of 8/);
    expect(() => checkPlan(items, plan([[3, 4], [5, 24]], 40, 8))).toThrow(/item 3 .*misaligned: offset 4 is not a multiple of 8/);
  });

  it('rejects missing, unknown and out-of-arena offsets', () => {
    const items = [item(1, 16, 0, 1)];
    expect(() => checkPlan(items, plan([], 16))).toThrow(/item 1 .*has no offset/);
    expect(() => checkPlan(items, plan([[1, 0], [2, 0]], 16))).toThrow(/unknown item 2/);
    expect(() => checkPlan(items, plan([[1, 8]], 16))).toThrow(/item 1 .*past the arena size 16/);
  });
});

const itemsArb = fc
  .array(
    fc.record({
      size: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 4096 })),
      alignment: fc.constantFrom(1, 2, 4, 8, 16, 64),
      start: fc.integer({ min: 0, max: 40 }),
      length: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 40 })),
    }),
    { maxLength: 60 },
  )
  .map((rs) => rs.map((r, i): PlanItem => ({ id: i * 7 + 3, size: r.size, alignment: r.alignment, start: r.start, end: r.start + r.length })));

describe('planMemory: random items', () => {
  it('makes valid, aligned plans no smaller than the lower bound', () => {
    fc.assert(
      fc.property(itemsArb, fc.constantFrom(1, 4, 16), (items, arenaAlignment) => {
        const plan = planMemory(items, { arenaAlignment });
        checkPlan(items, plan);
        expect(plan.lowerBound).toBe(bruteLowerBound(items));
        expect(plan.arenaSize).toBeGreaterThanOrEqual(plan.lowerBound);
        expect(plan.arenaSize).toBe(Math.max(0, ...items.map((it) => plan.offsets.get(it.id)! + it.size)));
        for (const it of items) {
          const off = plan.offsets.get(it.id)!;
          expect(off % it.alignment).toBe(0);
          expect(off % arenaAlignment).toBe(0);
        }
      }),
      { numRuns: runs },
    );
  });

  it('does not depend on the order of the items', () => {
    fc.assert(
      fc.property(itemsArb, (items) => {
        const a = planMemory(items);
        const b = planMemory([...items].reverse());
        expect(offsetsOf(b)).toEqual(offsetsOf(a));
        expect(b.strategy).toBe(a.strategy);
      }),
      { numRuns: runs },
    );
  });

  it('is optimal when all items are live together or none are', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 30 }), (sizes) => {
        const together = sizes.map((s, i) => item(i, s, 0, 5));
        expect(planMemory(together).arenaSize).toBe(sizes.reduce((a, s) => a + s, 0));
        const apart = sizes.map((s, i) => item(i, s, i, i));
        expect(planMemory(apart).arenaSize).toBe(Math.max(...sizes));
      }),
      { numRuns: runs },
    );
  });

  it('plans thousands of items', () => {
    let state = 12345;
    const rnd = (): number => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const items: PlanItem[] = [];
    for (let id = 0; id < 3000; id++) {
      const start = Math.floor(rnd() * 2000);
      items.push(item(id, 1 + Math.floor(rnd() * 100_000), start, start + Math.floor(rnd() * 6), 2 ** Math.floor(rnd() * 7)));
    }
    const plan = planMemory(items);
    checkPlan(items, plan);
    expect(plan.arenaSize).toBeGreaterThanOrEqual(plan.lowerBound);
  });
});


describe('planMemory: MobileNetV2-like schedule', () => {
  it('fits the arena within 5% of the lower bound', () => {
    const items = mobilenetV2LikeItems();
    expect(items.at(-1)!.size).toBe(7 * 7 * 320);
    expect(items.some((it) => it.size === 112 * 112 * 96)).toBe(true);
    const plan = planMemory(items);
    checkPlan(items, plan);
    // The peak: the 112x112x96 expansion and its 56x56x96 depthwise output.
    expect(plan.lowerBound).toBe(112 * 112 * 96 + 56 * 56 * 96);
    expect(plan.arenaSize).toBeLessThanOrEqual(1.05 * plan.lowerBound);
  });
});
