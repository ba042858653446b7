// Property: canonicalize and cse preserve the meaning of integer programs.
// Random straight-line arith programs (constants, addi/subi/muli on
// i8..i64 with values chosen to wrap around) are evaluated with the ops'
// `eval` hooks before and after `canonicalize,cse` on random inputs; the
// results must agree with each other and with an independent BigInt
// computation of the same expressions. The optimized IR must also be in
// canonical form: nothing left to fold, no duplicates, no dead ops.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Builder,
  IntegerAttr,
  IntegerType,
  PassManager,
  parseModule,
  parsePipeline,
  printOp,
  verify,
  type Operation,
  type Value,
} from '../../src/index.js';
import { evalFunction, functionsOf } from './support/interp.js';

type BinOp = 'addi' | 'subi' | 'muli';
type Step = { kind: 'const'; value: bigint } | { kind: 'bin'; op: BinOp; lhs: number; rhs: number };
interface FuncPlan {
  width: 8 | 16 | 32 | 64;
  numArgs: number;
  steps: Step[];
  results: number[];
  inputs: bigint[][];
}

const min = (w: number): bigint => -(1n << BigInt(w - 1));
const max = (w: number): bigint => (1n << BigInt(w - 1)) - 1n;

/** Values that make folds and wraparound likely: identities, extremes, near-extremes, anything. */
function valueArb(w: number): fc.Arbitrary<bigint> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(0n, 1n, -1n, 2n, 3n) },
    { weight: 2, arbitrary: fc.constantFrom(min(w), max(w), min(w) + 1n, max(w) - 1n, 1n << BigInt(w / 2)) },
    { weight: 3, arbitrary: fc.bigInt({ min: min(w), max: max(w) }) },
  );
}

const funcPlanArb: fc.Arbitrary<FuncPlan> = fc.constantFrom<8 | 16 | 32 | 64>(8, 16, 32, 64).chain((width) =>
  fc.record({
    width: fc.constant(width),
    numArgs: fc.integer({ min: 1, max: 3 }),
    steps: fc.array(
      fc.oneof(
        { weight: 2, arbitrary: valueArb(width).map((value): Step => ({ kind: 'const', value })) },
        {
          weight: 5,
          arbitrary: fc
            .record({ op: fc.constantFrom<BinOp>('addi', 'subi', 'muli'), lhs: fc.nat(), rhs: fc.nat() })
            .map((s): Step => ({ kind: 'bin', ...s })),
        },
      ),
      { minLength: 1, maxLength: 24 },
    ),
    results: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    inputs: fc.array(fc.array(valueArb(width), { minLength: 3, maxLength: 3 }), { minLength: 3, maxLength: 3 }),
  }),
);

/** An expression over the function's arguments, evaluated independently of npuc. */
type Expr = (args: readonly bigint[]) => bigint;

interface Built {
  module: Operation;
  expected: Map<string, { exprs: Expr[]; plan: FuncPlan }>;
}

function build(plans: readonly FuncPlan[]): Built {
  const { module, body } = Builder.module();
  const b = Builder.atEnd(body);
  const expected = new Map<string, { exprs: Expr[]; plan: FuncPlan }>();
  plans.forEach((plan, fi) => {
    const t = IntegerType.get(plan.width);
    const wrap = (v: bigint): bigint => BigInt.asIntN(plan.width, v);
    b.setInsertionPointToEnd(body);
    const name = `f${fi}`;
    const fn = b.func(name, Array(plan.numArgs).fill(t), plan.results.map(() => t));
    const values: Value[] = [...fn.args];
    const exprs: Expr[] = fn.args.map((_, i) => (args) => args[i]!);
    for (const step of plan.steps) {
      if (step.kind === 'const') {
        const c = b.create({ name: 'arith.constant', resultTypes: [t], properties: [['value', new IntegerAttr(step.value, t)]] });
        values.push(c.result(0));
        const v = step.value;
        exprs.push(() => v);
      } else {
        const l = step.lhs % values.length;
        const r = step.rhs % values.length;
        const op = b.create({ name: `arith.${step.op}`, operands: [values[l]!, values[r]!], resultTypes: [t] });
        values.push(op.result(0));
        const el = exprs[l]!;
        const er = exprs[r]!;
        const f = step.op === 'addi' ? (x: bigint, y: bigint) => x + y : step.op === 'subi' ? (x: bigint, y: bigint) => x - y : (x: bigint, y: bigint) => x * y;
        exprs.push((args) => wrap(f(el(args), er(args))));
      }
    }
    const picks = plan.results.map((r) => r % values.length);
    b.return(picks.map((i) => values[i]!));
    expected.set(name, { exprs: picks.map((i) => exprs[i]!), plan });
  });
  return { module, expected };
}

