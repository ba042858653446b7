// A CPU segment in a blob: its `func.func` (tosa) printed as MLIR text inside
// a module, with the data of every large constant moved out of the text into
// raw little-endian byte arrays (the blob's CONSTANT sections). In the text
// such a constant is `dense_resource<npub_K>`; reading the segment back hands
// the parser those bytes as the resources' blobs, so the text never carries a
// `{-# dialect_resources #-}` section and weights are not hex-encoded.

import '../dialects/index.js';
import {
  ArrayAttr,
  DenseElementsAttr,
  DenseResourceAttr,
  DictionaryAttr,
  ResourceHandle,
  elementByteWidth,
  fileLocationOf,
  type Attribute,
} from '../ir/attributes.js';
import { Builder } from '../ir/builder.js';
import { DiagnosticError } from '../ir/diagnostics.js';
import type { Operation } from '../ir/operation.js';
import { Parser } from '../ir/parser.js';
import { printOp } from '../ir/printer.js';
import { verify } from '../ir/verifier.js';
import { BlobFormatError } from './blob-manifest.js';

/** Constants with more elements than this go to resources (unless all their elements are equal: those print as one value). */
export const INLINE_CONSTANT_LIMIT = 16;

export interface PrintedCpuSegment {
  readonly text: string;
  /** `dense_resource` key -> raw little-endian data, in the order the keys appear in the text. */
  readonly resources: Map<string, Uint8Array>;
}

/**
 * Prints CPU segment `fn` (which is left unchanged) as a module holding a
 * copy of it. Throws Error for a constant whose data was elided.
 */
export function printCpuSegment(fn: Operation): PrintedCpuSegment {
  const copy = fn.clone();
  const resources = new Map<string, Uint8Array>();
  const outline = (a: Attribute): Attribute => {
    if (a instanceof DenseElementsAttr) {
      if (a.numElements <= INLINE_CONSTANT_LIMIT || a.allElementsEqual) return a;
      const key = `npub_${resources.size}`;
      resources.set(key, Uint8Array.from(a.raw));
      return new DenseResourceAttr(a.type, new ResourceHandle(key));
    }
    if (a instanceof DenseResourceAttr) {
      // A resource the module already had: its blob moves out of the text too.
      if (!a.handle.data) throw new Error(`constant 'dense_resource<${a.handle.key}>' has no data (elided); it cannot be packed`);
      const key = `npub_${resources.size}`;
      resources.set(key, Uint8Array.from(a.handle.data));
      return new DenseResourceAttr(a.type, new ResourceHandle(key));
    }
    if (a instanceof ArrayAttr) {
      const elements = a.elements.map(outline);
      return elements.some((e, i) => e !== a.elements[i]) ? new ArrayAttr(elements) : a;
    }
    if (a instanceof DictionaryAttr) {
      const entries = a.entries.map(([k, v]) => [k, outline(v)] as const);
      return entries.some(([, v], i) => v !== a.entries[i]![1]) ? new DictionaryAttr(entries) : a;
    }
    return a;
  };
  copy.walk((op) => {
    for (const map of [op.properties, op.attributes]) {
      for (const [k, v] of map) {
        const w = outline(v);
        if (w !== v) map.set(k, w);
      }
    }
  });
  const { module, body } = Builder.module();
  body.append(copy);
  return { text: printOp(module, { debugInfo: true }), resources };
}

/** Every `dense_resource` attribute in `a` (nested in arrays and dictionaries too). */
function resourcesIn(a: Attribute, out: DenseResourceAttr[]): void {
  if (a instanceof DenseResourceAttr) out.push(a);
  else if (a instanceof ArrayAttr) for (const e of a.elements) resourcesIn(e, out);
  else if (a instanceof DictionaryAttr) for (const [, v] of a.entries) resourcesIn(v, out);
}

/**
 * Parses and verifies a CPU segment's text, with `resources` as the data of
 * its `dense_resource` constants; returns its one `func.func`. `where` names
 * the segment in messages (`model.npub: segment 'main_cpu0'`); every problem
 * is a BlobFormatError.
 */
export function parseCpuSegment(text: string, resources: ReadonlyMap<string, Uint8Array>, where: string): Operation {
  try {
    return parseChecked(text, resources, where);
  } catch (e) {
    if (e instanceof BlobFormatError) throw e;
    throw new BlobFormatError(`${where}: program cannot be loaded: ${(e as Error).message}`);
  }
}

function parseChecked(text: string, resources: ReadonlyMap<string, Uint8Array>, where: string): Operation {
  const fail = (msg: string): never => {
    throw new BlobFormatError(`${where}: ${msg}`);
  };
  let module: Operation;
  try {
    const parser = new Parser(text, { file: where });
    for (const [key, data] of resources) parser.resources.set(key, new ResourceHandle(key, data));
    module = parser.parseTopLevel();
  } catch (e) {
    if (e instanceof DiagnosticError) {
      const at = fileLocationOf(e.diagnostic.loc);
      return fail(`program${at ? ` line ${at.line}:${at.col}` : ''}: ${e.diagnostic.message}`);
    }
    return fail(`program cannot be parsed: ${(e as Error).message}`);
  }
  const ops = module.regions[0]?.blocks[0]?.ops ?? [];
  if (ops.length !== 1 || ops[0]!.name !== 'func.func') fail('the program must be a module holding exactly one func.func');
  const fn = ops[0]!;
  const problems = verify(module);
  if (problems.length) {
    const d = problems[0]!;
    const at = fileLocationOf(d.loc);
    fail(`program does not verify${at && at.file === where ? ` (line ${at.line}:${at.col})` : ''}: ${d.message}`);
  }
  fn.walk((op) => {
    const found: DenseResourceAttr[] = [];
    for (const map of [op.properties, op.attributes]) for (const v of map.values()) resourcesIn(v, found);
    for (const r of found) {
      const data = r.handle.data;
      if (!data) fail(`the program uses constant '${r.handle.key}', which the blob does not provide`);
      const need = r.type.shape.reduce((x, y) => x * y, 1) * elementByteWidth(r.type.elementType);
      if (data!.length !== need) fail(`constant '${r.handle.key}' has ${data!.length} bytes, ${r.type} needs ${need}`);
    }
  });
  return fn;
}
