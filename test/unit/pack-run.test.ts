// The verification chain's second link, for the blob bookkeeping: packing a
// partitioned, lowered module (src/codegen/pack.ts), reading the blob back
// (src/codegen/blob.ts) and running it (src/runtime/run-blob.ts) gives
// bit-identical outputs to evaluating the lowered module directly. NPU
// segments run on the nir test backend (test/support/nir-test-backend.ts),
// which executes the segment's own nir: what is tested here is the tensor
// table, the bindings, region contents and the data flow between NPU and CPU
// segments, not a target's encoder. Also: pack's errors, the blob's tables
// for a small module, and the runtime's input checks.

import { describe, expect, it } from 'vitest';
import { bitsOf } from './support/tensor-bits.js';
import '../../src/dialects/index.js';
import '../../src/passes/index.js';
import { EMIT_PIPELINES, runPipeline } from '../../src/driver/pipelines.js';
import { importOnnxModel } from '../../src/frontends/onnx/import.js';
import type { DenseArrayAttr, IntegerAttr } from '../../src/ir/attributes.js';
import { parseModule } from '../../src/ir/parser.js';
import type { Operation } from '../../src/ir/operation.js';
import { Tensor } from '../../src/ir/tensor.js';
import { IntegerType, QuantUniformType, f32, i8 } from '../../src/ir/types.js';
import { lowerModuleToNir } from '../../src/codegen/lower-to-nir.js';
import { readBlob, writeBlob, type BindingInit, type ManifestInit, type SectionInit, type TensorInit } from '../../src/codegen/blob.js';
import { BackendError, type TargetBackend } from '../../src/codegen/backend.js';
import type { LoadedBlob } from '../../src/codegen/blob-types.js';
import { PackError, packModule } from '../../src/codegen/pack.js';
import { RuntimeError, runBlob } from '../../src/runtime/run-blob.js';
import { knownTargets, lookupTarget } from '../../src/targets/registry.js';
import { targetPipeline } from '../../src/targets/pipeline.js';
import { evalFunction, functionsOf } from './support/interp.js';
import { nirTestBackend, TEST_REGION_INDEX } from '../support/nir-test-backend.js';
import { expectsNpuWork, mobilenetCase, zooCases } from '../support/zoo-cases.js';

const PACK_OPTS = { compiler: 'npuc test', options: { target: 'x', 'b-option': '2', 'a-option': '1' } };

/** Runs the target's pipeline, partition and lower-to-nir on a tosa-level module. */
function lower(module: Operation, target: string): Operation {
  runPipeline(module, targetPipeline(lookupTarget(target)!));
  runPipeline(module, `partition{target=${target}}`);
  lowerModuleToNir(module);
  return module;
}

function packAndLoad(module: Operation, target: string) {
  const bytes = packModule(module, nirTestBackend(target), PACK_OPTS);
  return { bytes, blob: readBlob(bytes, 'test.npub') };
}

const run = (blob: ReturnType<typeof readBlob>, inputs: Map<string, Tensor>) => runBlob(blob, inputs, { backend: nirTestBackend });

