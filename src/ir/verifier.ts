// The verifier: structural rules that hold for every op (dominance, terminators,
// isolation, symbol uniqueness), then each registered op's table-driven checks
// (operand/result counts and types, attribute schema, traits), then its own
// `verify` hook. Mesa's nir_validate and MLIR's verifier play the same role:
// it runs after parsing and after every pass.

import { Diagnostic } from './diagnostics.js';
import type { AttrSpec, OpDef, OperandSpec, ResultSpec } from './op-def.js';
import { Block, Operation, type Value } from './operation.js';
import type { Attribute } from './attributes.js';
import { StringAttr } from './attributes.js';

export interface VerifyOptions {
  /** Accept ops of dialects npuc does not know (`--allow-unregistered-dialect`). */
  allowUnregistered?: boolean;
}

/** Verifies `root` and everything nested in it; returns the problems found (empty when valid). */
export function verify(root: Operation, opts: VerifyOptions = {}): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const positions = new Map<Operation, number>();
  const positionOf = (op: Operation): number => {
    let p = positions.get(op);
    if (p === undefined) {
      // Number the whole block once, so dominance checks stay linear.
      let i = 0;
      for (let o = op.parent!.first; o; o = o.next) positions.set(o, i++);
      p = positions.get(op)!;
    }
    return p;
  };

  /**
   * MLIR's graph regions, where a use may come before its definition in a
   * block: the module body (ModuleOp's region kind) and the regions of
   * unregistered ops (which may be graph regions).
   */
  const hasSSADominance = (block: Block): boolean => {
    const owner = block.parentOp;
    return owner === null || (owner.def !== undefined && owner.name !== 'builtin.module');
  };
  /** npuc has no successors, so only entry blocks are reachable. */
  const isEntry = (block: Block): boolean => block.parent === null || block.parent.blocks[0] === block;

  /**
   * Whether `v` properly dominates `user`, decided as MLIR's DominanceInfo does
   * it. Without successors, a non-entry block is unreachable: it is dominated
   * by everything and dominates nothing but itself.
   */
  const dominates = (v: Value, user: Operation): boolean => {
    const defBlock = v.parentBlock;
    if (!defBlock) return false;
    const def = v.definingOp;
    if (def === user) return !hasSSADominance(defBlock);
    // The op that encloses `user` in the defining block's region.
    const region = defBlock.parent;
    let anc: Operation | null = user;
    while (anc && anc.parent?.parent !== region) anc = anc.parentOp;
    if (!anc) return false;
    if (anc === def) return !hasSSADominance(defBlock); // used inside its own defining op
    const useBlock = anc.parent!;
    if (useBlock === defBlock) {
      if (!def || !hasSSADominance(defBlock)) return true;
      return positionOf(def) < positionOf(anc);
    }
    return !isEntry(useBlock);
  };

  const fail = (op: Operation, message: string): Diagnostic => {
    const d = new Diagnostic('error', `'${op.name}' op ${message}`, op.loc);
    diags.push(d);
    return d;
  };

  const visit = (op: Operation): void => {
    if (!op.def) {
      if (!opts.allowUnregistered) {
        const dot = op.name.indexOf('.');
        const dialect = dot < 0 ? op.name : op.name.slice(0, dot);
        diags.push(
          new Diagnostic(
            'error',
            `unregistered operation '${op.name}' found in dialect ('${dialect}') that does not allow unknown operations (use --allow-unregistered-dialect)`,
            op.loc,
          ),
        );
      }
    } else {
      verifyAgainstDef(op, op.def, fail, () => diags.length);
    }
    // As in MLIR, dominance is checked only for ops in reachable (here: entry) blocks.
    const reachable = op.parent === null || isEntry(op.parent);
    op.operandUses.forEach((use, i) => {
      if (use.value.definingOp?.name === '<forward-ref>') fail(op, `operand #${i} was never defined`);
      else if (reachable && !dominates(use.value, op)) {
        // As MLIR words it: an error on the op itself (no `'name' op` prefix), and
        // a note saying where the operand's definition sits relative to the use.
        const d = new Diagnostic('error', `operand #${i} does not dominate this use`, op.loc);
        diags.push(d);
        const def = use.value.definingOp;
        if (def) d.attachNote(`operand defined here (${relativePlacement(op, def)})`, def.loc);
      }
    });
    if (op.hasTrait('IsolatedFromAbove')) checkIsolation(op, fail);
    if (op.hasTrait('SymbolTable')) checkSymbolTable(op, fail);
    for (const region of op.regions) {
      for (const block of region.blocks) {
        checkBlock(op, block, fail);
        for (let child = block.first; child; child = child.next) visit(child);
      }
    }
  };
  visit(root);
  return diags;
}

type Fail = (op: Operation, message: string) => Diagnostic;

/** Where `def` is relative to `user`, in the words of MLIR's dominance note. */
function relativePlacement(user: Operation, def: Operation): string {
  if (user.parent === def.parent) return 'op in the same block';
  const userRegion = user.parent?.parent ?? null;
  const defRegion = def.parent?.parent ?? null;
  if (userRegion === defRegion) return 'op in the same region';
  const encloses = (outer: typeof userRegion, inner: typeof userRegion): boolean => {
    for (let r = inner?.parent?.parent?.parent ?? null; r; r = r.parent?.parent?.parent ?? null) if (r === outer) return true;
    return false;
  };
  if (encloses(defRegion, userRegion)) return 'op in a parent region';
  if (encloses(userRegion, defRegion)) return 'op in a child region';
  return 'op is neither in a parent nor in a child region';
}

