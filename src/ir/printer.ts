// The MLIR text printer: generic form for every op, custom (pretty) form for ops
// whose definition has one, value numbering per IsolatedFromAbove scope, and the
// trailing `{-# dialect_resources #-}` section for `dense_resource` blobs.

import {
  arrayElementText,
  DenseElementsAttr,
  DenseResourceAttr,
  DictionaryAttr,
  escapeString,
  hexOf,
  isBareIdentifier,
  printNamedAttributes,
  printSymbolName,
  type Attribute,
  type ResourceHandle,
} from './attributes.js';
import { FunctionType, type Type } from './types.js';
import type { Block, Operation, Region, Value } from './operation.js';

export interface PrintOptions {
  /** Print every op in generic form (`--print-op-generic`). */
  generic?: boolean;
  /** Print `loc(...)` after ops and block arguments (`--print-debuginfo`). */
  debugInfo?: boolean;
  /** Print dense constants with more elements than this as `dense_resource<__elided__>`. */
  elideLargerThan?: number | null;
  /** Dense constants with more elements than this print as hex (MLIR's default is 100). */
  hexLargerThan?: number;
}

/** What a custom op printer may call, modelled on MLIR's OpAsmPrinter. */
export interface OpAsmPrinter {
  print(text: string): void;
  printOperand(v: Value): void;
  printOperands(vs: readonly Value[]): void;
  printType(t: Type): void;
  printTypes(ts: readonly Type[]): void;
  printAttribute(a: Attribute): void;
  printSymbolName(name: string): void;
  /** ` {a = 1}` unless empty after removing `elided`. */
  printOptionalAttrDict(attrs: Iterable<readonly [string, Attribute]>, elided?: readonly string[]): void;
  printOptionalAttrDictWithKeyword(attrs: Iterable<readonly [string, Attribute]>, elided?: readonly string[]): void;
  /** `%arg0: i32 {attrs} loc(...)` for entry block argument `arg`. */
  printRegionArgument(arg: Value, attrs?: DictionaryAttr | null): void;
  /** `printEmptyBlock`: label an empty entry block (`^bb0:`), as the generic form does. */
  printRegion(region: Region, opts?: { printEntryBlockArgs?: boolean; printEmptyBlock?: boolean }): void;
  /** The value's printed name, e.g. `%0`, `%arg1`, `%2#1`. */
  nameOf(v: Value): string;
}

const INDENT = '  ';

export class Printer implements OpAsmPrinter {
  private out: string[] = [];
  private indent = 0;
  private readonly names = new Map<Value, string>();
  private readonly blockNames = new Map<Block, string>();
  private namesAssigned = false;
  readonly resources = new Set<ResourceHandle>();
  private readonly opts: Required<PrintOptions>;

  constructor(opts: PrintOptions = {}) {
    this.opts = {
      generic: opts.generic ?? false,
      debugInfo: opts.debugInfo ?? false,
      elideLargerThan: opts.elideLargerThan ?? null,
      hexLargerThan: opts.hexLargerThan ?? 100,
    };
  }

  print(text: string): void {
    this.out.push(text);
  }
  private newline(): void {
    this.out.push('\n', INDENT.repeat(this.indent));
  }
  text(): string {
    return this.out.join('');
  }

  // -------------------------------------------------------------------------
  // Names.

  /**
   * Numbers values the way MLIR's SSANameState does, once for the whole tree
   * under the printed op: region by region, each region continuing the counters
   * where its parent region's own values (block arguments, op results) left
   * them, so sibling regions reuse numbers and nested regions come after their
   * parent's values (in generic form every number is unique instead). Entry block arguments are `%argN`, other block arguments and
   * results `%N` (`%N#i` for multi-result ops); blocks are `^bbN` per region.
   */
  private assignNames(root: Operation): void {
    let nextValue = 0;
    let nextArg = 0;
    const nameResults = (o: Operation): void => {
      if (o.results.length === 0) return;
      const base = `%${nextValue++}`;
      if (o.results.length === 1) this.names.set(o.results[0]!, base);
      else o.results.forEach((r, i) => this.names.set(r, `${base}#${i}`));
    };
    nameResults(root);
    const pending: [Region, number, number][] = root.regions.map((r) => [r, nextValue, nextArg]);
    while (pending.length) {
      const [region, v, a] = pending.pop()!;
      // The generic form numbers every value uniquely (MLIR's shouldPrintUniqueSSAIDs),
      // continuing the counters in the order regions are visited (last pushed first).
      if (!this.opts.generic) {
        nextValue = v;
        nextArg = a;
      }
      region.blocks.forEach((block, bi) => {
        this.blockNames.set(block, `^bb${bi}`);
        for (const arg of block.args) this.names.set(arg, bi === 0 ? `%arg${nextArg++}` : `%${nextValue++}`);
        for (let o = block.first; o; o = o.next) nameResults(o);
      });
      for (const block of region.blocks) {
        for (let o = block.first; o; o = o.next) for (const r of o.regions) pending.push([r, nextValue, nextArg]);
      }
    }
  }