describe('runBlob(readBlob(packModule(m))) == eval(m)', () => {
  // NPU and CPU segments alternate in these (pooling, classifier_head and
  // matmul_mlp have two or three NPU segments); MobileNet (slow on the
  // evaluator) runs for one target.
  const picked = new Set(['conv_stack qdq u8 per-channel', 'residual_add qoperator i8 per-tensor 7-bit', 'pooling qdq u8 per-channel', 'classifier_head qoperator i8 per-tensor 7-bit', 'matmul_mlp qdq u8 per-channel']);
  const models = zooCases(['qdq u8 per-channel', 'qoperator i8 per-tensor 7-bit']).filter((c) => picked.has(c.name));
  for (const caps of knownTargets()) {
    describe(caps.name, () => {
      for (const m of caps.name === 'ethos-u55' ? [...models, mobilenetCase] : models) {
        it(m.name, () => {
          const model = m.build();
          const module = importOnnxModel(model.bytes, { fileName: `${model.name}.onnx` });
          runPipeline(module, EMIT_PIPELINES.tosa);
          lower(module, caps.name);
          const input = model.makeInputs(3)[0]!;
          const x = new Tensor(input.shape, f32, Float32Array.from(input.data));
          const want = evalFunction(functionsOf(module).get('main')!, [x]) as Tensor[];

          const { blob } = packAndLoad(module, caps.name);
          expect(blob.segments.some((s) => s.kind === 'npu')).toBe(expectsNpuWork(m.model, caps));
          expect(blob.inputs.map((i) => blob.tensors[i]!.name)).toEqual([input.name]);
          const got = run(blob, new Map([[input.name, x]]));
          const outs = blob.outputs.map((i) => got.get(blob.tensors[i]!.name)!);
          expect(outs.map((t) => t.shape)).toEqual(want.map((t) => t.shape));
          expect(outs.map(bitsOf)).toEqual(want.map(bitsOf));
        });
      }
    });
  }
});

// The example model: a CPU transpose in, one NPU convolution, a CPU transpose out.
const EXAMPLE = `
func.func @main(%x: tensor<1x2x4x4xi8> {onnx.name = "x"}) -> (tensor<1x2x4x4xi8> {onnx.name = "y"}) {
  %t = tosa.transpose %x {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x2x4x4xi8>) -> tensor<1x4x4x2xi8>
  %w = "tosa.const"() <{values = dense<[[[[1, 2]]], [[[-1, 3]]]]> : tensor<2x1x1x2xi8>}> : () -> tensor<2x1x1x2xi8>
  %b = "tosa.const"() <{values = dense<[5, -7]> : tensor<2xi32>}> : () -> tensor<2xi32>
  %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %c = tosa.conv2d %t, %w, %b, %zp, %zp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x2xi32>
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<2xi32>}> : () -> tensor<2xi32>
  %s = "tosa.const"() <{values = dense<31> : tensor<2xi8>}> : () -> tensor<2xi8>
  %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %r = tosa.rescale %c, %m, %s, %z32, %zp {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x4x4x2xi32>, tensor<2xi32>, tensor<2xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x4x4x2xi8>
  %back = tosa.transpose %r {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x4x4x2xi8>) -> tensor<1x2x4x4xi8>
  return %back : tensor<1x2x4x4xi8>
}`;

function exampleModule(target = 'ethos-u55'): Operation {
  return lower(parseModule(EXAMPLE, { file: 'example.mlir' }), target);
}

const exampleInput = (): Tensor => new Tensor([1, 2, 4, 4], i8, Int8Array.from({ length: 32 }, (_, i) => (i * 37) % 256 - 128));

