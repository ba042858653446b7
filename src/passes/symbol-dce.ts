// symbol-dce: erases private symbols (functions) of a module that no live
// symbol references. Public symbols, and ops that are not symbols, are roots.

import { ArrayAttr, DictionaryAttr, StringAttr, SymbolRefAttr, type Attribute } from '../ir/attributes.js';
import type { PassDef } from '../ir/pass.js';
import type { Operation } from '../ir/operation.js';

function collectSymbolRefs(a: Attribute, out: Set<string>): void {
  if (a instanceof SymbolRefAttr) out.add(a.root);
  else if (a instanceof ArrayAttr) for (const e of a.elements) collectSymbolRefs(e, out);
  else if (a instanceof DictionaryAttr) for (const [, e] of a.entries) collectSymbolRefs(e, out);
}

/** Symbol names referenced anywhere inside `op` (including its own attributes). */
function referencedSymbols(op: Operation): Set<string> {
  const refs = new Set<string>();
  op.walk((o) => {
    for (const a of o.properties.values()) collectSymbolRefs(a, refs);
    for (const a of o.attributes.values()) collectSymbolRefs(a, refs);
  });
  return refs;
}

export const symbolDcePass: PassDef = {
  name: 'symbol-dce',
  summary: 'Erase private symbols that nothing live references',
  anchor: 'builtin.module',
  statistics: { 'num-dce': 'Symbols erased' },
  run(module, ctx) {
    return eraseDeadSymbols(module, true, () => ctx.stat('num-dce'));
  },
};

/**
 * Erases the dead private symbols of one symbol table, then recurses into the
 * nested symbol tables that remain. In a nested table, symbols with `nested`
 * visibility may be referenced from the parent, so they are kept as roots.
 */
function eraseDeadSymbols(table: Operation, topLevel: boolean, count: () => void): boolean {
  const body = table.regions[0]?.blocks[0];
  if (!body) return false;
  const symbols = new Map<string, Operation>();
  const live = new Set<string>();
  const worklist: Operation[] = [];
  for (const op of body) {
    const name = op.attr('sym_name');
    if (op.hasTrait('Symbol') && name instanceof StringAttr) {
      symbols.set(name.value, op);
      const vis = op.attr('sym_visibility');
      const visibility = vis instanceof StringAttr ? vis.value : 'public';
      if (visibility === 'public' || (!topLevel && visibility === 'nested')) {
        live.add(name.value);
        worklist.push(op);
      }
    } else {
      worklist.push(op);
    }
  }
  while (worklist.length) {
    for (const ref of referencedSymbols(worklist.pop()!)) {
      const target = symbols.get(ref);
      if (target && !live.has(ref)) {
        live.add(ref);
        worklist.push(target);
      }
    }
  }
  let changed = false;
  for (const [name, op] of symbols) {
    if (live.has(name)) continue;
    op.dropAllReferences();
    op.remove();
    count();
    changed = true;
  }
  for (const op of body) {
    if (op.hasTrait('SymbolTable')) changed = eraseDeadSymbols(op, false, count) || changed;
  }
  return changed;
}
