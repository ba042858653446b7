// `func.call` evaluation: the callee is found in the nearest enclosing symbol
// table (as the verifier finds it) and its body is evaluated on the call's
// operands; its return values are the call's results.

import { describe, expect, it } from 'vitest';
import { IntegerType, parseModule, verify } from '../../src/index.js';
import { DiagnosticError } from '../../src/ir/diagnostics.js';
import { evalFunction, functionsOf } from '../../src/ir/interpreter.js';
import { Tensor } from '../../src/ir/tensor.js';

const i32 = IntegerType.get(32);
const vec = (...v: number[]): Tensor => new Tensor([v.length], i32, Int32Array.from(v));
const values = (t: unknown): number[] => [...(t as Tensor).data].map(Number);

function load(text: string, opts: { verified?: boolean } = {}) {
  const m = parseModule(text, { file: 'func-call.mlir' });
  if (opts.verified !== false) expect(verify(m).map(String)).toEqual([]);
  return functionsOf(m);
}

describe('func.call evaluation', () => {
  it('runs the callee and returns its results, several of them, through nested calls', () => {
    const fns = load(`
      func.func @main(%a: tensor<3xi32>, %b: tensor<3xi32>) -> (tensor<3xi32>, tensor<3xi32>) {
        %s, %d = call @sum_diff(%a, %b) : (tensor<3xi32>, tensor<3xi32>) -> (tensor<3xi32>, tensor<3xi32>)
        %t = call @twice(%s) : (tensor<3xi32>) -> tensor<3xi32>
        return %t, %d : tensor<3xi32>, tensor<3xi32>
      }
      func.func private @sum_diff(%x: tensor<3xi32>, %y: tensor<3xi32>) -> (tensor<3xi32>, tensor<3xi32>) {
        %0 = tosa.add %x, %y : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
        %1 = tosa.sub %x, %y : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
        return %0, %1 : tensor<3xi32>, tensor<3xi32>
      }
      func.func private @twice(%x: tensor<3xi32>) -> tensor<3xi32> {
        %0:2 = call @sum_diff(%x, %x) : (tensor<3xi32>, tensor<3xi32>) -> (tensor<3xi32>, tensor<3xi32>)
        return %0#0 : tensor<3xi32>
      }
    `);
    // s = a + b = [11, 22, 33], d = a - b = [-9, -18, -27]; t = 2s.
    const [t, d] = evalFunction(fns.get('main')!, [vec(1, 2, 3), vec(10, 20, 30)]);
    expect(values(t)).toEqual([22, 44, 66]);
    expect(values(d)).toEqual([-9, -18, -27]);
  });

  it('calls a function without arguments or results', () => {
    const fns = load(`
      func.func @main() -> tensor<2xi32> {
        call @nothing() : () -> ()
        %0 = call @constant() : () -> tensor<2xi32>
        return %0 : tensor<2xi32>
      }
      func.func private @nothing() {
        return
      }
      func.func private @constant() -> tensor<2xi32> {
        %0 = "tosa.const"() <{values = dense<[7, -7]> : tensor<2xi32>}> : () -> tensor<2xi32>
        return %0 : tensor<2xi32>
      }
    `);
    expect(values(evalFunction(fns.get('main')!, [])[0])).toEqual([7, -7]);
  });

  it('reports a missing callee, a declaration and unbounded recursion at the call', () => {
    const fns = load(
      `
      func.func @missing(%a: tensor<1xi32>) -> tensor<1xi32> {
        %0 = call @nowhere(%a) : (tensor<1xi32>) -> tensor<1xi32>
        return %0 : tensor<1xi32>
      }
      func.func @declared(%a: tensor<1xi32>) -> tensor<1xi32> {
        %0 = call @decl(%a) : (tensor<1xi32>) -> tensor<1xi32>
        return %0 : tensor<1xi32>
      }
      func.func private @decl(tensor<1xi32>) -> tensor<1xi32>
      func.func @forever(%a: tensor<1xi32>) -> tensor<1xi32> {
        %0 = call @forever(%a) : (tensor<1xi32>) -> tensor<1xi32>
        return %0 : tensor<1xi32>
      }
    `,
      { verified: false },
    );
    const message = (name: string): string => {
      try {
        evalFunction(fns.get(name)!, [vec(1)]);
      } catch (e) {
        expect(e).toBeInstanceOf(DiagnosticError);
        const d = (e as DiagnosticError).diagnostic;
        return `${d.loc}: ${d.message}`;
      }
      throw new Error(`@${name} evaluated`);
    };
    expect(message('missing')).toMatch(/func-call\.mlir":3:.*'func\.call' op evaluation failed: 'nowhere' does not reference a valid function/);
    expect(message('declared')).toMatch(/cannot call @decl: it is a declaration without a body/);
    expect(message('forever')).toMatch(/call depth exceeds \d+ \(unbounded recursion through @forever\?\)/);
  });
});