describe('the blob of a small module', () => {
  it('has the tensor table, segments and bindings the module implies', () => {
    const module = exampleModule();
    const names = [...functionsOf(module).keys()];
    expect(names).toEqual(['main', 'main_cpu0', 'main_npu1', 'main_cpu2']);
    const { blob } = packAndLoad(module, 'ethos-u55');
    expect(blob.target).toBe('ethos-u55');
    expect(blob.compiler).toBe('npuc test');
    expect([...blob.options]).toEqual([['a-option', '1'], ['b-option', '2'], ['target', 'x']]);
    expect(blob.tensors.map((t) => [t.name, t.dtype, t.shape])).toEqual([
      ['x', 'i8', [1, 2, 4, 4]],
      ['main_cpu0.0', 'i8', [1, 4, 4, 2]],
      ['main_npu1.0', 'i8', [1, 4, 4, 2]],
      ['y', 'i8', [1, 2, 4, 4]],
    ]);
    expect(blob.inputs).toEqual([0]);
    expect(blob.outputs).toEqual([3]);
    expect(blob.segments.map((s) => [s.name, s.kind])).toEqual([
      ['main_cpu0', 'cpu'],
      ['main_npu1', 'npu'],
      ['main_cpu2', 'cpu'],
    ]);
    const npu = blob.segments[1]!;
    if (npu.kind !== 'npu') throw new Error('expected an NPU segment');
    // The io region holds the segment's input and output (see the nir of the module).
    const nir = functionsOf(module).get('main_npu1')!;
    const ioViews: { offset: number; strides: number[] }[] = [];
    nir.walk((op) => {
      if (op.name !== 'nir.input' && op.name !== 'nir.output') return;
      const view = op.operand(op.name === 'nir.input' ? 1 : 0).definingOp!;
      const buffer = view.operand(0).definingOp!;
      const off = Number((buffer.attr('offset') as IntegerAttr).value) + Number((view.attr('offset') as IntegerAttr).value);
      ioViews.push({ offset: off, strides: [...(view.attr('strides') as DenseArrayAttr).values] });
    });
    expect(npu.inputs).toEqual([{ tensor: 1, region: TEST_REGION_INDEX.io, offset: ioViews[0]!.offset, layout: 'NHWC', strides: ioViews[0]!.strides }]);
    expect(npu.outputs).toEqual([{ tensor: 2, region: TEST_REGION_INDEX.io, offset: ioViews[1]!.offset, layout: 'NHWC', strides: ioViews[1]!.strides }]);
    expect(blob.tensors[1]!.placement).toEqual({ region: TEST_REGION_INDEX.io, offset: ioViews[0]!.offset });
    expect(blob.tensors[0]!.placement).toBeNull();
    // Coefficients: weights [1, 2, -1, 3] (i8) then the bias [5, -7] (i32), as the constants place them.
    const coef = npu.regions.find((r) => r.kind === 'coefficients')!;
    expect(coef.index).toBe(TEST_REGION_INDEX.coefficients);
    expect(coef.contents).not.toBeNull();
    expect(Array.from(new Int8Array(coef.contents!.buffer, coef.contents!.byteOffset, 4))).toEqual([1, 2, -1, 3]);
    const bias = new DataView(coef.contents!.buffer, coef.contents!.byteOffset + coef.contents!.length - 8, 8);
    expect([bias.getInt32(0, true), bias.getInt32(4, true)]).toEqual([5, -7]);
    expect(npu.regions.find((r) => r.kind === 'io')!.contents).toBeNull();
    expect(npu.locations).toEqual(['loc("example.mlir":7:8)']);
  });

  it('runs bit-exactly like the lowered module, on every target', () => {
    for (const target of ['ethos-u55', 'vipnano', 'rknpu']) {
      const module = exampleModule(target);
      const main = functionsOf(module).get('main')!;
      // vipnano's pipeline makes the model unsigned: its input is ui8 (the same bits + 128).
      const et = main.regions[0]!.blocks[0]!.args[0]!.type.toString().includes('ui8') ? IntegerType.get(8, 'unsigned') : i8;
      const x = et === i8 ? exampleInput() : new Tensor([1, 2, 4, 4], et, Uint8Array.from(exampleInput().data as Int8Array, (v) => v + 128));
      const [want] = evalFunction(functionsOf(module).get('main')!, [x]) as Tensor[];
      const got = run(packAndLoad(module, target).blob, new Map([['x', x]])).get('y')!;
      expect(got.shape).toEqual([1, 2, 4, 4]);
      expect(Array.from(got.data as Int8Array)).toEqual(Array.from(want!.data as Int8Array));
    }
  });

  it('packs the same module into identical bytes twice', () => {
    const a = packModule(exampleModule(), nirTestBackend('ethos-u55'), PACK_OPTS);
    const b = packModule(exampleModule(), nirTestBackend('ethos-u55'), { compiler: 'npuc test', options: { 'a-option': '1', target: 'x', 'b-option': '2' } });
    expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
  });

  it('names a returned input and a twice-returned value once', () => {
    const module = parseModule(`
      func.func @main(%x: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>, tensor<4xi8>) {
        %y = tosa.clamp %x {max_val = 100 : i8, min_val = -100 : i8} : (tensor<4xi8>) -> tensor<4xi8>
        return %y, %x, %y : tensor<4xi8>, tensor<4xi8>, tensor<4xi8>
      }`);
    runPipeline(module, 'partition{target=ethos-u55}');
    lowerModuleToNir(module);
    const { blob } = packAndLoad(module, 'ethos-u55');
    expect(blob.tensors.map((t) => t.name)).toEqual(['arg0', 'result0']);
    expect(blob.outputs).toEqual([1, 0, 1]);
    const got = run(blob, new Map([['arg0', new Tensor([4], i8, Int8Array.from([-3, 5, -128, 0]))]]));
    expect(blob.segments.map((seg) => seg.kind)).toEqual(['npu']);
    expect(Array.from(got.get('result0')!.data as Int8Array)).toEqual([-3, 5, -100, 0]);
    expect(Array.from(got.get('arg0')!.data as Int8Array)).toEqual([-3, 5, -128, 0]);
  });
  it('names an intermediate that @main also returns after the output', () => {
    const module = parseModule(`
      func.func @main(%x: tensor<1x2x3x4xi8>) -> (tensor<1x3x2x4xi8>, tensor<1x2x3x4xi8>) {
        %y = tosa.clamp %x {max_val = 100 : i8, min_val = -100 : i8} : (tensor<1x2x3x4xi8>) -> tensor<1x2x3x4xi8>
        %z = tosa.transpose %y {perms = array<i32: 0, 2, 1, 3>} : (tensor<1x2x3x4xi8>) -> tensor<1x3x2x4xi8>
        return %z, %y : tensor<1x3x2x4xi8>, tensor<1x2x3x4xi8>
      }`);
    runPipeline(module, 'partition{target=ethos-u55}');
    lowerModuleToNir(module);
    const { blob } = packAndLoad(module, 'ethos-u55');
    expect(blob.segments.map((seg) => [seg.name, seg.kind])).toEqual([['main_npu0', 'npu'], ['main_cpu1', 'cpu']]);
    // %y is made first (by the NPU segment), so it is tensor 1, named as result 1.
    expect(blob.tensors.map((t) => t.name)).toEqual(['arg0', 'result1', 'result0']);
    expect(blob.outputs).toEqual([2, 1]);
    expect(blob.segments[1]!.inputs.map((b) => b.tensor)).toEqual([1]);
  });
});