function runAll(module: Operation, expected: Built['expected']): Map<string, unknown[][]> {
  const out = new Map<string, unknown[][]>();
  const fns = functionsOf(module);
  for (const [name, { plan }] of expected) {
    const fn = fns.get(name)!;
    out.set(
      name,
      plan.inputs.map((input) => evalFunction(fn, input.slice(0, plan.numArgs))),
    );
  }
  return out;
}

/**
 * What canonicalize must have removed (`afterCse`: and what cse must have
 * removed after it). Duplicate constants are merged by canonicalize already.
 */
function canonicalFormProblems(module: Operation, afterCse: boolean): string[] {
  const problems: string[] = [];
  const isConst = (v: Value): bigint | null => {
    const d = v.definingOp;
    const a = d?.name === 'arith.constant' ? d.attr('value') : undefined;
    return a instanceof IntegerAttr ? a.value : null;
  };
  for (const fn of functionsOf(module).values()) {
    const seen = new Set<string>();
    const ids = new Map<Value, number>();
    const id = (v: Value): number => ids.get(v) ?? (ids.set(v, ids.size), ids.size - 1);
    for (const op of fn.regions[0]!.blocks[0]!) {
      if (op.name === 'func.return') continue;
      const text = printOp(op);
      if (op.results.every((r) => !r.hasUses)) problems.push(`dead: ${text}`);
      const key = `${op.name}(${op.operands.map(id).join(',')})${op.name === 'arith.constant' ? String(op.attr('value')) : ''}`;
      if (seen.has(key) && (afterCse || op.name === 'arith.constant')) problems.push(`duplicate: ${text}`);
      seen.add(key);
      if (op.name === 'arith.constant') continue;
      const [l, r] = op.operands.map(isConst);
      if (l !== null && r !== null) problems.push(`not folded: ${text}`);
      if (op.name !== 'arith.subi' && l !== null) problems.push(`constant on the left: ${text}`);
      if (r === 0n || (r === 1n && op.name === 'arith.muli')) problems.push(`identity not folded: ${text}`);
      // cse can make both operands the same value, which only a later canonicalize would fold.
      if (!afterCse && op.name === 'arith.subi' && op.operand(0) === op.operand(1)) problems.push(`x - x not folded: ${text}`);
      const inner = op.operand(0).definingOp;
      if (r !== null && (op.name === 'arith.addi' || op.name === 'arith.muli') && inner?.name === op.name && isConst(inner.operand(1)) !== null) {
        problems.push(`not reassociated: ${text}`);
      }
    }
  }
  return problems;
}

describe('canonicalize and cse preserve semantics', () => {
  it('random arith programs evaluate the same before and after, and as computed independently', () => {
    fc.assert(
      fc.property(fc.array(funcPlanArb, { minLength: 1, maxLength: 3 }), (plans) => {
        const { module, expected } = build(plans);
        expect(verify(module)).toEqual([]);
        const before = runAll(module, expected);
        // The reference: the same expressions in BigInt arithmetic, wrapped to the width.
        for (const [name, { exprs, plan }] of expected) {
          const want = plan.inputs.map((input) => exprs.map((e) => e(input.slice(0, plan.numArgs))));
          expect(before.get(name), `${name} before`).toEqual(want);
        }
        const original = printOp(module);
        new PassManager(parsePipeline('canonicalize')).run(module);
        expect(runAll(module, expected), `${original}\n=>\n${printOp(module)}`).toEqual(before);
        expect(canonicalFormProblems(module, false), printOp(module)).toEqual([]);
        new PassManager(parsePipeline('cse')).run(module);
        const after = runAll(module, expected);
        expect(after, `${original}\n=>\n${printOp(module)}`).toEqual(before);
        expect(canonicalFormProblems(module, true), printOp(module)).toEqual([]);
        // The optimized module still means the same after printing and parsing.
        expect(runAll(parseModule(printOp(module)), expected)).toEqual(before);
      }),
      { numRuns: Number(process.env.NPUC_PROPERTY_RUNS ?? 400) },
    );
  });

  it('folds a hand-written wraparound case to the value BigInt gives', () => {
    // (x + 100) + 100 on i8, and 100 * 100: 200 wraps to -56, 10000 to 16.
    const m = parseModule(`func.func @f(%x: i8) -> (i8, i8) {
      %c100 = arith.constant 100 : i8
      %a = arith.addi %x, %c100 : i8
      %b = arith.addi %a, %c100 : i8
      %m = arith.muli %c100, %c100 : i8
      return %b, %m : i8, i8
    }`);
    new PassManager(parsePipeline('canonicalize,cse')).run(m);
    const fn = functionsOf(m).get('f')!;
    for (const x of [-128n, -1n, 0n, 27n, 127n]) {
      expect(evalFunction(fn, [x])).toEqual([BigInt.asIntN(8, x + 200n), BigInt.asIntN(8, 10000n)]);
    }
    expect(printOp(m)).toContain('arith.constant -56 : i8');
    expect(printOp(m)).toContain('arith.constant 16 : i8');
  });
});
