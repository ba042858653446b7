// SSA values, operations, blocks and regions, with use lists, as in MLIR.
// Blocks hold their operations in a doubly linked list so that erasing and
// inserting during rewrites is O(1).

import type { Attribute, Location } from './attributes.js';
import { UnknownLoc } from './attributes.js';
import type { Type } from './types.js';
import type { OpDef } from './op-def.js';
import { lookupOp } from './registry.js';

/** One use of a value: operand `index` of `owner`. */
export class OpOperand {
  constructor(
    public value: Value,
    readonly owner: Operation,
    public index: number,
  ) {}
  set(v: Value): void {
    if (v === this.value) return;
    this.value.uses.delete(this);
    this.value = v;
    v.uses.add(this);
  }
}

export abstract class Value {
  readonly uses = new Set<OpOperand>();
  constructor(public type: Type) {}
  abstract get definingOp(): Operation | null;
  /** The block this value is defined in (for results, the block of the defining op). */
  abstract get parentBlock(): Block | null;
  get hasUses(): boolean {
    return this.uses.size > 0;
  }
  get hasOneUse(): boolean {
    return this.uses.size === 1;
  }
  /** Users, one entry per use. */
  get users(): Operation[] {
    return [...this.uses].map((u) => u.owner);
  }
  replaceAllUsesWith(v: Value): void {
    if (v === this) return;
    for (const use of [...this.uses]) use.set(v);
  }
}

export class OpResult extends Value {
  constructor(
    type: Type,
    readonly owner: Operation,
    readonly index: number,
  ) {
    super(type);
  }
  get definingOp(): Operation {
    return this.owner;
  }
  get parentBlock(): Block | null {
    return this.owner.parent;
  }
}

export class BlockArgument extends Value {
  constructor(
    type: Type,
    readonly owner: Block,
    public index: number,
    public loc: Location = UnknownLoc.instance,
  ) {
    super(type);
  }
  get definingOp(): null {
    return null;
  }
  get parentBlock(): Block {
    return this.owner;
  }
}

export interface OperationInit {
  name: string;
  operands?: readonly Value[];
  resultTypes?: readonly Type[];
  properties?: Iterable<readonly [string, Attribute]>;
  attributes?: Iterable<readonly [string, Attribute]>;
  regions?: number | readonly Region[];
  loc?: Location;
}

let nextOpId = 0;

export class Operation {
  readonly name: string;
  readonly def: OpDef | undefined;
  readonly operandUses: OpOperand[] = [];
  readonly results: OpResult[];
  /** Inherent attributes (MLIR properties): the ones an op's definition declares. */
  readonly properties = new Map<string, Attribute>();
  /** Discardable attributes. */
  readonly attributes = new Map<string, Attribute>();
  readonly regions: Region[] = [];
  loc: Location;
  parent: Block | null = null;
  prev: Operation | null = null;
  next: Operation | null = null;
  /** Stable creation order, for deterministic worklists. */
  readonly id = nextOpId++;

  constructor(init: OperationInit) {
    this.name = init.name;
    this.def = lookupOp(init.name);
    this.loc = init.loc ?? UnknownLoc.instance;
    (init.operands ?? []).forEach((v, i) => this.addOperand(v, i));
    this.results = (init.resultTypes ?? []).map((t, i) => new OpResult(t, this, i));
    for (const [k, v] of init.properties ?? []) this.properties.set(k, v);
    for (const [k, v] of init.attributes ?? []) this.setAttr(k, v);
    for (const a of this.def?.attributes ?? []) {
      if (a.default && !a.optional && !this.properties.has(a.name)) this.properties.set(a.name, a.default);
    }
    if (typeof init.regions === 'number') {
      for (let i = 0; i < init.regions; i++) this.regions.push(new Region(this));
    } else if (init.regions) {
      for (const r of init.regions) {
        r.parent = this;
        this.regions.push(r);
      }
    }
  }

  private addOperand(v: Value, i: number): void {
    const use = new OpOperand(v, this, i);
    v.uses.add(use);
    this.operandUses.push(use);
  }

  get operands(): Value[] {
    return this.operandUses.map((u) => u.value);
  }
  get numOperands(): number {
    return this.operandUses.length;
  }
  operand(i: number): Value {
    const u = this.operandUses[i];
    if (!u) throw new RangeError(`${this.name} has no operand ${i}`);
    return u.value;
  }
  setOperand(i: number, v: Value): void {
    this.operandUses[i]!.set(v);
  }
  setOperands(values: readonly Value[]): void {
    for (const u of this.operandUses) u.value.uses.delete(u);
    this.operandUses.length = 0;
    values.forEach((v, i) => this.addOperand(v, i));
  }
  result(i = 0): OpResult {
    const r = this.results[i];
    if (!r) throw new RangeError(`${this.name} has no result ${i}`);
    return r;
  }

  isRegistered(): boolean {
    return this.def !== undefined;
  }
  hasTrait(trait: string): boolean {
    return this.def?.traits?.includes(trait as never) ?? false;
  }
  /** Whether `name` is an inherent attribute of this op (declared by its definition). */
  isInherent(name: string): boolean {
    return this.def?.attributes?.some((a) => a.name === name) ?? false;
  }

  /** Looks an attribute up among properties first, then discardable attributes. */
  attr(name: string): Attribute | undefined {
    return this.properties.get(name) ?? this.attributes.get(name);
  }
  setAttr(name: string, value: Attribute): void {
    if (this.isInherent(name)) this.properties.set(name, value);
    else this.attributes.set(name, value);
  }
  removeAttr(name: string): boolean {
    return this.properties.delete(name) || this.attributes.delete(name);
  }

