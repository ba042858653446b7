// Pattern rewriting: patterns are table entries (a root op, a benefit, a
// one-line summary and a rewrite function), applied by one greedy worklist
// driver that also folds ops and erases dead ones, as MLIR's
// applyPatternsGreedily does.

import { UnknownLoc, type Attribute } from './attributes.js';
import type { Type } from './types.js';
import { Operation, Value, type Block, type OperationInit, type Region } from './operation.js';
import { dialectOf } from './registry.js';

export interface RewritePattern {
  /** Short identifier, used in statistics and debugging. */
  readonly name: string;
  /** Op name this pattern is rooted at; null to try it on every op. */
  readonly root: string | null;
  /** Higher benefit patterns are tried first (default 1). */
  readonly benefit?: number;
  /** Tries to rewrite `op`; returns true if it changed the IR. */
  readonly rewrite: (op: Operation, rewriter: PatternRewriter) => boolean;
}

/** The constant an SSA value is known to hold, if its defining op is ConstantLike. */
export function constantValueOf(v: Value): Attribute | null {
  const def = v.definingOp;
  if (!def || !def.hasTrait('ConstantLike') || !def.def?.fold) return null;
  const r = def.def.fold(def, []);
  const a = r?.[0];
  return a && !(a instanceof Value) ? a : null;
}

export function isPure(op: Operation): boolean {
  return op.hasTrait('Pure');
}

/** An op whose results are unused and which has no side effects. */
export function isTriviallyDead(op: Operation): boolean {
  return isPure(op) && !op.hasTrait('Terminator') && op.results.every((r) => !r.hasUses);
}

/** Mutations made by patterns go through the rewriter so the driver can track them. */
export class PatternRewriter {
  private block: Block | null = null;
  private before: Operation | null = null;
  constructor(private readonly listener: RewriteListener = {}) {}

  setInsertionPointBefore(op: Operation): void {
    this.block = op.parent;
    this.before = op;
  }
  setInsertionPointAfter(op: Operation): void {
    this.block = op.parent;
    this.before = op.next;
  }
  setInsertionPointToEnd(block: Block): void {
    this.block = block;
    this.before = null;
  }

  /** Creates an op at the insertion point. */
  create(init: OperationInit): Operation {
    const op = new Operation(init);
    this.insert(op);
    return op;
  }
  insert(op: Operation): Operation {
    if (!this.block) throw new Error('rewriter has no insertion point');
    this.block.insertBefore(op, this.before);
    this.listener.onInserted?.(op);
    return op;
  }

  /** Replaces every result of `op` with `values`, then erases `op`. */
  replaceOp(op: Operation, values: readonly Value[]): void {
    if (values.length !== op.results.length) {
      throw new Error(`replacing ${op.name} needs ${op.results.length} values, got ${values.length}`);
    }
    op.results.forEach((r, i) => {
      const users = r.users;
      r.replaceAllUsesWith(values[i]!);
      for (const u of users) this.listener.onModified?.(u);
    });
    this.eraseOp(op);
  }
  eraseOp(op: Operation): void {
    const operandDefs = op.operands.map((v) => v.definingOp).filter((d): d is Operation => d !== null);
    this.listener.onErased?.(op);
    op.erase();
    for (const d of operandDefs) this.listener.onModified?.(d);
  }
  /** Runs `fn` to change `op` in place and reports the change. */
  modifyInPlace(op: Operation, fn: () => void): void {
    fn();
    this.listener.onModified?.(op);
  }
}

export interface RewriteListener {
  onInserted?(op: Operation): void;
  onModified?(op: Operation): void;
  onErased?(op: Operation): void;
}

export interface GreedyOptions {
  /** Full sweeps over the IR before giving up on convergence (MLIR's default is 10; negative: no limit). */
  maxIterations?: number;
  fold?: boolean;
  /**
   * Deduplicate constants and hoist them to the front of the entry block of
   * their insertion region at the start of every sweep (MLIR's cseConstants,
   * on by default).
   */
  cseConstants?: boolean;
}

export interface GreedyResult {
  changed: boolean;
  converged: boolean;
  /** How often each pattern fired, plus `fold` and `dce` counts. */
  counts: Map<string, number>;
}

/** Materializes a folded constant through the op's dialect; null if it cannot. */
function materialize(op: Operation, value: Attribute, type: Type): Operation | null {
  return dialectOf(op.name)?.materializeConstant?.(value, type) ?? null;
}