describe('pack errors', () => {
  it('rejects an op in @main other than calls', () => {
    const module = parseModule(`
      func.func @main(%x: tensor<4xi8>) -> tensor<4xi8> {
        %y = tosa.clamp %x {max_val = 100 : i8, min_val = -100 : i8} : (tensor<4xi8>) -> tensor<4xi8>
        return %y : tensor<4xi8>
      }`);
    expect(() => packModule(module, nirTestBackend('ethos-u55'), PACK_OPTS)).toThrow(PackError);
    expect(() => packModule(module, nirTestBackend('ethos-u55'), PACK_OPTS)).toThrow(/@main holds 'tosa\.clamp'/);
  });

  it('rejects a module without @main', () => {
    const module = parseModule('func.func @f() { return }');
    expect(() => packModule(module, nirTestBackend('ethos-u55'), PACK_OPTS)).toThrow(/no @main/);
  });

  it('rejects a call of a function that is not a segment', () => {
    const module = parseModule(`
      func.func @main(%x: tensor<4xi8>) -> tensor<4xi8> {
        %y = call @g(%x) : (tensor<4xi8>) -> tensor<4xi8>
        return %y : tensor<4xi8>
      }
      func.func private @g(%x: tensor<4xi8>) -> tensor<4xi8> { return %x : tensor<4xi8> }`);
    expect(() => packModule(module, nirTestBackend('ethos-u55'), PACK_OPTS)).toThrow(/@g, which is not a segment function/);
  });

  it('rejects NPU segments partitioned for another target', () => {
    expect(() => packModule(exampleModule('ethos-u55'), nirTestBackend('rknpu'), PACK_OPTS)).toThrow(/partitioned for target 'ethos-u55', not 'rknpu'/);
  });

  it('rejects an NPU segment that is still tosa', () => {
    const module = parseModule(EXAMPLE);
    runPipeline(module, 'partition{target=ethos-u55}');
    expect(() => packModule(module, nirTestBackend('ethos-u55'), PACK_OPTS)).toThrow(/is not read by 'nir\.output'/);
  });

  it('rejects a target name longer than the header holds', () => {
    expect(() => packModule(exampleModule(), nirTestBackend('a-very-long-target-name'), PACK_OPTS)).toThrow(PackError);
  });
});

