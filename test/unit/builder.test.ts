// The Builder: modules, functions with entry blocks, insertion points, and
// the IR it produces (which must verify and print as MLIR does).

import { describe, expect, it } from 'vitest';
import {
  Builder,
  DictionaryAttr,
  IntegerAttr,
  NameLoc,
  StringAttr,
  UnitAttr,
  i32,
  i64,
  printOp,
  tensor,
  verify,
} from '../../src/index.js';

const constant = (b: Builder, v: bigint) =>
  b.create({ name: 'arith.constant', resultTypes: [i32], properties: [['value', new IntegerAttr(v, i32)]] }).result(0);

describe('Builder', () => {
  it('builds a module with a function whose entry block matches its signature', () => {
    const { module, body } = Builder.module();
    const b = Builder.atEnd(body);
    const fn = b.func('add', [i32, i32], [i32]);
    expect(fn.args.map((a) => a.type)).toEqual([i32, i32]);
    const sum = b.create({ name: 'arith.addi', operands: fn.args, resultTypes: [i32] }).result(0);
    b.return([sum]);
    expect(verify(module)).toEqual([]);
    expect(printOp(module)).toBe(
      [
        'module {',
        '  func.func @add(%arg0: i32, %arg1: i32) -> i32 {',
        '    %0 = arith.addi %arg0, %arg1 : i32',
        '    return %0 : i32',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('inserts before an op and at the end of a block', () => {
    const { module, body } = Builder.module();
    const b = Builder.atEnd(body);
    const fn = b.func('f', [], [i32]);
    const two = constant(b, 2n);
    const ret = b.return([two]);
    b.setInsertionPointBefore(ret);
    const three = constant(b, 3n);
    const mul = b.create({ name: 'arith.muli', operands: [two, three], resultTypes: [i32] });
    ret.setOperands([mul.result(0)]);
    expect(fn.body.ops.map((o) => o.name)).toEqual(['arith.constant', 'arith.constant', 'arith.muli', 'func.return']);
    expect(verify(module)).toEqual([]);
  });

  it('value() creates one-result ops with discardable attributes', () => {
    const { module, body } = Builder.module();
    const b = Builder.atEnd(body);
    const fn = b.func('f', [i64], [i64]);
    const v = b.value('test.op', fn.args, i64, { tag: new StringAttr('x'), flag: UnitAttr.instance });
    b.return([v]);
    expect(verify(module, { allowUnregistered: true })).toEqual([]);
    expect(printOp(module)).toContain('%0 = "test.op"(%arg0) {flag, tag = "x"} : (i64) -> i64');
  });

  it('gives ops its current location', () => {
    const { module, body } = Builder.module();
    const b = Builder.atEnd(body);
    b.loc = new NameLoc('fn');
    b.func('f', [], []);
    b.loc = new NameLoc('ret');
    b.return([]);
    const text = printOp(module, { debugInfo: true });
    expect(text).toContain('return loc("ret")');
    expect(text).toContain('} loc("fn")');
  });

  it('makes private declarations and functions with argument attributes', () => {
    const { module, body } = Builder.module();
    const b = Builder.atEnd(body);
    const attrs = [new DictionaryAttr([['npuc.layout', new StringAttr('nhwc')]]), new DictionaryAttr([])];
    b.func('g', [tensor([1, 4], i32), i32], [], { argAttrs: attrs, visibility: 'private' });
    b.return([]);
    b.setInsertionPointToEnd(body);
    const decl = b.func('h', [i32], [i32], { visibility: 'private' });
    decl.op.regions[0]!.blocks.length = 0; // a declaration has no body
    expect(verify(module)).toEqual([]);
    const text = printOp(module);
    expect(text).toContain('func.func private @g(%arg0: tensor<1x4xi32> {npuc.layout = "nhwc"}, %arg1: i32) {');
    expect(text).toContain('func.func private @h(i32) -> i32\n');
  });

  it('leaves out arg_attrs when every dictionary is empty, as MLIR does', () => {
    const { body } = Builder.module();
    const b = Builder.atEnd(body);
    const fn = b.func('f', [i32], [], { argAttrs: [new DictionaryAttr([])] });
    expect(fn.op.attr('arg_attrs')).toBeUndefined();
    const none = b.func('g', [], [], { argAttrs: [] });
    expect(none.op.attr('arg_attrs')).toBeUndefined();
  });

  it('rejects argument attributes that do not match the arguments', () => {
    const b = Builder.atEnd(Builder.module().body);
    expect(() => b.func('f', [i32, i32], [], { argAttrs: [new DictionaryAttr([])] })).toThrow(/2 arguments but 1/);
  });
});