/** Applies `patterns`, folding and dead-code removal to every op nested in `root`. */
export function applyPatternsGreedily(
  root: Operation,
  patterns: readonly RewritePattern[],
  opts: GreedyOptions = {},
): GreedyResult {
  const maxIterations = opts.maxIterations === undefined ? 10 : opts.maxIterations < 0 ? Infinity : opts.maxIterations;
  const doFold = opts.fold ?? true;
  const cseConstants = opts.cseConstants ?? true;
  const byRoot = new Map<string | null, RewritePattern[]>();
  for (const p of patterns) {
    const list = byRoot.get(p.root) ?? [];
    list.push(p);
    byRoot.set(p.root, list);
  }
  for (const list of byRoot.values()) list.sort((a, b) => (b.benefit ?? 1) - (a.benefit ?? 1));
  const generic = byRoot.get(null) ?? [];

  const counts = new Map<string, number>();
  const bump = (k: string): void => void counts.set(k, (counts.get(k) ?? 0) + 1);
  const worklist: Operation[] = [];
  const onList = new Set<Operation>();
  const push = (op: Operation): void => {
    if (op !== root && !onList.has(op)) {
      onList.add(op);
      worklist.push(op);
    }
  };
  const erased = new Set<Operation>();
  const listener: RewriteListener = {
    onInserted: push,
    onModified: push,
    onErased: (op) => op.walk((o) => void erased.add(o)),
  };
  const rewriter = new PatternRewriter(listener);

  let changedAny = false;
  let converged = false;
  for (let iter = 0; iter < maxIterations && !converged; iter++) {
    // Seed in reverse pre-order so that popping visits ops top-down. As in
    // MLIR, constants are uniqued per insertion region while seeding;
    // duplicates are replaced and not visited.
    const folder = new ConstantFolder(root, rewriter);
    const seed: Operation[] = [];
    root.walk((op) => {
      if (op === root) return undefined;
      if (cseConstants && op.hasTrait('ConstantLike')) {
        const value = constantOfOp(op);
        if (value && !folder.insertKnownConstant(op, value)) {
          changedAny = true;
          return 'skip';
        }
      }
      seed.push(op);
      return undefined;
    });
    for (let i = seed.length - 1; i >= 0; i--) push(seed[i]!);
    let changed = false;
    while (worklist.length) {
      const op = worklist.pop()!;
      onList.delete(op);
      if (erased.has(op) || !op.parent) continue;

      if (isTriviallyDead(op)) {
        rewriter.eraseOp(op);
        bump('dce');
        changed = true;
        continue;
      }
      if (doFold && op.def?.fold && !op.hasTrait('ConstantLike') && tryFold(op, rewriter)) {
        bump('fold');
        changed = true;
        continue;
      }
      const candidates = [...(byRoot.get(op.name) ?? []), ...generic];
      if (candidates.length > 1 && generic.length && byRoot.has(op.name)) {
        candidates.sort((a, b) => (b.benefit ?? 1) - (a.benefit ?? 1));
      }
      for (const p of candidates) {
        rewriter.setInsertionPointBefore(op);
        // As in MLIR, the op is revisited only through the rewriter's
        // notifications (modifyInPlace, new users); re-queuing it here would
        // spin forever on a pattern that always reports a change.
        if (p.rewrite(op, rewriter)) {
          bump(p.name);
          changed = true;
          break;
        }
      }
    }
    changedAny ||= changed;
    converged = !changed;
  }
  return { changed: changedAny, converged, counts };
}

/** Folds `op` using its definition's `fold`; replaces it and returns true on success. */
function tryFold(op: Operation, rewriter: PatternRewriter): boolean {
  const operands = op.operands.map(constantValueOf);
  const results = op.def!.fold!(op, operands);
  if (!results) return false;
  // Folding to the op's own results means "updated in place".
  if (results.every((r, i) => r === op.results[i])) return false;
  rewriter.setInsertionPointBefore(op);
  const values: Value[] = [];
  const created: Operation[] = [];
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    if (r instanceof Value) {
      values.push(r);
      continue;
    }
    const c = materialize(op, r, op.results[i]!.type);
    if (!c) {
      for (const x of created) rewriter.eraseOp(x);
      return false;
    }
    c.loc = op.loc;
    rewriter.insert(c);
    created.push(c);
    values.push(c.result(0));
  }
  rewriter.replaceOp(op, values);
  return true;
}

/** The value of a ConstantLike op, from its fold hook. */
function constantOfOp(op: Operation): Attribute | null {
  const r = op.def?.fold?.(op, []);
  const a = r?.[0];
  return a && !(a instanceof Value) ? a : null;
}

/**
 * Uniques constants per insertion region, as MLIR's OperationFolder does: the
 * region of the closest ancestor that is isolated from above, unregistered or
 * the driver's root. A kept constant moves to the front of the region's entry
 * block (unless it already follows another kept constant there); a duplicate
 * is replaced by the kept one, whose location then becomes unknown.
 */
class ConstantFolder {
  private readonly scopes = new Map<Region, Map<string, Operation>>();
  private readonly owned = new Set<Operation>();
  constructor(
    private readonly root: Operation,
    private readonly rewriter: PatternRewriter,
  ) {}

  private insertionRegion(block: Block): Region {
    for (let region = block.parent!; ; ) {
      const parentOp = region.parent;
      if (!parentOp || parentOp === this.root || !parentOp.isRegistered() || parentOp.hasTrait('IsolatedFromAbove') || !parentOp.parent) {
        return region;
      }
      region = parentOp.parent.parent!;
    }
  }

  /** Returns false when `op` was a duplicate and has been replaced and erased. */
  insertKnownConstant(op: Operation, value: Attribute): boolean {
    const opBlock = op.parent!;
    const region = this.insertionRegion(opBlock);
    let constants = this.scopes.get(region);
    if (!constants) this.scopes.set(region, (constants = new Map()));
    const dialect = op.name.slice(0, op.name.indexOf('.'));
    const key = `${dialect}|${value.kind}|${value}|${op.result(0).type}`;
    const existing = constants.get(key);
    if (existing) {
      this.rewriter.replaceOp(op, existing.results);
      existing.loc = UnknownLoc.instance;
      return false;
    }
    const insertBlock = region.blocks[0]!;
    if (opBlock !== insertBlock || (insertBlock.first !== op && !(op.prev && this.owned.has(op.prev)))) {
      insertBlock.insertBefore(op, insertBlock.first);
    }
    constants.set(key, op);
    this.owned.add(op);
    return true;
  }
}