  nameOf(v: Value): string {
    return this.names.get(v) ?? '<<UNKNOWN SSA VALUE>>';
  }

  // -------------------------------------------------------------------------
  // Leaves.

  printOperand(v: Value): void {
    this.out.push(this.nameOf(v));
  }
  printOperands(vs: readonly Value[]): void {
    vs.forEach((v, i) => {
      if (i) this.out.push(', ');
      this.printOperand(v);
    });
  }
  printType(t: Type): void {
    this.out.push(t.toString());
  }
  printTypes(ts: readonly Type[]): void {
    this.out.push(ts.map(String).join(', '));
  }
  printAttribute(a: Attribute): void {
    this.out.push(this.attrText(a));
  }
  printSymbolName(name: string): void {
    this.out.push(printSymbolName(name));
  }

  /** Attribute text, with large constants elided and resource blobs recorded. */
  private attrText(a: Attribute): string {
    if (a instanceof DenseElementsAttr) {
      const limit = this.opts.elideLargerThan;
      if (limit !== null && a.numElements > limit && !a.allElementsEqual) return `dense_resource<__elided__> : ${a.type}`;
      return `dense<${a.bodyText(this.opts.hexLargerThan)}> : ${a.type}`;
    }
    if (a instanceof DenseResourceAttr) {
      // Upstream elides blobs separately (--mlir-elide-resource-strings-if-larger);
      // npuc's one flag applies the same element limit to resources as to dense.
      const limit = this.opts.elideLargerThan;
      const count = a.type.shape.reduce((x, y) => x * y, 1);
      if (limit !== null && count > limit && a.handle.key !== '__elided__') return `dense_resource<__elided__> : ${a.type}`;
      if (a.handle.data) this.resources.add(a.handle);
      return a.toString();
    }
    if (a.kind === 'array') return `[${a.elements.map((e) => arrayElementText(e, this.attrText(e))).join(', ')}]`;
    if (a.kind === 'dictionary') return this.dictText(a.entries);
    return a.toString();
  }

