// The greedy pattern driver: benefit order, folding, dead-code removal,
// constant uniquing, convergence and the iteration limit.

import { describe, expect, it } from 'vitest';
import {
  IntegerAttr,
  applyPatternsGreedily,
  parseModule,
  printOp,
  verify,
  i32,
  type Operation,
  type RewritePattern,
} from '../../src/index.js';

const parse = (text: string): Operation => parseModule(text, { file: 'rewrite.mlir' });
const body = (m: Operation): string =>
  printOp(m)
    .split('\n')
    .filter((l) => l.startsWith('    '))
    .map((l) => l.trim())
    .join('\n');

describe('greedy pattern driver', () => {
  it('tries patterns in order of benefit, generic ones included', () => {
    const order: string[] = [];
    const mark = (name: string, benefit: number, root: string | null): RewritePattern => ({
      name,
      root,
      benefit,
      rewrite(op, rewriter) {
        if (op.name !== 'test.x') return false;
        order.push(name);
        if (op.attributes.has('done')) return false;
        rewriter.modifyInPlace(op, () => op.setAttr('done', new IntegerAttr(BigInt(benefit), i32)));
        return true;
      },
    });
    const m = parse('func.func @f() {\n  "test.x"() : () -> ()\n  return\n}');
    const r = applyPatternsGreedily(m, [mark('low', 1, 'test.x'), mark('generic-high', 5, null), mark('mid', 3, 'test.x'), mark('default', 2, null)]);
    // The first visit applies the highest benefit pattern; the revisit after the
    // change, and the second sweep, try all of them, best first, and none applies.
    const all = ['generic-high', 'mid', 'default', 'low'];
    expect(order).toEqual(['generic-high', ...all, ...all]);
    expect(body(m)).toContain('"test.x"() {done = 5 : i32}');
    expect(r.counts.get('generic-high')).toBe(1);
    expect(r.converged).toBe(true);
  });

  it('folds constants and identities, erases dead ops, and converges', () => {
    const m = parse(`func.func @f(%x: i32) -> i32 {
      %c2 = arith.constant 2 : i32
      %c3 = arith.constant 3 : i32
      %c0 = arith.constant 0 : i32
      %six = arith.muli %c2, %c3 : i32
      %a = arith.addi %x, %c0 : i32
      %b = arith.muli %a, %six : i32
      %dead = arith.subi %b, %x : i32
      return %b : i32
    }`);
    const r = applyPatternsGreedily(m, []);
    expect(body(m)).toBe(['%0 = arith.constant 6 : i32', '%1 = arith.muli %arg0, %0 : i32', 'return %1 : i32'].join('\n'));
    expect(r.changed).toBe(true);
    expect(r.converged).toBe(true);
    expect(r.counts.get('fold')).toBe(2); // 2*3 and x+0
    expect(r.counts.get('dce')).toBe(4); // the subi and the constants 2, 3 and 0
    expect(verify(m)).toEqual([]);
    // A second run finds nothing to do.
    const again = applyPatternsGreedily(m, []);
    expect(again).toMatchObject({ changed: false, converged: true });
    expect(again.counts.size).toBe(0);
  });

  it('does not fold with fold: false', () => {
    const m = parse('func.func @f(%x: i32) -> i32 {\n  %c0 = arith.constant 0 : i32\n  %a = arith.addi %x, %c0 : i32\n  return %a : i32\n}');
    applyPatternsGreedily(m, [], { fold: false });
    expect(body(m)).toContain('arith.addi');
  });

  it('keeps ops with side effects or unknown effects', () => {
    const m = parse(`func.func @f(%x: i32) {
      %u = "test.unknown"(%x) : (i32) -> i32
      %c = func.call @g(%x) : (i32) -> i32
      return
    }
    func.func private @g(i32) -> i32`);
    applyPatternsGreedily(m, []);
    expect(body(m)).toContain('"test.unknown"');
    expect(body(m)).toContain('call @g');
  });

  it('merges equal constants and moves them to the top of their function, as MLIR does', () => {
    const src = `func.func @f(%x: i32) -> (i32, i32) {
      %a = arith.muli %x, %x : i32
      %c7 = arith.constant 7 : i32
      %b = arith.muli %a, %c7 : i32
      %c7b = arith.constant 7 : i32
      %c = arith.muli %b, %c7b : i32
      return %b, %c : i32, i32
    }`;
    const m = parse(src);
    applyPatternsGreedily(m, []);
    expect(body(m).split('\n')).toEqual([
      '%0 = arith.constant 7 : i32',
      '%1 = arith.muli %arg0, %arg0 : i32',
      '%2 = arith.muli %1, %0 : i32',
      '%3 = arith.muli %2, %0 : i32',
      'return %2, %3 : i32, i32',
    ]);
    const kept = parse(src);
    applyPatternsGreedily(kept, [], { cseConstants: false });
    expect(body(kept).match(/arith\.constant 7/g)?.length).toBe(2);
  });

  it('visits ops created by patterns in the same sweep', () => {
    const rename = (from: string, to: string): RewritePattern => ({
      name: `${from}->${to}`,
      root: from,
      rewrite(op, rewriter) {
        const n = rewriter.create({ name: to, operands: op.operands, resultTypes: op.results.map((r) => r.type), loc: op.loc });
        rewriter.replaceOp(op, n.results);
        return true;
      },
    });
    const m = parse('func.func @f(%x: i32) -> i32 {\n  %0 = "test.a"(%x) : (i32) -> i32\n  return %0 : i32\n}');
    const r = applyPatternsGreedily(m, [rename('test.a', 'test.b'), rename('test.b', 'test.c')], { maxIterations: 1 });
    expect(body(m)).toContain('"test.c"(%arg0)');
    expect(r.converged).toBe(false); // the one sweep changed the IR
    const r2 = applyPatternsGreedily(m, [rename('test.a', 'test.b'), rename('test.b', 'test.c')], { maxIterations: 1 });
    expect(r2.converged).toBe(true);
  });

  it('stops a pattern that always fires at maxIterations and reports converged=false', () => {
    let fired = 0;
    const forever: RewritePattern = {
      name: 'forever',
      root: 'test.x',
      // Changes the op behind the driver's back and always claims success.
      rewrite(op) {
        fired++;
        op.setAttr('n', new IntegerAttr(BigInt(fired), i32));
        return true;
      },
    };
    const m = parse('func.func @f() {\n  "test.x"() : () -> ()\n  "test.x"() : () -> ()\n  return\n}');
    const r = applyPatternsGreedily(m, [forever], { maxIterations: 4 });
    expect(r.converged).toBe(false);
    expect(r.changed).toBe(true);
    expect(fired).toBe(8); // once per op per sweep
    expect(r.counts.get('forever')).toBe(8);
  });

  it('treats a negative maxIterations as no limit', () => {
    let budget = 25;
    const countdown: RewritePattern = {
      name: 'countdown',
      root: 'test.x',
      rewrite: () => budget-- > 0,
    };
    const m = parse('func.func @f() {\n  "test.x"() : () -> ()\n  return\n}');
    const r = applyPatternsGreedily(m, [countdown], { maxIterations: -1 });
    expect(r.converged).toBe(true);
    expect(r.counts.get('countdown')).toBe(25);
    budget = 25;
    expect(applyPatternsGreedily(m, [countdown]).converged).toBe(false); // the default is 10 sweeps
  });

  it('gives a folded constant the location of the op it replaces', () => {
    const m = parse('func.func @f() -> i32 {\n  %a = arith.constant 2 : i32\n  %b = arith.muli %a, %a : i32 loc("mul")\n  return %b : i32\n}');
    applyPatternsGreedily(m, []);
    expect(printOp(m, { debugInfo: true })).toContain('arith.constant 4 : i32 loc("mul")');
  });
});