function checkBlock(parent: Operation, block: Block, fail: Fail): void {
  for (let op = block.first; op; op = op.next) {
    if (op.hasTrait('Terminator') && op !== block.last) fail(op, 'must be the last operation in the parent block');
  }
  if (!parent.def || parent.hasTrait('NoTerminator')) return;
  const last = block.last;
  if (!last) fail(parent, 'expects a non-empty block with a terminator');
  else if (last.def && !last.hasTrait('Terminator')) {
    const d = fail(parent, 'expects regions to end with a terminator');
    d.attachNote(`in this block, the last operation is '${last.name}'`, last.loc);
  }
}

function checkIsolation(op: Operation, fail: Fail): void {
  op.walk((inner) => {
    if (inner === op) return;
    for (const v of inner.operands) {
      const owner = v.parentBlock?.parentOp;
      if (owner && !op.isAncestorOf(owner) && v.definingOp?.name !== '<forward-ref>') {
        fail(inner, `uses a value defined outside the isolated region of '${op.name}'`).attachNote(
          'required by region isolation constraints',
          op.loc,
        );
      }
    }
    return inner.hasTrait('IsolatedFromAbove') ? 'skip' : undefined;
  });
}

function checkSymbolTable(op: Operation, fail: Fail): void {
  const seen = new Map<string, Operation>();
  for (const region of op.regions) {
    for (const block of region.blocks) {
      for (let child = block.first; child; child = child.next) {
        const name = child.attr('sym_name');
        if (!(name instanceof StringAttr)) continue;
        const prior = seen.get(name.value);
        if (prior) fail(child, `redefinition of symbol named '${name.value}'`).attachNote('see existing symbol definition here', prior.loc);
        else seen.set(name.value, child);
      }
    }
  }
}

/** Matches values against declared arities; returns the per-spec groups or an error. */
function groupByArity(
  count: number,
  specs: readonly (OperandSpec | ResultSpec)[],
): { groups: number[] } | { error: string } {
  const fixed = specs.filter((s) => (s.arity ?? 'single') === 'single').length;
  const flexible = specs.filter((s) => (s.arity ?? 'single') !== 'single');
  if (flexible.length === 0) {
    return count === fixed ? { groups: specs.map(() => 1) } : { error: `${fixed}` };
  }
  if (flexible.length > 1) {
    // Several variadic groups need segment sizes; accept any split of at least the fixed count.
    return count >= fixed ? { groups: [] } : { error: `at least ${fixed}` };
  }
  const extra = count - fixed;
  const only = flexible[0]!;
  if (extra < 0 || (only.arity === 'optional' && extra > 1)) {
    return { error: only.arity === 'optional' ? `${fixed} or ${fixed + 1}` : `at least ${fixed}` };
  }
  return { groups: specs.map((s) => ((s.arity ?? 'single') === 'single' ? 1 : extra)) };
}

function verifyAgainstDef(op: Operation, def: OpDef, fail: Fail, errorCount: () => number): void {
  const check = (
    what: 'operand' | 'result',
    values: readonly Value[],
    specs: readonly (OperandSpec | ResultSpec)[],
  ): boolean => {
    const g = groupByArity(values.length, specs);
    if ('error' in g) {
      fail(op, `requires ${g.error} ${what}s, but found ${values.length}`);
      return false;
    }
    if (g.groups.length === 0) return true;
    let i = 0;
    g.groups.forEach((n, si) => {
      const spec = specs[si]!;
      for (let k = 0; k < n; k++, i++) {
        const t = values[i]!.type;
        if (!spec.type.check(t)) {
          fail(op, `${what} #${i} ('${spec.name}') must be ${spec.type.description}, but got '${t}'`);
        }
      }
    });
    return true;
  };
  // The op's own `verify` hook may rely on everything the table declares, so
  // it only runs when every table-driven check passed (as ODS verifiers do).
  const before = errorCount();
  check('operand', op.operands, def.operands);
  check('result', op.results, def.results);

  for (const spec of def.attributes ?? []) checkAttribute(op, spec, fail);
  const regions = def.regions ?? 0;
  if (op.regions.length !== regions) fail(op, `requires ${regions} region(s), but found ${op.regions.length}`);
  if (def.traits?.includes('SingleBlock') || def.traits?.includes('NoTerminator')) {
    op.regions.forEach((r, i) => {
      if (r.blocks.length > 1) fail(op, `expects region #${i} to have 0 or 1 blocks`);
    });
  }
  if (def.parents) {
    const parent = op.parentOp;
    if (!parent || !def.parents.includes(parent.name)) {
      const names = def.parents.map((p) => `'${p}'`).join(', ');
      fail(op, `expects parent op ${def.parents.length > 1 ? 'to be one of ' : ''}${names}`);
    }
  }
  if (def.traits?.includes('SameOperandsAndResultType')) {
    const all = [...op.operands, ...op.results].map((v) => v.type);
    if (all.some((t) => t !== all[0])) fail(op, 'requires the same type for all operands and results');
  }
  if (errorCount() === before && def.verify) {
    const msg = def.verify(op);
    if (msg) fail(op, msg);
  }
}

function checkAttribute(op: Operation, spec: AttrSpec, fail: Fail): void {
  const a: Attribute | undefined = op.properties.get(spec.name) ?? op.attributes.get(spec.name);
  if (!a) {
    if (!spec.optional) fail(op, `requires attribute '${spec.name}'`);
    return;
  }
  if (!spec.constraint.check(a)) {
    fail(op, `attribute '${spec.name}' failed to satisfy constraint: ${spec.constraint.description}`);
  }
}
