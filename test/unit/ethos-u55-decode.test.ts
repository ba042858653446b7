// The ethos-u55 decoder and disassembler on hand-built command streams:
// word decoding (cmd0/cmd1, signed params, 40-bit addresses), every kind of
// malformed stream (one test each), the register file across operations,
// reserved field values, and the disassembly of a small stream checked line
// by line against text written by hand.

import { describe, expect, it } from 'vitest';
import { BackendError } from '../../src/codegen/backend.js';
import { decodeCommands, decodeOperations } from '../../src/targets/ethos-u55/decode.js';
import { disassemble, disassembleJson } from '../../src/targets/ethos-u55/disasm.js';
import type { BlockOperation, DmaOperation } from '../../src/targets/ethos-u55/operation.js';
import { ACTIVATION_FUNCTION, ROUNDING, packActivation, packIfm2Broadcast, packIfmPrecision, packKernelStride, packOfmPrecision } from '../../src/targets/ethos-u55/registers.js';
import { Emitter, S8, denseFm, emitFm } from './support/ethos-u55-stream.js';

const words = (...ws: number[]): Uint8Array => {
  const out = new Uint8Array(ws.length * 4);
  const v = new DataView(out.buffer);
  ws.forEach((w, i) => v.setUint32(i * 4, w >>> 0, true));
  return out;
};
const STOP = 0xffff0000;

function decodeError(stream: Uint8Array): string {
  try {
    decodeCommands(stream);
  } catch (e) {
    expect(e).toBeInstanceOf(BackendError);
    return (e as Error).message;
  }
  throw new Error('expected a BackendError');
}

function opsError(stream: Uint8Array): string {
  try {
    decodeOperations(decodeCommands(stream));
  } catch (e) {
    expect(e).toBeInstanceOf(BackendError);
    return (e as Error).message;
  }
  throw new Error('expected a BackendError');
}

describe('ethos-u55 decodeCommands', () => {
  it('decodes cmd0, signed params, cmd1 and 40-bit addresses', () => {
    const cmds = decodeCommands(words(0x0001010f, 0xfffb0109, 0x00014000, 0x00000010, 0x00214024, 0x40000000, STOP));
    expect(cmds).toEqual([
      { offset: 0, kind: 'cmd0', code: 0x10f, name: 'NPU_SET_IFM_REGION', param: 1 },
      { offset: 4, kind: 'cmd0', code: 0x109, name: 'NPU_SET_IFM_ZERO_POINT', param: -5 },
      { offset: 8, kind: 'cmd1', code: 0x000, name: 'NPU_SET_IFM_BASE0', param: 1, payload: 2 ** 32 + 16 },
      { offset: 16, kind: 'cmd1', code: 0x024, name: 'NPU_SET_OFM_SCALE', param: 33, payload: 0x40000000 },
      { offset: 24, kind: 'cmd0', code: 0x000, name: 'NPU_OP_STOP', param: 0xffff },
    ]);
  });

  it('rejects a length that is not a multiple of 4', () => {
    expect(decodeError(new Uint8Array(5))).toMatch(/length 5 is not a multiple of 4 \(trailing bytes at byte 4\)/);
  });

  it('rejects a truncated stream', () => {
    const full = words(0x0001010f, 0x00004000, 0x000000c0, 0x00000002, STOP);
    expect(decodeError(full.subarray(0, 12))).toMatch(/no NPU_OP_STOP at the end \(byte 12\)/);
  });

  it('rejects an unknown opcode', () => {
    expect(decodeError(words(0x0001010f, 0x000003ff, STOP))).toMatch(/word 0x000003ff at byte 4: unknown cmd0 opcode 0x3ff/);
    expect(decodeError(words(0x00004077, 0, STOP))).toMatch(/at byte 0: unknown cmd1 opcode 0x077/);
  });

  it('rejects reserved bits 10-13 and reserved payload sizes', () => {
    expect(decodeError(words(0x0001050f, STOP))).toMatch(/at byte 0: reserved bits 10-13 are set/);
    expect(decodeError(words(0x0001010f, 0x0000810f, STOP))).toMatch(/at byte 4: reserved payload size 2/);
  });

  it('rejects a stream without NPU_OP_STOP', () => {
    expect(decodeError(words(0x0001010f, 0x00000002))).toMatch(/no NPU_OP_STOP at the end \(byte 8\)/);
    expect(decodeError(new Uint8Array(0))).toMatch(/no NPU_OP_STOP at the end \(byte 0\)/);
  });

  it('rejects NPU_OP_STOP with another param', () => {
    expect(decodeError(words(0x00010000))).toMatch(/at byte 0: NPU_OP_STOP param 0x0001 is not 0xffff/);
  });

  it('rejects words after NPU_OP_STOP', () => {
    expect(decodeError(words(STOP, 0x0001010f, 0x00000002))).toMatch(/2 word\(s\) after NPU_OP_STOP, from byte 4/);
  });

  it('rejects a cmd1 without its payload', () => {
    expect(decodeError(words(0x0001010f, 0x00004000))).toMatch(/word 0x00004000 at byte 4: NPU_SET_IFM_BASE0 is missing its payload word/);
  });
});

