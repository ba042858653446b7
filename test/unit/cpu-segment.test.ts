// CPU segments as blob text (src/codegen/cpu-segment.ts): large constants
// leave the text for raw little-endian resources, the text parses back with
// those resources into a function that evaluates like the original, and
// every problem reading it back is a BlobFormatError naming the segment.

import { describe, expect, it } from 'vitest';
import '../../src/dialects/index.js';
import { DenseElementsAttr, DenseResourceAttr, ResourceHandle } from '../../src/ir/attributes.js';
import type { Operation } from '../../src/ir/operation.js';
import { parseModule } from '../../src/ir/parser.js';
import { Tensor } from '../../src/ir/tensor.js';
import { RankedTensorType, i32 } from '../../src/ir/types.js';
import { BlobFormatError } from '../../src/codegen/blob.js';
import { parseCpuSegment, printCpuSegment } from '../../src/codegen/cpu-segment.js';
import { evalFunction, functionsOf } from './support/interp.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

// A 20-element constant (moved out), a 3-element one and a 20-element splat (both kept in the text).
const SEGMENT = `
func.func private @main_cpu0(%arg0: tensor<1x20xi32>) -> tensor<1x20xi32> attributes {npuc.segment = "cpu", npuc.target = "ethos-u55"} {
  %0 = "tosa.const"() <{values = dense<[[${range(20).map((i) => i * 1000 - 3).join(', ')}]]> : tensor<1x20xi32>}> : () -> tensor<1x20xi32>
  %1 = "tosa.const"() <{values = dense<7> : tensor<1x20xi32>}> : () -> tensor<1x20xi32>
  %2 = "tosa.const"() <{values = dense<[1, 2, 3]> : tensor<3xi32>}> : () -> tensor<3xi32>
  %3 = tosa.add %arg0, %0 : (tensor<1x20xi32>, tensor<1x20xi32>) -> tensor<1x20xi32>
  %4 = tosa.sub %3, %1 : (tensor<1x20xi32>, tensor<1x20xi32>) -> tensor<1x20xi32>
  return %4 : tensor<1x20xi32>
}`;

function segment(text = SEGMENT): Operation {
  return functionsOf(parseModule(text, { file: 'seg.mlir' })).get('main_cpu0')!;
}

/** Little-endian bytes of int32 values, computed with DataView independently of the code under test. */
function int32Bytes(values: readonly number[]): number[] {
  const dv = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => dv.setInt32(i * 4, v, true));
  return Array.from(new Uint8Array(dv.buffer));
}

describe('printCpuSegment', () => {
  it('moves constants of more than 16 elements to resources', () => {
    const { text, resources } = printCpuSegment(segment());
    expect([...resources.keys()]).toEqual(['npub_0']);
    expect(Array.from(resources.get('npub_0')!)).toEqual(int32Bytes(range(20).map((i) => i * 1000 - 3)));
    expect(text).toContain('dense_resource<npub_0> : tensor<1x20xi32>');
    expect(text).toContain('dense<7> : tensor<1x20xi32>');
    expect(text).toContain('dense<[1, 2, 3]> : tensor<3xi32>');
    expect(text).not.toContain('dialect_resources');
    expect(text).not.toContain('18997'); // the last element's value, which must not be in the text
    expect(text.startsWith('module {')).toBe(true);
  });

  it('leaves the function it prints unchanged', () => {
    const fn = segment();
    printCpuSegment(fn);
    const c = fn.regions[0]!.blocks[0]!.first!;
    expect(c.attr('values')).toBeInstanceOf(DenseElementsAttr);
  });

  it('moves an existing dense_resource blob out of the text too, and refuses an elided one', () => {
    const fn = segment();
    const c = fn.regions[0]!.blocks[0]!.first!;
    const type = RankedTensorType.get([1, 20], i32);
    const data = Uint8Array.from(int32Bytes(range(20)));
    c.setAttr('values', new DenseResourceAttr(type, new ResourceHandle('weights', data)));
    const { text, resources } = printCpuSegment(fn);
    expect(text).not.toContain('weights');
    expect(text).not.toContain('dialect_resources');
    expect(Array.from(resources.get('npub_0')!)).toEqual(Array.from(data));
    c.setAttr('values', new DenseResourceAttr(type, new ResourceHandle('__elided__')));
    expect(() => printCpuSegment(fn)).toThrow("constant 'dense_resource<__elided__>' has no data");
  });

  it('prints locations, so errors can name the model node', () => {
    const fn = segment();
    expect(printCpuSegment(fn).text).toContain('loc("seg.mlir":6:8)');
  });
});

