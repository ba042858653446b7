// The verifier, rule by rule, on IR built with the Builder. Each case breaks
// exactly one rule and checks the message (MLIR's wording where MLIR has one).

import { describe, expect, it } from 'vitest';
import {
  ArrayAttr,
  Block,
  Builder,
  DictionaryAttr,
  FunctionType,
  IntegerAttr,
  IntegerType,
  NameLoc,
  Region,
  StringAttr,
  SymbolRefAttr,
  TypeAttr,
  UnitAttr,
  f32,
  i32,
  i64,
  printOp,
  verify,
  type Operation,
  type Type,
  type Value,
} from '../../src/index.js';

function setup(inputs: Type[] = [i32], results: Type[] = [i32]) {
  const { module, body } = Builder.module();
  const b = Builder.atEnd(body);
  const fn = b.func('f', inputs, results);
  return { module, body, b, fn };
}
const constant = (b: Builder, v: bigint, t: IntegerType = i32): Value =>
  b.create({ name: 'arith.constant', resultTypes: [t], properties: [['value', new IntegerAttr(v, t)]] }).result(0);
const messages = (m: Operation, allowUnregistered = false): string[] => verify(m, { allowUnregistered }).map((d) => d.message);

describe('verifier', () => {
  it('accepts valid IR', () => {
    const { module, b, fn } = setup();
    const c = constant(b, 1n);
    b.return([b.create({ name: 'arith.addi', operands: [fn.args[0]!, c], resultTypes: [i32] }).result(0)]);
    expect(messages(module)).toEqual([]);
  });

  it('checks operand counts', () => {
    const { module, b, fn } = setup();
    const bad = b.create({ name: 'arith.addi', operands: [fn.args[0]!], resultTypes: [i32] });
    b.return([bad.result(0)]);
    expect(messages(module)).toEqual(["'arith.addi' op requires 2 operands, but found 1"]);
  });

  it('checks result counts', () => {
    const { module, b, fn } = setup();
    b.create({ name: 'arith.addi', operands: [fn.args[0]!, fn.args[0]!], resultTypes: [] });
    b.return([fn.args[0]!]);
    expect(messages(module)).toEqual(["'arith.addi' op requires 1 results, but found 0"]);
  });

  it('checks operand types against constraints', () => {
    const { module, b, fn } = setup([f32], [f32]);
    const bad = b.create({ name: 'arith.addi', operands: [fn.args[0]!, fn.args[0]!], resultTypes: [f32] });
    b.return([bad.result(0)]);
    expect(messages(module)).toEqual([
      "'arith.addi' op operand #0 ('lhs') must be signless integer or index, but got 'f32'",
      "'arith.addi' op operand #1 ('rhs') must be signless integer or index, but got 'f32'",
      "'arith.addi' op result #0 ('result') must be signless integer or index, but got 'f32'",
    ]);
  });

  it('checks SameOperandsAndResultType', () => {
    const { module, b, fn } = setup([i32], [i64]);
    const bad = b.create({ name: 'arith.muli', operands: [fn.args[0]!, fn.args[0]!], resultTypes: [i64] });
    b.return([bad.result(0)]);
    expect(messages(module)).toEqual(["'arith.muli' op requires the same type for all operands and results"]);
  });

  it('reports a missing attribute without running the op verifier on the broken op', () => {
    const { module, b } = setup([], [i32]);
    const c = b.create({ name: 'arith.constant', resultTypes: [i32] });
    b.return([c.result(0)]);
    expect(messages(module)).toEqual(["'arith.constant' op requires attribute 'value'"]);
  });

  it('reports an attribute that fails its constraint', () => {
    const { module, b } = setup([], [i32]);
    const c = b.create({ name: 'arith.constant', resultTypes: [i32], properties: [['value', new StringAttr('7')]] });
    b.return([c.result(0)]);
    expect(messages(module)).toEqual(["'arith.constant' op attribute 'value' failed to satisfy constraint: integer, float or elements attribute"]);
  });

  it('runs op-specific verifiers (constant type)', () => {
    const { module, b } = setup([], [i32]);
    const c = b.create({ name: 'arith.constant', resultTypes: [i32], properties: [['value', new IntegerAttr(7n, i64)]] });
    b.return([c.result(0)]);
    expect(messages(module)).toEqual(["'arith.constant' op value type i64 must match return type: i32"]);
  });

  it('checks the region count', () => {
    const { module, b, fn } = setup();
    const bad = b.create({ name: 'arith.addi', operands: [fn.args[0]!, fn.args[0]!], resultTypes: [i32], regions: 1 });
    b.return([bad.result(0)]);
    expect(messages(module)).toEqual(["'arith.addi' op requires 0 region(s), but found 1"]);
  });

  it('requires a terminator at the end of a function body', () => {
    const { module, b } = setup([], []);
    constant(b, 1n);
    expect(messages(module)).toEqual(["'func.func' op expects regions to end with a terminator"]);
    const d = verify(module)[0]!;
    expect(d.notes.map((n) => n.message)).toEqual(["in this block, the last operation is 'arith.constant'"]);
  });

  it('requires a non-empty body block', () => {
    const { module } = setup([], []);
    expect(messages(module)).toEqual(["'func.func' op expects a non-empty block with a terminator"]);
  });

  it('requires a terminator to be last in its block', () => {
    const { module, b } = setup([], []);
    b.return([]);
    constant(b, 1n);
    b.return([]);
    expect(messages(module)).toEqual(["'func.return' op must be the last operation in the parent block"]);
  });

  it('checks the parent of ops that declare one', () => {
    const { module, body } = Builder.module();
    Builder.atEnd(body).return([]);
    expect(messages(module)).toEqual(["'func.return' op expects parent op 'func.func'"]);
  });

  it('checks that uses are dominated by their definitions', () => {
    const { module, b } = setup([], [i32]);
    const ret = b.return([]);
    b.setInsertionPointBefore(ret);
    const one = constant(b, 1n);
    const sum = b.create({ name: 'arith.addi', operands: [one, one], resultTypes: [i32] });
    ret.setOperands([sum.result(0)]);
    // Move the addi's operand definition after its use.
    sum.parent!.insertBefore(one.definingOp!, ret);
    const ds = verify(module);
    expect(ds.map((d) => d.message)).toEqual([
      // MLIR words this as an error on the op, without the `'name' op` prefix.
      'operand #0 does not dominate this use',
      'operand #1 does not dominate this use',
    ]);
    expect(ds[0]!.notes.map((n) => n.message)).toEqual([expect.stringMatching(/^operand defined here/)]);
  });

  // The entry block dominates every block of its region, and upstream mlir-opt
  // does not check blocks that nothing branches to: this IR is valid there too.
  it('accepts a use of an entry-block argument in a later block', () => {
    const { module, b, fn } = setup([], []);
    const r = b.create({ name: 'test.two_blocks', regions: 1 });
    const first = r.regions[0]!.addBlock(new Block([i32]));
    const second = r.regions[0]!.addBlock(new Block());
    Builder.atEnd(second).create({ name: 'test.use', operands: [first.args[0]!] });
    b.setInsertionPointToEnd(fn.body);
    b.return([]);
    expect(messages(module, true)).toEqual([]);
  });

  it('rejects a use inside the op that defines the value', () => {
    const { module, b } = setup([], []);
    const op = b.create({ name: 'test.loop', resultTypes: [i32], regions: 1 });
    const inner = op.regions[0]!.addBlock();
    Builder.atEnd(inner).create({ name: 'test.use', operands: [op.result(0)] });
    b.return([]);
    expect(messages(module, true)).toEqual(['operand #0 does not dominate this use']);
  });

  it('checks isolation from above', () => {
    const { module, b, fn } = setup([i32], []);
    // A function nested in an op of the outer function uses the outer argument.
    const holder = b.create({ name: 'test.holder', regions: 1 });
    const hb = Builder.atEnd(holder.regions[0]!.addBlock());
    hb.func('inner', [], []);
    hb.create({ name: 'test.use', operands: [fn.args[0]!] });
    hb.return([]);
    b.setInsertionPointToEnd(fn.body);
    b.return([]);
    const ds = verify(module, { allowUnregistered: true });
    expect(ds.map((d) => d.message)).toEqual(["'test.use' op uses a value defined outside the isolated region of 'func.func'"]);
    expect(ds[0]!.notes.map((n) => n.message)).toEqual(['required by region isolation constraints']);
  });

  it('allows non-isolated unregistered ops to use outer values', () => {
    const { module, b, fn } = setup([i32], []);
    const holder = b.create({ name: 'test.holder', regions: 1 });
    Builder.atEnd(holder.regions[0]!.addBlock()).create({ name: 'test.use', operands: [fn.args[0]!] });
    b.return([]);
    expect(messages(module, true)).toEqual([]);
  });

  it('rejects symbol redefinition in a symbol table', () => {
    const { module, body } = Builder.module();
    const b = Builder.atEnd(body);
    b.loc = new NameLoc('first');
    b.func('f', [], []);
    b.return([]);
    b.setInsertionPointToEnd(body);
    b.loc = new NameLoc('second');
    b.func('f', [], []);
    b.return([]);
    const ds = verify(module);
    expect(ds.map((d) => d.message)).toEqual(["'func.func' op redefinition of symbol named 'f'"]);
    expect(String(ds[0]!.loc)).toBe('loc("second")');
    expect(ds[0]!.notes.map((n) => [n.message, String(n.loc)])).toEqual([['see existing symbol definition here', 'loc("first")']]);
  });

  it('rejects unregistered ops unless allowed', () => {
    const { module, b } = setup([], []);
    b.create({ name: 'npu.mystery' });
    b.return([]);
    expect(messages(module)).toEqual([
      "unregistered operation 'npu.mystery' found in dialect ('npu') that does not allow unknown operations (use --allow-unregistered-dialect)",
    ]);
    expect(messages(module, true)).toEqual([]);
  });

  it('checks a function body against its signature', () => {
    const { module, b, fn } = setup([i32], [i32]);
    b.return([fn.args[0]!]);
    fn.op.properties.set('function_type', new TypeAttr(FunctionType.get([i64], [i32])));
    expect(messages(module)[0]).toBe(
      "'func.func' op type of entry block argument #0(i32) must match the type of the corresponding argument in function signature(i64)",
    );
  });

  it('checks returns against the function type', () => {
    const { module, b } = setup([], [i32]);
    b.return([constant(b, 1n, i64)]);
    expect(messages(module)).toEqual(["'func.return' op type of return operand 0 (i64) doesn't match function result type (i32) in function @f"]);
    const { module: m2, b: b2 } = setup([], [i32]);
    b2.return([]);
    expect(messages(m2)).toEqual(["'func.return' op has 0 operands, but enclosing function (@f) returns 1"]);
  });

  it('checks calls against the callee', () => {
    const { module, body, b, fn } = setup([i32], []);
    b.create({ name: 'func.call', operands: [fn.args[0]!], resultTypes: [], properties: [['callee', new SymbolRefAttr('nowhere')]] });
    b.create({ name: 'func.call', operands: [], resultTypes: [], properties: [['callee', new SymbolRefAttr('g')]] });
    b.return([]);
    b.setInsertionPointToEnd(body);
    b.func('g', [i32], []);
    b.return([]);
    expect(messages(module)).toEqual([
      "'func.call' op 'nowhere' does not reference a valid function",
      "'func.call' op operand types do not match the signature of @g",
    ]);
  });

  it('requires function argument and result attributes to be dialect attributes, one dictionary each', () => {
    const { module, fn } = setup([i32], [i32]);
    Builder.atEnd(fn.body).return([fn.args[0]!]);
    fn.op.properties.set('arg_attrs', new ArrayAttr([new DictionaryAttr([['plain', UnitAttr.instance]])]));
    expect(messages(module)).toEqual(["'func.func' op arguments may only have dialect attributes"]);
    fn.op.properties.set('arg_attrs', new ArrayAttr([new DictionaryAttr([['npuc.ok', UnitAttr.instance]])]));
    fn.op.properties.set('res_attrs', new ArrayAttr([new DictionaryAttr([['plain', UnitAttr.instance]])]));
    expect(messages(module)).toEqual(["'func.func' op results may only have dialect attributes"]);
    fn.op.properties.set('res_attrs', new ArrayAttr([]));
    expect(messages(module)).toEqual([
      "'func.func' op expects result attribute array to have the same number of elements as the number of function results, got 0, but expected 1",
    ]);
    fn.op.properties.delete('res_attrs');
    expect(messages(module)).toEqual([]);
  });

  it('does not crash on a function without a function type', () => {
    const { module, body } = Builder.module();
    const fn = Builder.atEnd(body).create({ name: 'func.func', properties: [['sym_name', new StringAttr('f')]], regions: [new Region()] });
    const block = fn.regions[0]!.addBlock();
    Builder.atEnd(block).return([]);
    expect(messages(module)).toEqual(["'func.func' op requires attribute 'function_type'"]);
    expect(printOp(module, { generic: true })).toContain('"func.func"()');
  });
});