/** A minimal CONV's registers (1x1 kernel, s8, 2x2x16 in and out). */
function convRegisters(e: Emitter): Emitter {
  emitFm(e, 'IFM', denseFm(1, 0, [2, 2, 16], S8));
  emitFm(e, 'OFM', denseFm(1, 64, [2, 2, 16], S8));
  return e;
}

describe('ethos-u55 decodeOperations', () => {
  it('keeps register state across operations; waits start none', () => {
    const e = convRegisters(new Emitter());
    e.cmd0('NPU_SET_ACTIVATION_MIN', -128).cmd0('NPU_SET_ACTIVATION_MAX', 127);
    e.cmd0('NPU_OP_CONV').cmd0('NPU_OP_KERNEL_WAIT').address('NPU_SET_OFM_BASE0', 128).cmd0('NPU_OP_DEPTHWISE');
    e.cmd0('NPU_SET_DMA0_DST_REGION', 0x100).address('NPU_SET_DMA0_LEN', 256).cmd0('NPU_OP_DMA_START').cmd0('NPU_OP_DMA_WAIT').stop();
    const ops = decodeOperations(decodeCommands(e.bytes()));
    expect(ops.map((o) => `${o.index}:${o.kind}`)).toEqual(['0:CONV', '1:DEPTHWISE', '2:DMA']);
    const [a, b] = ops as BlockOperation[];
    expect(a!.ofm.bases).toEqual([64, 64, 64, 64]);
    expect(b!.ofm.bases).toEqual([128, 64, 64, 64]);
    expect(b!.ifm).toEqual(a!.ifm);
    expect(b!.activation).toEqual({ fn: 0, min: -128, max: 127 });
    expect(a!.ifm).toMatchObject({ height: 2, width: 2, depth: 16, strideX: 16, strideY: 32, strideC: 1, format: 'NHWC', signed: true, bits: 8 });
    const d = ops[2] as DmaOperation;
    expect(d).toMatchObject({ dstRegion: 'shram', length: 256, srcRegion: 0 });
  });

  it('derives the IFM size from the OFM size, kernel, stride and padding', () => {
    const e = convRegisters(new Emitter());
    e.cmd0('NPU_SET_KERNEL_WIDTH_M1', 4).cmd0('NPU_SET_KERNEL_HEIGHT_M1', 2);
    e.cmd0('NPU_SET_KERNEL_STRIDE', packKernelStride({ strideX: 2, strideY: 3, dilationX: 2, dilationY: 1, partKernelFirst: false }));
    e.cmd0('NPU_SET_IFM_PAD_TOP', 1).cmd0('NPU_SET_IFM_PAD_BOTTOM', 1).cmd0('NPU_SET_IFM_PAD_LEFT', 2).cmd0('NPU_SET_IFM_PAD_RIGHT', 0);
    e.cmd0('NPU_OP_CONV').stop();
    const op = decodeOperations(decodeCommands(e.bytes()))[0] as BlockOperation;
    expect(op.kernel).toEqual({ width: 3, height: 3, strideX: 2, strideY: 3, dilationX: 2, dilationY: 1 });
    // (2 - 1) * 3 + 3 - 2 = 4 rows; (2 - 1) * 2 + 5 - 2 = 5 columns.
    expect([op.ifm.height, op.ifm.width]).toEqual([4, 5]);
  });

  it('gives IFM2 the OFM shape except along broadcast dimensions; a scalar has no IFM2', () => {
    const e = convRegisters(new Emitter());
    emitFm(e, 'IFM2', denseFm(1, 128, [1, 2, 1], S8));
    e.cmd0('NPU_SET_IFM2_BROADCAST', packIfm2Broadcast({ h: true, w: false, c: true, reversed: true, scalar: false })).cmd0('NPU_OP_ELEMENTWISE', 1);
    e.cmd0('NPU_SET_IFM2_BROADCAST', packIfm2Broadcast({ h: false, w: false, c: false, reversed: false, scalar: true })).cmd0('NPU_SET_IFM2_SCALAR', -3).cmd0('NPU_OP_ELEMENTWISE', 2).stop();
    const [a, b] = decodeOperations(decodeCommands(e.bytes())) as BlockOperation[];
    expect([a!.ifm2!.height, a!.ifm2!.width, a!.ifm2!.depth]).toEqual([1, 2, 1]);
    expect(a!.broadcast).toEqual({ h: true, w: false, c: true, reversed: true, scalar: false });
    expect(a!.kernel).toEqual({ width: 1, height: 1, strideX: 1, strideY: 1, dilationX: 1, dilationY: 1 });
    expect(b!.ifm2).toBeNull();
    expect([b!.scalar, b!.mode]).toEqual([-3, 2]);
  });

  const reserved: [string, (e: Emitter) => void, RegExp][] = [
    ['IFM precision code 3', (e) => e.cmd0('NPU_SET_IFM_PRECISION', 3 << 2).cmd0('NPU_OP_CONV'), /^op 0 \(CONV at byte \d+\): reserved IFM_PRECISION 0xc \(precision code 3\)$/],
    ['OFM precision code 3', (e) => e.cmd0('NPU_SET_OFM_PRECISION', 3 << 1).cmd0('NPU_OP_CONV'), /reserved OFM_PRECISION 0x6/],
    ['rounding 3', (e) => e.cmd0('NPU_SET_OFM_PRECISION', packOfmPrecision({ signed: true, bits: 8, format: 'NHWC', globalScale: false, rounding: 3 })).cmd0('NPU_OP_CONV'), /reserved OFM_PRECISION 0xc001/],
    ['pooling mode 3', (e) => e.cmd0('NPU_OP_POOL', 3), /^op 0 \(POOL at byte \d+\): reserved pooling mode 3$/],
    ['elementwise LRELU', (e) => e.cmd0('NPU_OP_ELEMENTWISE', 5), /elementwise mode 5 is not modelled/],
    ['activation TANH', (e) => e.cmd0('NPU_SET_ACTIVATION', packActivation(ACTIVATION_FUNCTION.TANH)).cmd0('NPU_OP_CONV'), /activation function 3 is not modelled/],
    ['kernel wider than 64', (e) => e.cmd0('NPU_SET_KERNEL_WIDTH_M1', 64).cmd0('NPU_OP_CONV'), /kernel 1x65 exceeds 64x64/],
    ['stride 4', (e) => e.cmd0('NPU_SET_KERNEL_STRIDE', packKernelStride({ strideX: 4, strideY: 1, dilationX: 1, dilationY: 1, partKernelFirst: false })).cmd0('NPU_OP_CONV'), /stride 1x4 exceeds 3/],
    ['depthwise depth mismatch', (e) => e.cmd0('NPU_SET_IFM_DEPTH_M1', 7).cmd0('NPU_OP_DEPTHWISE'), /IFM depth 8 differs from OFM depth 16/],
    [
      'kernel extent not a multiple of the dilation',
      (e) => e.cmd0('NPU_SET_KERNEL_STRIDE', packKernelStride({ strideX: 1, strideY: 1, dilationX: 2, dilationY: 1, partKernelFirst: false })).cmd0('NPU_SET_KERNEL_WIDTH_M1', 3).cmd0('NPU_OP_CONV'),
      /kernel extent 1x4 is not a multiple of the dilation 1x2/,
    ],
    ['elementwise IFM depth', (e) => e.cmd0('NPU_SET_IFM_DEPTH_M1', 3).cmd0('NPU_OP_ELEMENTWISE', 1), /the IFM \(depth 4\) must match the OFM shape \(depth 16\)/],
    ['IFM2 precision code 3', (e) => e.cmd0('NPU_SET_IFM2_PRECISION', packIfmPrecision({ signed: true, bits: 8, format: 'NHWC', opToScale: 0 }) | (3 << 2)).cmd0('NPU_OP_ELEMENTWISE', 1), /reserved IFM2_PRECISION 0xd/],
    ['global scale on a convolution', (e) => e.cmd0('NPU_SET_OFM_PRECISION', packOfmPrecision({ signed: true, bits: 8, format: 'NHWC', globalScale: true, rounding: ROUNDING.TFL })).cmd0('NPU_OP_CONV'), /global scale is not modelled for CONV/],
    ['padding that leaves no IFM', (e) => e.cmd0('NPU_SET_IFM_PAD_TOP', 2).cmd0('NPU_OP_POOL', 0), /give an empty IFM \(0x2\)/],
  ];
  for (const [what, add, msg] of reserved) {
    it(`rejects ${what}`, () => {
      const e = convRegisters(new Emitter());
      add(e);
      expect(opsError(e.stop().bytes())).toMatch(msg);
    });
  }
});

