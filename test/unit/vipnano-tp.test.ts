// The vipnano TP core: nir.transpose, nir.reshuffle and nir.dma of 8-bit
// data encoded as TP jobs (tp-encode.ts), packed as a one-segment blob and
// run by the TP executor (tp-execute.ts) through the segment encoder and the
// kick list: the result equals the nir evaluator's, bit for bit. Plus the
// executor's model on a descriptor programmed as Mesa programs its
// transpose (tiles of 1 x H), its checks, and the kick list's reader.

import { describe, expect, it } from 'vitest';
import '../../src/dialects/index.js';
import { BackendError, type TargetBackend } from '../../src/codegen/backend.js';
import { readBlob } from '../../src/codegen/blob.js';
import { packModule } from '../../src/codegen/pack.js';
import { parseModule } from '../../src/ir/parser.js';
import type { Operation } from '../../src/ir/operation.js';
import type { Tensor } from '../../src/ir/tensor.js';
import { runBlob } from '../../src/runtime/run-blob.js';
import { TP_FIELDS, packDescriptor } from '../../src/targets/vipnano/descriptors.js';
import { encodeSegmentWith } from '../../src/targets/vipnano/encode.js';
import { executeJobWith } from '../../src/targets/vipnano/execute.js';
import { JOB_KIND, MAX_JOBS, REGION, VIPNANO_MAGIC, packAddress } from '../../src/targets/vipnano/job.js';
import { readKickList, writeKickList } from '../../src/targets/vipnano/kick-list.js';
import { encodeTpJob } from '../../src/targets/vipnano/tp-encode.js';
import { executeTpJob } from '../../src/targets/vipnano/tp-execute.js';
import { Rand, arr, caseBuilders, casesFor, count, evaluate, tensor, tt, type ET } from '../support/nir-random-cases.js';

const noNn = (): never => {
  throw new BackendError('no NN core in this test');
};

/** The vipnano backend with only its TP core (the NN half is tested with the whole backend). */
const tpBackend: TargetBackend = {
  name: 'vipnano',
  encodeSegment: (fn) => encodeSegmentWith(fn, { NN: noNn, TP: encodeTpJob }),
  regionIndex: (kind) => REGION[kind],
  execute: (job) => executeJobWith(job, { NN: noNn, TP: executeTpJob }),
  disassemble: () => '',
  disassembleJson: () => null,
  cost: () => {
    throw new Error('not used');
  },
};

function bitsOf(t: Tensor): number[] {
  return Array.from(t.data as ArrayLike<number>, Number);
}

