// canonicalize: folds every op through its definition's `fold`, removes dead
// ops, and applies every registered op's canonicalization patterns, greedily,
// until nothing changes.

import { Diagnostic } from '../ir/diagnostics.js';
import type { PassDef } from '../ir/pass.js';
import { registeredDialects } from '../ir/registry.js';
import { applyPatternsGreedily, type RewritePattern } from '../ir/rewrite.js';

function allCanonicalizationPatterns(): RewritePattern[] {
  return registeredDialects().flatMap((d) => d.ops.flatMap((op) => op.canonicalize ?? []));
}

export const canonicalizePass: PassDef = {
  name: 'canonicalize',
  summary: 'Fold ops, erase dead ones and apply canonicalization patterns',
  anchor: 'builtin.module',
  options: {
    'max-iterations': { type: 'int', default: 10, description: 'Sweeps over the IR before giving up on a fixed point' },
    'test-convergence': { type: 'bool', default: false, description: 'Fail if no fixed point is reached' },
  },
  statistics: {
    'num-folded': 'Ops folded to constants or existing values',
    'num-dce': 'Dead ops erased',
    'num-patterns': 'Canonicalization patterns applied',
  },
  run(module, ctx) {
    const result = applyPatternsGreedily(module, allCanonicalizationPatterns(), {
      maxIterations: ctx.options['max-iterations'] as number,
    });
    for (const [name, n] of result.counts) {
      if (name === 'fold') ctx.stat('num-folded', n);
      else if (name === 'dce') ctx.stat('num-dce', n);
      else {
        ctx.stat('num-patterns', n);
        ctx.remark(module, `pattern '${name}' applied ${n} time(s)`);
      }
    }
    if (!result.converged && ctx.options['test-convergence']) {
      ctx.fail(new Diagnostic('error', 'canonicalizer failed to converge', module.loc));
    }
    return result.changed;
  },
};
