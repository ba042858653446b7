// Property: random IR round-trips through text. Modules built with the
// Builder (random signatures, integer/float/tensor/quant types, attributes
// including dense elements, nested dictionaries and strings with odd
// characters, unregistered ops with regions and several results) print,
// parse and print again to the same text, in pretty and generic form and with
// locations; the generic and pretty forms describe the same module.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAttribute, parseModule, parseType, printOp, verify, type Operation, type PrintOptions } from '../../src/index.js';
import { attrArb, buildModule, modulePlanArb, typeArb } from './support/random-ir.js';

const runs = Number(process.env.NPUC_PROPERTY_RUNS ?? 300);

function reparse(text: string): Operation {
  return parseModule(text, { file: 'roundtrip.mlir' });
}

describe('random IR round-trips through text', () => {
  it('types print and parse back to the same (interned) type', () => {
    fc.assert(
      fc.property(typeArb, (t) => {
        expect(parseType(t.toString())).toBe(t);
      }),
      { numRuns: runs * 3 },
    );
  });

  it('attributes print and parse back to the same text', () => {
    fc.assert(
      fc.property(attrArb, (a) => {
        const text = a.toString();
        expect(parseAttribute(text).toString()).toBe(text);
      }),
      { numRuns: runs * 3 },
    );
  });

  it('modules: print, parse, print is the identity, in every form', () => {
    fc.assert(
      fc.property(modulePlanArb, (plans) => {
        const module = buildModule(plans);
        expect(verify(module, { allowUnregistered: true }).map((d) => d.message)).toEqual([]);
        const forms: PrintOptions[] = [{}, { generic: true }, { debugInfo: true }, { generic: true, debugInfo: true }];
        for (const opts of forms) {
          const text = printOp(module, opts);
          const again = reparse(text);
          expect(verify(again, { allowUnregistered: true }).map((d) => d.message)).toEqual([]);
          expect(printOp(again, opts), JSON.stringify(opts)).toBe(text);
        }
        // Generic and pretty text describe the same module.
        const pretty = printOp(module);
        const generic = printOp(module, { generic: true });
        expect(printOp(reparse(generic))).toBe(pretty);
        expect(printOp(reparse(pretty), { generic: true })).toBe(generic);
        // Locations survive a round trip through the generic form too.
        const located = printOp(module, { debugInfo: true });
        expect(printOp(reparse(printOp(module, { generic: true, debugInfo: true })), { debugInfo: true })).toBe(located);
      }),
      { numRuns: runs },
    );
  });
});
