// The reference interpreter: runs a function op by op through each op's
// definition's `eval` hook (the op's reference semantics). Any dialect whose ops
// have `eval` can be executed, so two stages of a pipeline can be compared on
// the same inputs. Errors name the op and its location.

import { StringAttr } from './attributes.js';
import { Diagnostic, DiagnosticError } from './diagnostics.js';
import type { Operation, Value } from './operation.js';

/** Evaluates the straight-line body of `fn` on `args`; returns the values of its `func.return`. */
export function evalFunction(fn: Operation, args: readonly unknown[]): unknown[] {
  const body = fn.regions[0]?.blocks[0];
  if (!body) throw new DiagnosticError(new Diagnostic('error', 'cannot evaluate a function declaration', fn.loc));
  if (body.args.length !== args.length) {
    throw new DiagnosticError(new Diagnostic('error', `function expects ${body.args.length} arguments, got ${args.length}`, fn.loc));
  }
  const env = new Map<Value, unknown>();
  body.args.forEach((a, i) => env.set(a, args[i]));
  for (const op of body) {
    const operands = op.operands.map((v) => env.get(v));
    if (op.hasTrait('ReturnLike')) return operands;
    const evaluate = op.def?.eval;
    if (!evaluate) throw new DiagnosticError(new Diagnostic('error', `'${op.name}' has no reference semantics to evaluate`, op.loc));
    let results: unknown[];
    try {
      results = evaluate(op, operands);
    } catch (e) {
      if (e instanceof DiagnosticError) throw e;
      throw new DiagnosticError(new Diagnostic('error', `'${op.name}' op evaluation failed: ${(e as Error).message}`, op.loc), e);
    }
    if (results.length !== op.results.length) {
      throw new DiagnosticError(new Diagnostic('error', `'${op.name}' eval returned ${results.length} values for ${op.results.length} results`, op.loc));
    }
    op.results.forEach((r, i) => env.set(r, results[i]));
  }
  throw new DiagnosticError(new Diagnostic('error', 'function body does not end in a return', fn.loc));
}

/** The functions of a module by symbol name. */
export function functionsOf(module: Operation): Map<string, Operation> {
  const out = new Map<string, Operation>();
  for (const op of module.regions[0]?.blocks[0] ?? []) {
    const name = op.attr('sym_name');
    if (op.name === 'func.func' && name instanceof StringAttr) out.set(name.value, op);
  }
  return out;
}