describe('parseCpuSegment', () => {
  it('reads the text back into a function that evaluates like the original', () => {
    const fn = segment();
    const { text, resources } = printCpuSegment(fn);
    const back = parseCpuSegment(text, resources, 'blob: segment main_cpu0');
    expect(back.name).toBe('func.func');
    const x = new Tensor([1, 20], i32, Int32Array.from(range(20).map((i) => -5 * i)));
    const [got] = evalFunction(back, [x]) as Tensor[];
    // x + (1000 i - 3) - 7 = 995 i - 10, by hand.
    expect(Array.from(got!.data as Int32Array)).toEqual(range(20).map((i) => 995 * i - 10));
    const [want] = evalFunction(fn, [x]) as Tensor[];
    expect(Array.from(got!.data as Int32Array)).toEqual(Array.from(want!.data as Int32Array));
  });

  it('is stable: printing the parsed function gives the same text', () => {
    const first = printCpuSegment(segment());
    const second = printCpuSegment(parseCpuSegment(first.text, first.resources, 'seg'));
    expect(second.text).toBe(first.text);
    expect([...second.resources]).toEqual([...first.resources]);
  });

  const where = "x.npub: CPU segment 'main_cpu0'";
  const errorOf = (f: () => unknown): BlobFormatError => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(BlobFormatError);
      return e as BlobFormatError;
    }
    throw new Error('expected an error');
  };

  it('reports a missing resource', () => {
    const { text } = printCpuSegment(segment());
    expect(errorOf(() => parseCpuSegment(text, new Map(), where)).message).toBe(
      `${where}: the program uses constant 'npub_0', which the blob does not provide`,
    );
  });

  it('reports a resource of the wrong size', () => {
    const { text } = printCpuSegment(segment());
    expect(errorOf(() => parseCpuSegment(text, new Map([['npub_0', new Uint8Array(79)]]), where)).message).toBe(
      `${where}: constant 'npub_0' has 79 bytes, tensor<1x20xi32> needs 80`,
    );
  });

  it('reports a syntax error with its line', () => {
    const message = errorOf(() => parseCpuSegment('module {\n  func.func @f( {\n}', new Map(), where)).message;
    expect(message.startsWith(`${where}: program line 2:`)).toBe(true);
  });

  it('reports text that is not one function', () => {
    expect(errorOf(() => parseCpuSegment('module {\n}\n', new Map(), where)).message).toBe(`${where}: the program must be a module holding exactly one func.func`);
  });

  it('reports a program that does not verify', () => {
    const text = 'func.func @f(%a: tensor<2xi32>) -> tensor<3xi32> {\n  return %a : tensor<2xi32>\n}\n';
    expect(errorOf(() => parseCpuSegment(text, new Map(), where)).message).toMatch(new RegExp(`^${where.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: program does not verify`));
  });

  it('reports a resource section that repeats a key the blob provides', () => {
    const { text, resources } = printCpuSegment(segment());
    const withSection = `${text}\n{-#\n  dialect_resources: {\n    builtin: {\n      npub_0: "0x04000000${'00'.repeat(80)}"\n    }\n  }\n#-}\n`;
    expect(errorOf(() => parseCpuSegment(withSection, resources, where)).message).toMatch(/duplicate resource key 'npub_0'/);
  });
});