describe('runtime errors', () => {
  const blob = readBlob(packModule(exampleModule(), nirTestBackend('ethos-u55'), PACK_OPTS), 'test.npub');

  it('reports a missing input', () => {
    expect(() => run(blob, new Map())).toThrow(RuntimeError);
    expect(() => run(blob, new Map())).toThrow("missing input: 'x' (i8 [1, 2, 4, 4])");
  });

  it('reports an unknown input name', () => {
    const inputs = new Map([['x', exampleInput()], ['z', exampleInput()]]);
    expect(() => run(blob, inputs)).toThrow("the blob has no input 'z' (inputs: 'x' (i8 [1, 2, 4, 4]))");
  });

  it('reports a wrong shape', () => {
    const t = new Tensor([1, 4, 4, 2], i8, new Int8Array(32));
    expect(() => run(blob, new Map([['x', t]]))).toThrow("input 'x' has shape [1, 4, 4, 2], expected [1, 2, 4, 4] (i8)");
  });

  it('reports a wrong dtype', () => {
    const t = new Tensor([1, 2, 4, 4], IntegerType.get(8, 'unsigned'), new Uint8Array(32));
    expect(() => run(blob, new Map([['x', t]]))).toThrow("input 'x' has element type ui8, expected i8 (shape [1, 2, 4, 4])");
  });

  it('accepts a quantized tensor stored as the dtype', () => {
    const q = QuantUniformType.get({ storageType: i8, expressedType: f32, scales: [0.5], zeroPoints: [0n] });
    const x = exampleInput();
    const got = run(blob, new Map([['x', new Tensor(x.shape, q, x.data)]]));
    expect(got.get('y')!.elementType).toBe(i8);
  });

  it('reports a target without a backend', () => {
    expect(() => runBlob(blob, new Map([['x', exampleInput()]]), { backend: () => undefined })).toThrow("target 'ethos-u55' has no backend");
  });
});

