import { describe, expect, it } from 'vitest';
import { parseModule, printOp, registerDialect, verify } from '../../src/index.js';
import { declarativeAssembly, enumCase } from '../../src/ir/assembly-format.js';
import { anyAttr, anyType } from '../../src/ir/constraints.js';
import type { OpDef } from '../../src/ir/op-def.js';

// A test-only dialect whose ops use declarative formats shaped like upstream TOSA's.
const shapeOf = (name: string): Omit<OpDef, 'summary' | 'assembly'> => ({
  name,
  operands: [
    { name: 'input', type: anyType },
    { name: 'extra', type: anyType, arity: 'variadic' },
  ],
  results: [{ name: 'output', type: anyType }],
  attributes: [
    { name: 'mode', constraint: anyAttr, enumOf: 'fmt.mode' },
    { name: 'scale', constraint: anyAttr, optional: true },
  ],
});
const conv: OpDef = {
  ...shapeOf('fmt.conv'),
  summary: 'functional-type form',
  assembly: declarativeAssembly('operands attr-dict `:` functional-type(operands, results)', shapeOf('fmt.conv')),
};
const pair: OpDef = {
  ...shapeOf('fmt.pair'),
  summary: 'per-operand types',
  assembly: declarativeAssembly(
    '$input `,` `[` $extra `]` attr-dict `:` type($input) `,` type($extra) `->` type($output)',
    shapeOf('fmt.pair'),
  ),
};
registerDialect({ name: 'fmt', summary: 'assembly format tests', ops: [conv, pair] });

const roundTrip = (text: string): string => printOp(parseModule(text, { file: 't.mlir' }));

describe('declarative assembly formats', () => {
  it('prints the TOSA-style functional-type form with bare enum cases', () => {
    const text = `func.func @f(%a: tensor<2xi8>, %b: tensor<2xi8>) -> tensor<2xi32> {
  %0 = "fmt.conv"(%a, %b) <{mode = #fmt.mode<DOUBLE_ROUND>, scale = 3 : i32}> : (tensor<2xi8>, tensor<2xi8>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}`;
    const out = roundTrip(text);
    expect(out).toContain(
      '%0 = fmt.conv %arg0, %arg1 {mode = DOUBLE_ROUND, scale = 3 : i32} : (tensor<2xi8>, tensor<2xi8>) -> tensor<2xi32>',
    );
    // The custom form parses back to the same op, with the enum stored in its dialect form.
    const module = parseModule(out, { file: 'u.mlir' });
    expect(verify(module)).toEqual([]);
    let mode: string | null = null;
    module.walk((op) => {
      if (op.name === 'fmt.conv') mode = enumCase(op.attr('mode'), 'fmt.mode');
    });
    expect(mode).toBe('DOUBLE_ROUND');
    expect(printOp(module)).toBe(out);
    expect(printOp(module, { generic: true })).toContain('mode = #fmt.mode<DOUBLE_ROUND>');
  });

  it('handles per-operand types, literals and variadic groups', () => {
    const text = `func.func @f(%a: i8, %b: i16, %c: i16) -> i32 {
  %0 = "fmt.pair"(%a, %b, %c) <{mode = #fmt.mode<X>}> : (i8, i16, i16) -> i32
  return %0 : i32
}`;
    const out = roundTrip(text);
    expect(out).toContain('%0 = fmt.pair %arg0, [%arg1, %arg2] {mode = X} : i8, i16, i16 -> i32');
    expect(roundTrip(out)).toBe(out);
  });

  it('reports a located error when the types do not match the operands', () => {
    const bad = `func.func @f(%a: i8) -> i32 {
  %0 = fmt.conv %a {mode = X} : (i8, i8) -> i32
  return %0 : i32
}`;
    expect(() => parseModule(bad, { file: 'bad.mlir' })).toThrow(/1 operands but 2 operand types/);
  });

  it('rejects malformed format strings when the dialect is declared', () => {
    expect(() => declarativeAssembly('$nope attr-dict', shapeOf('fmt.x'))).toThrow(/neither an operand nor an attribute/);
    expect(() => declarativeAssembly('operands ~ attr-dict', shapeOf('fmt.x'))).toThrow(/unexpected/);
  });
});
