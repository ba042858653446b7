// A builder API for constructing IR in code: an insertion point plus helpers
// for the structural ops every module has.

import { ArrayAttr, DictionaryAttr, StringAttr, TypeAttr, UnknownLoc, type Attribute, type Location } from './attributes.js';
import { Block, Operation, type OperationInit, type Value } from './operation.js';
import { FunctionType, type Type } from './types.js';

export class Builder {
  private block: Block | null = null;
  private before: Operation | null = null;
  /** Location given to ops created without one. */
  loc: Location = UnknownLoc.instance;

  static atEnd(block: Block): Builder {
    const b = new Builder();
    b.setInsertionPointToEnd(block);
    return b;
  }

  setInsertionPointToEnd(block: Block): void {
    this.block = block;
    this.before = null;
  }
  setInsertionPointBefore(op: Operation): void {
    this.block = op.parent;
    this.before = op;
  }

  /** Creates an op and inserts it at the insertion point (if any). */
  create(init: OperationInit): Operation {
    const op = new Operation({ loc: this.loc, ...init });
    this.block?.insertBefore(op, this.before);
    return op;
  }

  /** Creates a one-result op and returns its result. */
  value(name: string, operands: readonly Value[], resultType: Type, attrs: Record<string, Attribute> = {}): Value {
    return this.create({ name, operands, resultTypes: [resultType], attributes: Object.entries(attrs) }).result(0);
  }

  /** An empty `builtin.module` with its body block. */
  static module(loc: Location = UnknownLoc.instance): { module: Operation; body: Block } {
    const module = new Operation({ name: 'builtin.module', regions: 1, loc });
    return { module, body: module.regions[0]!.addBlock() };
  }

  /** A `func.func` with an entry block whose arguments match `inputs`; moves the insertion point into it. */
  func(
    name: string,
    inputs: readonly Type[],
    results: readonly Type[],
    opts: { argAttrs?: readonly DictionaryAttr[]; visibility?: 'private' | 'public' } = {},
  ): { op: Operation; body: Block; args: Value[] } {
    const props: [string, Attribute][] = [
      ['sym_name', new StringAttr(name)],
      ['function_type', new TypeAttr(FunctionType.get(inputs, results))],
    ];
    if (opts.argAttrs && opts.argAttrs.length !== inputs.length) {
      throw new RangeError(`func '${name}' has ${inputs.length} arguments but ${opts.argAttrs.length} argument attribute dictionaries`);
    }
    // As MLIR's setAllArgAttrDicts: all-empty dictionaries are no arg_attrs at all
    // (the pretty form cannot tell them apart).
    if (opts.argAttrs?.some((d) => d.entries.length > 0)) props.push(['arg_attrs', new ArrayAttr(opts.argAttrs)]);
    if (opts.visibility === 'private') props.push(['sym_visibility', new StringAttr('private')]);
    const op = this.create({ name: 'func.func', properties: props, regions: 1 });
    const body = op.regions[0]!.addBlock(new Block(inputs));
    this.setInsertionPointToEnd(body);
    return { op, body, args: body.args };
  }

  /** `func.return %values`. */
  return(values: readonly Value[]): Operation {
    return this.create({ name: 'func.return', operands: values });
  }
}
