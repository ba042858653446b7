// cse: common subexpression elimination. A pure op without regions is replaced
// by an identical op (same name, operands, attributes and result types) that
// dominates it: one defined earlier in the same block or in an enclosing one.

import type { PassDef } from '../ir/pass.js';
import type { Block, Operation, Value } from '../ir/operation.js';
import { isPure } from '../ir/rewrite.js';

export const csePass: PassDef = {
  name: 'cse',
  summary: 'Eliminate common subexpressions',
  anchor: 'builtin.module',
  statistics: {
    "num-cse'd": 'Ops replaced by an equivalent dominating op',
  },
  run(module, ctx) {
    const ids = new Map<Value, number>();
    const idOf = (v: Value): number => {
      let id = ids.get(v);
      if (id === undefined) ids.set(v, (id = ids.size));
      return id;
    };
    const keyOf = (op: Operation): string => {
      const operands = op.operands.map(idOf).join(',');
      const props = [...op.properties].map(([k, v]) => `${k}=${v}`).join(',');
      const attrs = [...op.attributes].map(([k, v]) => `${k}=${v}`).join(',');
      const types = op.results.map((r) => r.type.toString()).join(',');
      return `${op.name}(${operands})<${props}>{${attrs}}:${types}`;
    };
    let changed = false;
    // Scopes are copied on entry to a nested region so that siblings do not see each other.
    const visitBlock = (block: Block, known: Map<string, Operation>): void => {
      for (const op of block) {
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
          const isolated = op.hasTrait('IsolatedFromAbove');
          for (const b of region.blocks) visitBlock(b, isolated ? new Map() : new Map(known));
        }
      }
    };
    for (const region of module.regions) for (const b of region.blocks) visitBlock(b, new Map());
    return changed;
  },
};
