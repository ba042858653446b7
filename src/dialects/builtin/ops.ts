// The `builtin` dialect: the module that holds everything else.

import { StringAttr } from '../../ir/attributes.js';
import { stringAttr } from '../../ir/constraints.js';
import type { DialectDef, OpDef } from '../../ir/op-def.js';
import { Block, Region } from '../../ir/operation.js';

export const moduleOp: OpDef = {
  name: 'builtin.module',
  summary: 'A top-level container of operations with an optional symbol name',
  operands: [],
  results: [],
  attributes: [
    { name: 'sym_name', constraint: stringAttr, optional: true },
    { name: 'sym_visibility', constraint: stringAttr, optional: true },
  ],
  regions: 1,
  traits: ['IsolatedFromAbove', 'SymbolTable', 'NoTerminator', 'SingleBlock'],
  verify: (op) => (op.regions[0]!.blocks[0]?.args.length ? 'expects its body block to have no arguments' : null),
  assembly: {
    // module @name attributes {...} { ... }
    parse(p, state) {
      const name = p.parseOptionalSymbolName();
      if (name !== null) state.properties.set('sym_name', new StringAttr(name));
      p.parseOptionalAttrDictWithKeyword(state.attributes);
      const region = new Region();
      p.parseRegion(region, [], true);
      if (region.isEmpty) region.addBlock(new Block());
      state.regions.push(region);
    },
    print(p, op) {
      const name = op.properties.get('sym_name');
      if (name instanceof StringAttr) {
        p.print(' ');
        p.printSymbolName(name.value);
      }
      p.printOptionalAttrDictWithKeyword([...op.properties, ...op.attributes], ['sym_name']);
      p.print(' ');
      p.printRegion(op.regions[0]!, { printEntryBlockArgs: false });
    },
  },
};

export const builtinDialect: DialectDef = {
  name: 'builtin',
  summary: 'Structure shared by every dialect',
  ops: [moduleOp],
};