  private dictText(entries: Iterable<readonly [string, Attribute]>): string {
    // printNamedAttributes handles keys; values go through attrText for elision.
    const mapped: [string, Attribute][] = [];
    let needsCustom = false;
    const sorted = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [k, v] of sorted) {
      mapped.push([k, v]);
      if (v.kind === 'dense' || v.kind === 'dense_resource' || v.kind === 'array' || v.kind === 'dictionary') needsCustom = true;
    }
    if (!needsCustom) return printNamedAttributes(mapped);
    const parts = mapped.map(([k, v]) => {
      const key = isBareIdentifier(k) ? k : escapeString(k);
      return v.kind === 'unit' ? key : `${key} = ${this.attrText(v)}`;
    });
    return `{${parts.join(', ')}}`;
  }

  printOptionalAttrDict(attrs: Iterable<readonly [string, Attribute]>, elided: readonly string[] = []): void {
    const kept = [...attrs].filter(([k]) => !elided.includes(k)).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (kept.length) this.out.push(' ', this.dictText(kept));
  }
  printOptionalAttrDictWithKeyword(attrs: Iterable<readonly [string, Attribute]>, elided: readonly string[] = []): void {
    const kept = [...attrs].filter(([k]) => !elided.includes(k)).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (kept.length) this.out.push(' attributes ', this.dictText(kept));
  }

  printRegionArgument(arg: Value, attrs: DictionaryAttr | null = null): void {
    this.out.push(this.nameOf(arg), ': ', arg.type.toString());
    if (attrs && attrs.entries.length) this.out.push(' ', this.dictText(attrs.entries));
    if (this.opts.debugInfo && 'loc' in arg) this.out.push(' ', String((arg as { loc: Attribute }).loc));
  }

  // -------------------------------------------------------------------------
  // Operations, regions, blocks.

  printOperation(op: Operation): void {
    if (!this.namesAssigned) {
      this.namesAssigned = true;
      this.assignNames(op);
    }
    if (op.results.length > 0) {
      const first = this.nameOf(op.results[0]!).replace(/#0$/, '');
      this.out.push(first, op.results.length > 1 ? `:${op.results.length}` : '', ' = ');
    }
    const custom = op.def?.assembly;
    if (custom && !this.opts.generic) {
      this.out.push(this.customName(op));
      custom.print(this, op);
    } else {
      this.printGeneric(op);
    }
    if (this.opts.debugInfo) this.out.push(' ', op.loc.toString());
  }

  /**
   * Custom-form op name, dropping the default dialect's prefix as MLIR does:
   * `builtin.` everywhere, and the enclosing op's dialect (`return` in `func.func`).
   */
  private customName(op: Operation): string {
    if (op.name.startsWith('builtin.')) return op.name.slice(8);
    const parent = op.parentOp;
    const dialect = parent ? parent.name.slice(0, parent.name.indexOf('.') + 1) : '';
    if (dialect && dialect !== 'builtin.' && op.name.startsWith(dialect)) return op.name.slice(dialect.length);
    return op.name;
  }

  private printGeneric(op: Operation): void {
    this.out.push(escapeString(op.name), '(');
    this.printOperands(op.operands);
    this.out.push(')');
    if (op.properties.size) this.out.push(' <', this.dictText(op.properties), '>');
    if (op.regions.length) {
      this.out.push(' (');
      op.regions.forEach((r, i) => {
        if (i) this.out.push(', ');
        this.printRegion(r, { printEntryBlockArgs: true, printEmptyBlock: true });
      });
      this.out.push(')');
    }
    if (op.attributes.size) this.out.push(' ', this.dictText(op.attributes));
    const fn = FunctionType.get(
      op.operands.map((v) => v.type),
      op.results.map((r) => r.type),
    );
    // Generic form always parenthesizes results unless there is exactly one.
    this.out.push(' : ', fn.toString());
  }

  printRegion(region: Region, opts: { printEntryBlockArgs?: boolean; printEmptyBlock?: boolean } = {}): void {
    this.out.push('{');
    this.indent++;
    region.blocks.forEach((block, i) => {
      const showLabel =
        i > 0 || (opts.printEntryBlockArgs !== false && block.args.length > 0) || (opts.printEmptyBlock === true && block.first === null);
      if (showLabel) this.printBlockLabel(block);
      // npuc has no successors, so no block but the entry one has predecessors; MLIR says so.
      if (i > 0) this.out.push('  // no predecessors');
      for (let op = block.first; op; op = op.next) {
        this.newline();
        this.printOperation(op);
      }
    });
    this.indent--;
    this.newline();
    this.out.push('}');
  }

  private printBlockLabel(block: Block): void {
    this.out.push('\n', INDENT.repeat(this.indent - 1), this.blockNames.get(block) ?? '^bb?');
    if (block.args.length) {
      this.out.push('(');
      block.args.forEach((a, i) => {
        if (i) this.out.push(', ');
        this.out.push(this.nameOf(a), ': ', a.type.toString());
        if (this.opts.debugInfo) this.out.push(' ', a.loc.toString());
      });
      this.out.push(')');
    }
    this.out.push(':');
  }

  /** The `{-# dialect_resources: ... #-}` section for the blobs printed so far. */
  resourceSection(): string {
    if (this.resources.size === 0) return '';
    const lines = ['{-#', '  dialect_resources: {', '    builtin: {'];
    const entries = [...this.resources].map((h) => {
      const header = new Uint8Array(4);
      new DataView(header.buffer).setUint32(0, h.alignment, true);
      const key = isBareIdentifier(h.key) ? h.key : escapeString(h.key);
      return `      ${key}: "0x${hexOf(header)}${hexOf(h.data!)}"`;
    });
    lines.push(entries.join(',\n'), '    }', '  }', '#-}');
    return lines.join('\n') + '\n';
  }
}

/** Prints a module (or any op) followed by its resource section. */
export function printOp(op: Operation, opts: PrintOptions = {}): string {
  const p = new Printer(opts);
  p.printOperation(op);
  const body = p.text() + '\n';
  const resources = p.resourceSection();
  return resources ? `${body}\n${resources}` : body;
}
