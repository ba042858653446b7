// cse: common subexpression elimination. A pure op without regions is replaced
// by an identical op (same name, operands, attributes and result types) that
// dominates it: one defined earlier in the same block or in an enclosing one.
// As upstream's CSE, it also erases ops that are already trivially dead when
// visited, and does not look through ops that are (or, being unregistered,
// might be) isolated from above.

import type { PassDef } from '../ir/pass.js';
import type { Block, Operation, Value } from '../ir/operation.js';
import { isPure, isTriviallyDead } from '../ir/rewrite.js';

export const csePass: PassDef = {
  name: 'cse',
  summary: 'Eliminate common subexpressions',
  anchor: 'builtin.module',
  statistics: {
    "num-cse'd": 'Ops replaced by an equivalent dominating op',
    "num-dce'd": 'Trivially dead ops erased',
  },
  run(module, ctx) {
    const ids = new Map<Value, number>();
    const idOf = (v: Value): number => {
      let id = ids.get(v);
      if (id === undefined) ids.set(v, (id = ids.size));
      return id;
    };
    const keyOf = (op: Operation): string => {
      const operandIds = op.operands.map(idOf);
      // Operand order does not matter for commutative ops (as in MLIR's OperationEquivalence).
      if (op.hasTrait('Commutative')) operandIds.sort((a, b) => a - b);
      const operands = operandIds.join(',');
      // Sorted by name: attribute order is not significant (MLIR keeps dictionaries sorted).
      const named = (m: Map<string, unknown>): string =>
        [...m]
          .map(([k, v]) => `${JSON.stringify(k)}=${String(v)}`)
          .sort()
          .join(',');
      const props = named(op.properties);
      const attrs = named(op.attributes);
      const types = op.results.map((r) => r.type.toString()).join(',');
      return `${op.name}(${operands})<${props}>{${attrs}}:${types}`;
    };
    let changed = false;
    // Scopes are copied on entry to a nested region so that siblings do not see each other.
    const visitBlock = (block: Block, known: Map<string, Operation>): void => {
      for (const op of block) {
        if (isTriviallyDead(op)) {
          op.erase();
          ctx.stat("num-dce'd");
          changed = true;
          continue;
        }
        if (isPure(op) && op.regions.length === 0 && op.results.length > 0) {
          const key = keyOf(op);
          const prior = known.get(key);
          if (prior) {
            op.results.forEach((r, i) => r.replaceAllUsesWith(prior.results[i]!));
            op.erase();
            ctx.stat("num-cse'd");
            changed = true;
            continue;
          }
          known.set(key, op);
        }
        for (const region of op.regions) {
          // An unregistered op might be isolated: reusing outer values inside it could add captures.
          const isolated = op.hasTrait('IsolatedFromAbove') || !op.isRegistered();
          for (const b of region.blocks) visitBlock(b, isolated ? new Map() : new Map(known));
        }
      }
    };
    for (const region of module.regions) for (const b of region.blocks) visitBlock(b, new Map());
    return changed;
  },
};