/** A standalone nir function `@main` as the one NPU segment of a partitioned module. */
function asSegment(nirText: string): Operation {
  const header = /^func\.func @main\((.*)\) -> (.*) \{$/m.exec(nirText)!;
  const [line, params, result] = header as unknown as [string, string, string];
  const args = params.split(/,\s*(?=%)/).map((p) => p.split(':')[0]!.trim());
  const types = params.split(/,\s*(?=%)/).map((p) => p.slice(p.indexOf(':') + 1).trim());
  const segment = nirText.replace(line, `func.func private @main_npu0(${params}) -> ${result} attributes {npuc.segment = "npu", npuc.target = "vipnano"} {`);
  const main = [`func.func @main(${params}) -> ${result} {`, `  %r = call @main_npu0(${args.join(', ')}) : (${types.join(', ')}) -> ${result}`, `  return %r : ${result}`, '}'].join('\n');
  return parseModule(`module {\n${main}\n${segment}\n}`, { file: 'case.mlir' });
}

function runPacked(nirText: string, args: readonly Tensor[]): number[] {
  const blob = readBlob(packModule(asSegment(nirText), tpBackend, { compiler: 'npuc test', options: { target: 'vipnano' } }), 'case.npub');
  const named = new Map(blob.inputs.map((t, i) => [blob.tensors[t]!.name, args[i]!]));
  const out = runBlob(blob, named, { backend: () => tpBackend });
  return bitsOf(out.get(blob.tensors[blob.outputs[0]!]!.name)!);
}

/** Dense NHWC strides of a shape. */
const dense = (s: readonly number[]): number[] => s.map((_, i) => s.slice(i + 1).reduce((a, b) => a * b, 1));
/** Planar (NCHW) strides of an NHWC shape: [C*H*W, W, 1, H*W]. */
const planar = ([, h, w, c]: readonly number[]): number[] => [c! * h! * w!, w!, 1, h! * w!];

interface ViewSpec {
  shape: number[];
  strides: number[];
  /** Elements the buffer needs (default: the view's extent). */
  size?: number;
  offset?: number;
}
const extent = (v: ViewSpec): number => (v.offset ?? 0) + v.shape.reduce((s, d, i) => s + (d - 1) * v.strides[i]!, 0) + 1;

/** `%x` (io) -op-> scratch view -dma-> io output: the op under test reads io and writes scratch; a dense dma returns it. */
function nirCase(op: string, props: string, inV: ViewSpec, outV: ViewSpec, et: ET, zp: number): string {
  const outDense: ViewSpec = { shape: outV.shape, strides: dense(outV.shape) };
  const inBytes = Math.max(inV.size ?? 0, extent(inV));
  const midBytes = Math.max(outV.size ?? 0, extent(outV));
  const outOff = Math.ceil(inBytes / 16) * 16;
  const outBytes = extent(outDense);
  const view = (name: string, buf: string, v: ViewSpec): string =>
    `  ${name} = "nir.view"(${buf}) <{offset = ${v.offset ?? 0} : i64, shape = ${arr(v.shape)}, strides = ${arr(v.strides)}, element_type = ${et}, layout = "NHWC", zero_point = ${zp} : i64}> : (!nir.buffer) -> !nir.view`;
  return [
    `func.func @main(%x: ${tt(inV.shape, et)}) -> ${tt(outV.shape, et)} {`,
    `  %io = "nir.region"() <{kind = "io", size = ${outOff + outBytes} : i64}> : () -> !nir.region`,
    `  %scratch = "nir.region"() <{kind = "scratch", size = ${midBytes} : i64}> : () -> !nir.region`,
    `  %b0 = "nir.buffer"(%io) <{offset = 0 : i64, size = ${inBytes} : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer`,
    `  %b1 = "nir.buffer"(%scratch) <{offset = 0 : i64, size = ${midBytes} : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer`,
    `  %b2 = "nir.buffer"(%io) <{offset = ${outOff} : i64, size = ${outBytes} : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer`,
    view('%vx', '%b0', inV),
    view('%vm', '%b1', outV),
    view('%vo', '%b2', outDense),
    `  "nir.input"(%x, %vx) : (${tt(inV.shape, et)}, !nir.view) -> ()`,
    `  "nir.${op}"(%vx, %vm)${props ? ` <{${props}}>` : ''} : (!nir.view, !nir.view) -> ()`,
    `  "nir.dma"(%vm, %vo) : (!nir.view, !nir.view) -> ()`,
    `  %y = "nir.output"(%vo) : (!nir.view) -> ${tt(outV.shape, et)}`,
    `  return %y : ${tt(outV.shape, et)}`,
    '}',
  ].join('\n');
}

function check(text: string, shape: readonly number[], et: ET, r: Rand): void {
  const args = [tensor(shape, et, r.values(count(shape), et))];
  const want = evaluate(text, 'case.mlir', args);
  if (!want.ok) throw want.error;
  expect(runPacked(text, args)).toEqual(bitsOf(want.out));
}

const SEEDS = [1, 2, 3, 4, 5, 6];

describe('vipnano TP jobs == nir evaluator', () => {
  it('transposes NHWC -> NCHW and back, dense and planar views', () => {
    for (const seed of SEEDS) {
      const r = new Rand(seed);
      const et: ET = r.bool() ? 'i8' : 'ui8';
      const [h, w, c] = [r.int(1, 7), r.int(1, 9), r.int(1, 20)];
      const zp = et === 'i8' ? r.int(-128, 127) : r.int(0, 255);
      const nhwc = [1, h, w, c];
      const nchw = [1, c, h, w];
      check(nirCase('transpose', `perms = ${arr([0, 3, 1, 2])}`, { shape: nhwc, strides: dense(nhwc) }, { shape: nchw, strides: dense(nchw) }, et, zp), nhwc, et, r);
      check(nirCase('transpose', `perms = ${arr([0, 2, 3, 1])}`, { shape: nchw, strides: dense(nchw) }, { shape: nhwc, strides: dense(nhwc) }, et, zp), nchw, et, r);
      // Planar views of the same logical shape, transposed in H and W.
      const t = [1, w, h, c];
      check(nirCase('transpose', `perms = ${arr([0, 2, 1, 3])}`, { shape: nhwc, strides: planar(nhwc) }, { shape: t, strides: planar(t) }, et, zp), nhwc, et, r);
      check(nirCase('transpose', `perms = ${arr([0, 2, 1, 3])}`, { shape: nhwc, strides: dense(nhwc), offset: r.int(0, 5) }, { shape: t, strides: planar(t) }, et, zp), nhwc, et, r);
    }
  });

  it('layout changes at graph edges: dma NHWC <-> planar', () => {
    for (const seed of SEEDS) {
      const r = new Rand(100 + seed);
      const et: ET = r.bool() ? 'i8' : 'ui8';
      const s = [1, r.int(1, 9), r.int(1, 9), r.int(1, 40)];
      check(nirCase('dma', '', { shape: s, strides: dense(s) }, { shape: s, strides: planar(s) }, et, 0), s, et, r);
      check(nirCase('dma', '', { shape: s, strides: planar(s) }, { shape: s, strides: dense(s) }, et, 0), s, et, r);
      // A channel slice of a wider planar map (concatenation by aliasing).
      const wide = [1, s[1]!, s[2]!, s[3]! + 3];
      const sub = { shape: s, strides: planar(wide), offset: 2 * s[1]! * s[2]!, size: count(wide) };
      check(nirCase('dma', '', sub, { shape: s, strides: dense(s) }, et, 0), s, et, r);
    }
  });

  it('reshuffles with padding of several sizes', () => {
    for (const seed of SEEDS) {
      const r = new Rand(200 + seed);
      const et: ET = r.bool() ? 'i8' : 'ui8';
      const zp = et === 'i8' ? r.int(-128, 127) : r.int(0, 255);
      for (const [by, bx] of [
        [2, 2],
        [1, 2],
        [3, 2],
        [2, 3],
      ] as const) {
        const [n, h, w, c] = [r.int(1, 2), r.int(1, 9), r.int(1, 9), r.int(1, 5)];
        const pt = r.int(0, by);
        const pl = r.int(0, bx);
        const pb = (by - ((h + pt) % by)) % by + (r.bool(0.3) ? by : 0);
        const pr = (bx - ((w + pl) % bx)) % bx + (r.bool(0.3) ? bx : 0);
        const xs = [n, h, w, c];
        const os = [n, (h + pt + pb) / by, (w + pl + pr) / bx, by * bx * c];
        const props = `block = ${arr([by, bx])}, pad = ${arr([pt, pb, pl, pr])}`;
        check(nirCase('reshuffle', props, { shape: xs, strides: planar(xs) }, { shape: os, strides: planar(os) }, et, zp), xs, et, r);
        check(nirCase('reshuffle', props, { shape: xs, strides: planar(xs) }, { shape: os, strides: dense(os) }, et, zp), xs, et, r);
      }
    }
  });

  it('rejects what the TP fields cannot express, naming the op', () => {
    const s = [1, 3, 4, 5];
    const os = [1, 2, 2, 20];
    const text = nirCase('reshuffle', `block = ${arr([2, 2])}, pad = ${arr([0, 1, 0, 0])}`, { shape: s, strides: dense(s) }, { shape: os, strides: planar(os) }, 'ui8', 0);
    expect(() => runPacked(text, [tensor(s, 'ui8', new Array(count(s)).fill(0))])).toThrow(/nir.reshuffle: the ifm's W stride 5 is not 1/);
    const i32 = nirCase('dma', '', { shape: s, strides: dense(s) }, { shape: s, strides: planar(s) }, 'i32' as ET, 0);
    expect(() => runPacked(i32, [tensor(s, 'i32', new Array(count(s)).fill(0))])).toThrow(/nir.dma: i32 data has no vipnano TP encoding/);
  });
});

/** What the TP fields cannot express in random views (any other BackendError fails). */
const KNOWN_LIMITS: readonly RegExp[] = [/the ifm's W stride \d+ is not 1/, /do not fit the TP image/, /batch stride \d+ does not continue/];

describe('vipnano TP jobs: random nir layers', () => {
  const builders = caseBuilders({ layouts: ['dense', 'strided'], elementTypes: ['i8', 'ui8'] });
  for (const kind of ['transpose', 'reshuffle', 'dma'] as const) {
    it(kind, () => {
      let compared = 0;
      for (const c of casesFor(builders[kind], 9100, 60)) {
        const want = evaluate(c.nir, `${c.what}.mlir`, c.args);
        if (!want.ok) throw want.error;
        let got: number[];
        try {
          got = runPacked(c.nir, c.args);
        } catch (e) {
          if (e instanceof Error && KNOWN_LIMITS.some((k) => k.test(e.message))) continue;
          throw new Error(`${c.what}: ${(e as Error).message}`);
        }
        expect(got, c.what).toEqual(bitsOf(want.out));
        compared++;
      }
      // Random reshuffle inputs are often NHWC with C > 1 (no contiguous x axis to pad): a documented limit.
      expect(compared).toBeGreaterThan(kind === 'reshuffle' ? 10 : 30);
    });
  }
});

describe('vipnano TP executor model', () => {
  /** Mesa's create_transpose_config for an NHWC image of P x Q x C (tiles 1 x Q). */
  function mesaTranspose(P: number, Q: number, C: number, zp: number): Uint32Array {
    return packDescriptor(TP_FIELDS, {
      in_image_x_size: C,
      in_image_y_size: Q,
      in_image_z_size: P,
      in_image_stride: C,
      in_image_slice: Q * C,
      in_window_x_end: C - 1,
      in_window_y_end: Q - 1,
      in_tile_x_size: 1,
      in_tile_x_inc: 1,
      in_tile_y_size: Q,
      in_tile_y_inc: Q,
      in_image_base_address: packAddress(1, 0),
      out_image_base_address: packAddress(2, 0),
      out_loop_0_inc: 1,
      out_loop_0_count: Q,
      out_loop_1_inc: P * Q,
      out_loop_1_count: C,
      out_loop_2_inc: Q,
      out_loop_2_count: P,
      out_loop_3_count: 1,
      out_loop_4_count: 1,
      out_loop_5_count: 1,
      in_zp: zp,
      out_zp: zp,
      in_image_global_mem: 1,
      alu_i2f_enable: 1,
      alu_f2i_enable: 1,
      last: 1,
    });
  }

  it("runs Mesa's transpose programming as NHWC -> NCHW", () => {
    const [P, Q, C] = [3, 5, 4];
    const input = Uint8Array.from({ length: P * Q * C }, (_, i) => (i * 37) & 0xff);
    const output = new Uint8Array(P * Q * C);
    executeTpJob(mesaTranspose(P, Q, C, 7), [undefined, input, output]);
    for (let p = 0; p < P; p++) for (let q = 0; q < Q; q++) for (let c = 0; c < C; c++) expect(output[(c * P + p) * Q + q]).toBe(input[(p * Q + q) * C + c]);
  });

  it('checks every range before writing', () => {
    const d = mesaTranspose(3, 5, 4, 0);
    const out = new Uint8Array(60);
    expect(() => executeTpJob(d, [undefined, new Uint8Array(59), out])).toThrow(/input bytes \[0, 60\) are outside region 1/);
    expect(() => executeTpJob(d, [undefined, new Uint8Array(60), new Uint8Array(59)])).toThrow(BackendError);
    expect(() => executeTpJob(d, [undefined, new Uint8Array(60)])).toThrow(/region 2, which the job does not have/);
    const toCoefficients = Uint32Array.from(d);
    toCoefficients[13] = packAddress(0, 0);
    expect(() => executeTpJob(toCoefficients, [new Uint8Array(64), new Uint8Array(60), out])).toThrow(/region 0/);
    const requant = Uint32Array.from(d);
    requant[30] = 5;
    expect(() => executeTpJob(requant, [undefined, new Uint8Array(60), out])).toThrow(/does not requantize/);
    expect(out.every((b) => b === 0)).toBe(true);
  });
});

describe('vipnano kick list', () => {
  const entries = [
    { kind: 'TP' as const, address: packAddress(0, 0) },
    { kind: 'NN' as const, address: packAddress(0, 192) },
  ];
  const good = writeKickList(entries);
  const word = (bytes: Uint8Array, at: number, v: number): Uint8Array => {
    const out = bytes.slice();
    new DataView(out.buffer).setUint32(at, v >>> 0, true);
    return out;
  };

  it('round-trips', () => {
    expect(readKickList(good, 1024)).toEqual(entries);
    expect(readKickList(good)).toEqual(entries);
    expect(readKickList(writeKickList([]), 0)).toEqual([]);
    expect(new DataView(good.buffer).getUint32(0, true)).toBe(VIPNANO_MAGIC);
    expect(new DataView(good.buffer).getUint32(8, true)).toBe(JOB_KIND.TP);
  });

  it('rejects malformed streams with the byte offset', () => {
    expect(() => readKickList(good.slice(0, 6))).toThrow(/byte 4: truncated/);
    expect(() => readKickList(new Uint8Array(0))).toThrow(/byte 0: truncated/);
    expect(() => readKickList(word(good, 0, 0x12345678))).toThrow(/byte 0: bad magic 0x12345678/);
    expect(() => readKickList(word(good, 4, MAX_JOBS + 1))).toThrow(/byte 4: job count 65537 exceeds 65536/);
    expect(() => readKickList(word(good, 4, 3))).toThrow(/byte 4: job count 3 needs 32 bytes, the stream has 24/);
    expect(() => readKickList(good.slice(0, 20))).toThrow(/byte 4: job count 2 needs 24 bytes/);
    expect(() => readKickList(word(good, 4, 1))).toThrow(/byte 16: 8 bytes after the last of 1 jobs/);
    expect(() => readKickList(word(good, 16, 7))).toThrow(/byte 16: job 1: unknown kind 7/);
    expect(() => readKickList(word(good, 20, packAddress(1, 0)))).toThrow(/byte 20: job 1: descriptor address 0x10000000 is in region 1, not region 0/);
    expect(() => readKickList(word(good, 12, 32))).toThrow(/byte 12: job 0: descriptor address 0x00000020 is not 64-byte aligned/);
    expect(() => readKickList(good, 300)).toThrow(/byte 20: job 1: the NN descriptor at 0x000000c0 needs 136 bytes, region 0 has 300/);
    expect(() => readKickList(good, 100)).toThrow(/byte 12: job 0: the TP descriptor at 0x00000000 needs 124 bytes, region 0 has 100/);
  });
});