// Layouts, by hand: a blob whose NPU segment does nothing, with each input
// bound in some layout and an output of raw bytes bound over the same region.
// What the runtime wrote is then visible byte for byte.
describe('runtime bindings', () => {
  const noop: TargetBackend = { ...nirTestBackend('noop'), execute: () => undefined };

  function identityBlob(input: TensorInit, binding: Omit<BindingInit, 'tensor'>, regionSize: number): LoadedBlob {
    const manifest: ManifestInit = {
      compiler: 'hand',
      target: 'noop',
      options: [],
      tensors: [input, { name: 'bytes', dtype: 'ui8', shape: [regionSize], quantization: null, placement: null }],
      segments: [
        {
          name: 'npu0',
          kind: 'npu',
          inputs: [{ tensor: 0, ...binding }],
          outputs: [{ tensor: 1, region: 1, offset: 0, layout: 'NHWC', strides: [1] }],
          regions: [{ index: 1, kind: 'io', size: regionSize, section: null }],
          commandStream: 0,
        },
      ],
      inputs: [0],
      outputs: [1],
      locations: [],
    };
    return readBlob(writeBlob(manifest, [{ name: 'cs', kind: 'COMMAND_STREAM', bytes: new Uint8Array(4) }]), 'hand.npub');
  }

  const rawBytes = (blob: LoadedBlob, x: Tensor): number[] => Array.from(runBlob(blob, new Map([['x', x]]), { backend: () => noop }).get('bytes')!.data as Uint8Array);
  const counting = (shape: number[]): Tensor => new Tensor(shape, i8, Int8Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i));
  const x = (shape: number[]): TensorInit => ({ name: 'x', dtype: 'i8', shape, quantization: null, placement: null });

  // [1, 1, 2, 20] in NHCWB16: element (w, c) at ((c/16)*W + w)*16 + c%16, W = 2.
  // Bytes 0..15: w=0, c=0..15 (values 0..15); 16..31: w=1, c=0..15 (20..35);
  // 32..35: w=0, c=16..19 (16..19), then 12 unused; 48..51: w=1, c=16..19 (36..39).
  const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);
  const bricked = [...range(0, 16), ...range(20, 36), ...range(16, 20), ...new Array(12).fill(0), ...range(36, 40), ...new Array(12).fill(0)];

  it('writes NHCWB16 bricks', () => {
    expect(rawBytes(identityBlob(x([1, 1, 2, 20]), { region: 1, offset: 0, layout: 'NHCWB16' }, 64), counting([1, 1, 2, 20]))).toEqual(bricked);
  });

  it('writes NC1HWC2 bricks', () => {
    // [1, 2, 1, 20]: element (h, c) at ((c/16)*H + h)*16 + c%16, H = 2: the same bytes with h for w.
    expect(rawBytes(identityBlob(x([1, 2, 1, 20]), { region: 1, offset: 0, layout: 'NC1HWC2' }, 64), counting([1, 2, 1, 20]))).toEqual(bricked);
  });

  it('writes strided NHWC at an offset', () => {
    // [2, 2] with strides [3, 1] at byte 2: elements at 2+0, 2+1, 2+3, 2+4.
    expect(rawBytes(identityBlob(x([2, 2]), { region: 1, offset: 2, layout: 'NHWC', strides: [3, 1] }, 8), counting([2, 2]))).toEqual([0, 0, 0, 1, 0, 2, 3, 0]);
  });

  it('writes i16 little-endian', () => {
    const t: TensorInit = { name: 'x', dtype: 'i16', shape: [2, 2], quantization: null, placement: null };
    const blob = identityBlob(t, { region: 1, offset: 0, layout: 'NHWC', strides: [4, 1] }, 12);
    const v = new Tensor([2, 2], IntegerType.get(16), Int16Array.from([0x0102, -2, 0x7fff, -32768]));
    // Element indices 0, 1, 4, 5 at 2 bytes each: bytes 0, 2, 8, 10.
    expect(rawBytes(blob, v)).toEqual([0x02, 0x01, 0xfe, 0xff, 0, 0, 0, 0, 0xff, 0x7f, 0x00, 0x80]);
  });

  it('writes i48 sign-extended to 8 bytes', () => {
    const t: TensorInit = { name: 'x', dtype: 'i48', shape: [1], quantization: null, placement: null };
    const blob = identityBlob(t, { region: 1, offset: 0, layout: 'NHWC', strides: [1] }, 8);
    // -2^40 as a 64-bit two's complement number is 0xFFFFFF0000000000.
    expect(rawBytes(blob, new Tensor([1], IntegerType.get(48), Float64Array.from([-(2 ** 40)])))).toEqual([0, 0, 0, 0, 0, 0xff, 0xff, 0xff]);
  });

  it('reads outputs back in their layout', () => {
    // The inverse direction: the output is bricked, the input raw bytes.
    const manifest: ManifestInit = {
      compiler: 'hand',
      target: 'noop',
      options: [],
      tensors: [
        { name: 'x', dtype: 'ui8', shape: [64], quantization: null, placement: null },
        { name: 'y', dtype: 'i8', shape: [1, 1, 2, 20], quantization: null, placement: null },
      ],
      segments: [
        {
          name: 'npu0',
          kind: 'npu',
          inputs: [{ tensor: 0, region: 1, offset: 0, layout: 'NHWC', strides: [1] }],
          outputs: [{ tensor: 1, region: 1, offset: 0, layout: 'NHCWB16' }],
          regions: [{ index: 1, kind: 'io', size: 64, section: null }],
          commandStream: 0,
        },
      ],
      inputs: [0],
      outputs: [1],
      locations: [],
    };
    const blob = readBlob(writeBlob(manifest, [{ name: 'cs', kind: 'COMMAND_STREAM', bytes: new Uint8Array(4) }]), 'hand.npub');
    const y = runBlob(blob, new Map([['x', new Tensor([64], IntegerType.get(8, 'unsigned'), Uint8Array.from(bricked))]]), { backend: () => noop }).get('y')!;
    expect(Array.from(y.data as Int8Array)).toEqual(range(0, 40));
  });

  it('starts each run from the region contents, not from the previous run', () => {
    const blob = identityBlob(x([2]), { region: 1, offset: 0, layout: 'NHWC', strides: [1] }, 4);
    expect(rawBytes(blob, counting([2]))).toEqual([0, 1, 0, 0]);
    expect(rawBytes(blob, new Tensor([2], i8, Int8Array.from([7, 8])))).toEqual([7, 8, 0, 0]);
  });

  it('never writes into the blob, even when it was read from a Buffer', () => {
    // The executor scribbles over the coefficients region and copies its first byte to the output.
    const manifest: ManifestInit = {
      compiler: 'hand',
      target: 'noop',
      options: [],
      tensors: [
        { name: 'x', dtype: 'i8', shape: [1], quantization: null, placement: null },
        { name: 'y', dtype: 'i8', shape: [1], quantization: null, placement: null },
      ],
      segments: [
        {
          name: 'npu0',
          kind: 'npu',
          inputs: [{ tensor: 0, region: 1, offset: 0, layout: 'NHWC', strides: [1] }],
          outputs: [{ tensor: 1, region: 1, offset: 1, layout: 'NHWC', strides: [1] }],
          regions: [
            { index: 0, kind: 'coefficients', size: 4, section: 1 },
            { index: 1, kind: 'io', size: 2, section: null },
          ],
          commandStream: 0,
        },
      ],
      inputs: [0],
      outputs: [1],
      locations: [],
    };
    const sections: SectionInit[] = [
      { name: 'cs', kind: 'COMMAND_STREAM', bytes: new Uint8Array(4) },
      { name: 'coef', kind: 'REGION_DATA', bytes: Uint8Array.from([42, 1, 2, 3]) },
    ];
    const file = Buffer.from(writeBlob(manifest, sections));
    const before = Buffer.from(file);
    const blob = readBlob(file, 'hand.npub');
    const scribbler: TargetBackend = {
      ...noop,
      execute: (job) => {
        job.regions[1]![1] = job.regions[0]![0]!;
        job.regions[0]!.fill(0xee);
      },
    };
    const runOnce = () => runBlob(blob, new Map([['x', new Tensor([1], i8, Int8Array.from([0]))]]), { backend: () => scribbler }).get('y')!;
    expect(Array.from(runOnce().data as Int8Array)).toEqual([42]);
    expect(Array.from(runOnce().data as Int8Array)).toEqual([42]);
    expect(file.equals(before)).toBe(true);
  });

  it('turns an executor failure into a RuntimeError naming the segment', () => {
    const blob = identityBlob(x([2]), { region: 1, offset: 0, layout: 'NHWC', strides: [1] }, 4);
    const failing: TargetBackend = { ...noop, execute: () => { throw new BackendError('bad command 0x42'); } };
    expect(() => runBlob(blob, new Map([['x', counting([2])]]), { backend: () => failing })).toThrow("NPU segment 'npu0': bad command 0x42");
  });
});