describe('ethos-u55 disassembler', () => {
  function smallStream(): Uint8Array {
    return words(
      0x0001010f, // IFM_REGION 1
      0x00004000, // IFM_BASE0
      0x000000c0,
      0x00010105, // IFM_PRECISION s8 NHWC
      0x00410114, // OFM_PRECISION s8 NHCWB16 TFL
      0x00030122, // KERNEL_STRIDE stride 2x2
      0x00214024, // OFM_SCALE shift 33
      0x40000000,
      0x00120125, // ACTIVATION LUT slot 2
      0xff800126, // ACTIVATION_MIN -128
      0xfffb0109, // IFM_ZERO_POINT -5
      0x00014021, // WEIGHT_LENGTH 2^32 + 16
      0x00000010,
      0x00010005, // NPU_OP_POOL AVERAGE
      0x01000131, // DMA0_DST_REGION shram
      0x00000010, // NPU_OP_DMA_START
      0x00070006, // NPU_OP_ELEMENTWISE CLZ (not modelled)
      STOP,
    );
  }

  it('prints one line per command and a summary per operation', () => {
    const expected = [
      '000000  0001010f           NPU_SET_IFM_REGION         1 (io)',
      '000004  00004000 000000c0  NPU_SET_IFM_BASE0          0x000000c0',
      '00000c  00010105           NPU_SET_IFM_PRECISION      s8 NHWC',
      '000010  00410114           NPU_SET_OFM_PRECISION      s8 NHCWB16 rounding=TFL',
      '000014  00030122           NPU_SET_KERNEL_STRIDE      stride=2x2 dilation=1x1',
      '000018  00214024 40000000  NPU_SET_OFM_SCALE          scale=1073741824 shift=33',
      '000020  00120125           NPU_SET_ACTIVATION         LUT slot=2',
      '000024  ff800126           NPU_SET_ACTIVATION_MIN     -128',
      '000028  fffb0109           NPU_SET_IFM_ZERO_POINT     -5',
      '00002c  00014021 00000010  NPU_SET_WEIGHT_LENGTH      4294967312',
      '000034  00010005           NPU_OP_POOL                AVERAGE',
      '; op 0: POOL AVERAGE ifm 1x1x1x1 s8 -> ofm 1x1x1x1 s8 NHCWB16, kernel 1x1 stride 2x2, lut slot 2',
      '000038  01000131           NPU_SET_DMA0_DST_REGION    shram',
      '00003c  00000010           NPU_OP_DMA_START',
      '; op 1: DMA 0 bytes region 0 @ 0x00000000 -> SHRAM @ 0x00000000',
      '000040  00070006           NPU_OP_ELEMENTWISE         CLZ',
      '; error: op 2 (ELEMENTWISE at byte 64): elementwise mode 7 is not modelled (MUL, ADD, SUB, MIN, MAX are)',
      '000044  ffff0000           NPU_OP_STOP                0xffff',
      '',
    ];
    const got = disassemble(smallStream()).split('\n');
    expected.forEach((line, i) => expect(got[i], `line ${i + 1}`).toBe(line));
    expect(got.length).toBe(expected.length);
  });

  it('gives the same as JSON', () => {
    const j = disassembleJson(smallStream()) as { commands: Record<string, unknown>[]; operations: { kind: string }[]; errors: { offset: number; message: string }[] };
    expect(j.commands).toHaveLength(15);
    expect(j.commands[1]).toEqual({ offset: 4, name: 'NPU_SET_IFM_BASE0', kind: 'cmd1', param: 0, payload: 0xc0, fields: { address: 0xc0 } });
    expect(j.commands[4]).toEqual({
      offset: 20,
      name: 'NPU_SET_KERNEL_STRIDE',
      kind: 'cmd0',
      param: 3,
      fields: { strideX: 2, strideY: 2, dilationX: 1, dilationY: 1, partKernelFirst: false },
    });
    expect(j.operations.map((o) => o.kind)).toEqual(['POOL', 'DMA']);
    expect(j.errors).toEqual([{ offset: 64, message: 'op 2 (ELEMENTWISE at byte 64): elementwise mode 7 is not modelled (MUL, ADD, SUB, MIN, MAX are)' }]);
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });

  it('refuses a stream that does not decode', () => {
    expect(() => disassemble(words(0x000003ff, STOP))).toThrow(BackendError);
  });
});
