// A tiny reference interpreter for straight-line functions: every op is
// evaluated through its definition's `eval` hook (arith values are bigints);
// `func.return` ends the function.

import type { Operation, Value } from '../../../src/ir/operation.js';

export function evalFunction(fn: Operation, args: readonly unknown[]): unknown[] {
  const body = fn.regions[0]?.blocks[0];
  if (!body) throw new Error('function has no body');
  if (body.args.length !== args.length) throw new Error(`expected ${body.args.length} arguments, got ${args.length}`);
  const env = new Map<Value, unknown>();
  body.args.forEach((a, i) => env.set(a, args[i]));
  for (const op of body) {
    const operands = op.operands.map((v) => {
      if (!env.has(v)) throw new Error(`${op.name}: operand has no value yet`);
      return env.get(v);
    });
    if (op.name === 'func.return') return operands;
    const evaluate = op.def?.eval;
    if (!evaluate) throw new Error(`no eval for ${op.name}`);
    const results = evaluate(op, operands);
    if (results.length !== op.results.length) throw new Error(`${op.name}: eval returned ${results.length} values`);
    op.results.forEach((r, i) => env.set(r, results[i]));
  }
  throw new Error('function does not end in func.return');
}

/** The functions of a module by symbol name. */
export function functionsOf(module: Operation): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const op of module.regions[0]!.blocks[0]!) {
    const name = op.attr('sym_name');
    if (op.name === 'func.func' && name && 'value' in name && typeof name.value === 'string') out.set(name.value, op);
  }
  return out;
}