  /** The nearest enclosing operation. */
  get parentOp(): Operation | null {
    return this.parent?.parent?.parent ?? null;
  }
  /** The nearest ancestor (or self) with the given name. */
  ancestor(name: string): Operation | null {
    let op: Operation | null = this;
    while (op && op.name !== name) op = op.parentOp;
    return op;
  }

  /** Detaches from the parent block; the op keeps its operands. */
  remove(): void {
    this.parent?.removeOp(this);
  }
  /** Removes the op and drops all its uses of other values, recursively. */
  erase(): void {
    for (const r of this.results) {
      if (r.hasUses) throw new Error(`cannot erase ${this.name}: result ${r.index} still has uses`);
    }
    this.remove();
    this.dropAllReferences();
  }
  dropAllReferences(): void {
    for (const u of this.operandUses) u.value.uses.delete(u);
    this.operandUses.length = 0;
    for (const region of this.regions) for (const block of region.blocks) for (const op of block.ops) op.dropAllReferences();
  }

  /** Pre-order walk over this op and every op nested in its regions. */
  walk(fn: (op: Operation) => void | 'skip'): void {
    if (fn(this) === 'skip') return;
    for (const region of this.regions) {
      for (const block of region.blocks) {
        for (const op of block.ops) op.walk(fn);
      }
    }
  }
  /** Post-order walk (children before parent), safe against erasing the visited op. */
  walkPostOrder(fn: (op: Operation) => void): void {
    for (const region of this.regions) {
      for (const block of region.blocks) {
        for (const op of block.ops) op.walkPostOrder(fn);
      }
    }
    fn(this);
  }

  /** Whether `other` is this op or nested inside it. */
  isAncestorOf(other: Operation): boolean {
    let op: Operation | null = other;
    while (op) {
      if (op === this) return true;
      op = op.parentOp;
    }
    return false;
  }

  /** Deep copy; `mapping` maps old values to new ones and is filled as ops are cloned. */
  clone(mapping: Map<Value, Value> = new Map()): Operation {
    const copy = new Operation({
      name: this.name,
      operands: this.operands.map((v) => mapping.get(v) ?? v),
      resultTypes: this.results.map((r) => r.type),
      properties: this.properties,
      attributes: this.attributes,
      loc: this.loc,
      regions: this.regions.length,
    });
    this.results.forEach((r, i) => mapping.set(r, copy.results[i]!));
    this.regions.forEach((region, i) => region.cloneInto(copy.regions[i]!, mapping));
    return copy;
  }
}

export class Block {
  readonly args: BlockArgument[] = [];
  parent: Region | null = null;
  first: Operation | null = null;
  last: Operation | null = null;
  private count = 0;

  constructor(argTypes: readonly Type[] = [], argLocs: readonly Location[] = []) {
    argTypes.forEach((t, i) => this.addArgument(t, argLocs[i]));
  }

  addArgument(type: Type, loc: Location = UnknownLoc.instance): BlockArgument {
    const a = new BlockArgument(type, this, this.args.length, loc);
    this.args.push(a);
    return a;
  }
  eraseArgument(i: number): void {
    const [a] = this.args.splice(i, 1);
    if (a?.hasUses) throw new Error(`cannot erase block argument ${i}: it still has uses`);
    this.args.forEach((arg, j) => (arg.index = j));
  }

  get size(): number {
    return this.count;
  }
  get isEmpty(): boolean {
    return this.count === 0;
  }
  /** Iterates ops in order; the current op may be erased or moved during iteration. */
  *[Symbol.iterator](): IterableIterator<Operation> {
    let op = this.first;
    while (op) {
      const next = op.next;
      yield op;
      op = next;
    }
  }
  get ops(): Operation[] {
    const out: Operation[] = [];
    for (let op = this.first; op; op = op.next) out.push(op);
    return out;
  }
  get terminator(): Operation | null {
    return this.last && this.last.hasTrait('Terminator') ? this.last : null;
  }
  /** The op that owns the region this block is in. */
  get parentOp(): Operation | null {
    return this.parent?.parent ?? null;
  }

  append(op: Operation): Operation {
    return this.insertBefore(op, null);
  }
  /** Inserts `op` before `before` (at the end when `before` is null). */
  insertBefore(op: Operation, before: Operation | null): Operation {
    if (op.parent) op.remove();
    op.parent = this;
    op.next = before;
    op.prev = before ? before.prev : this.last;
    if (op.prev) op.prev.next = op;
    else this.first = op;
    if (before) before.prev = op;
    else this.last = op;
    this.count++;
    return op;
  }
  removeOp(op: Operation): void {
    if (op.parent !== this) throw new Error('operation is not in this block');
    if (op.prev) op.prev.next = op.next;
    else this.first = op.next;
    if (op.next) op.next.prev = op.prev;
    else this.last = op.prev;
    op.prev = op.next = null;
    op.parent = null;
    this.count--;
  }
}

export class Region {
  readonly blocks: Block[] = [];
  constructor(public parent: Operation | null = null) {}

  addBlock(block: Block = new Block()): Block {
    block.parent = this;
    this.blocks.push(block);
    return block;
  }
  get entry(): Block | null {
    return this.blocks[0] ?? null;
  }
  get isEmpty(): boolean {
    return this.blocks.length === 0;
  }
  cloneInto(dest: Region, mapping: Map<Value, Value>): void {
    for (const block of this.blocks) {
      const nb = dest.addBlock(new Block());
      for (const a of block.args) mapping.set(a, nb.addArgument(a.type, a.loc));
    }
    this.blocks.forEach((block, i) => {
      const nb = dest.blocks[i]!;
      for (const op of block.ops) nb.append(op.clone(mapping));
    });
  }
}
