// vipnano zero-run-length weight streams (src/targets/vipnano/zrl.ts): tiny
// streams encoded by hand, bit by bit, for zrl_bits 0, 2 and 8; the choice of
// zrl_bits where the answer is known; round trips; run saturation; every
// malformed case; and a seeded mutation fuzz.

import { describe, expect, it } from 'vitest';
import { BackendError } from '../../src/codegen/backend.js';
import { ZRL_BITS_LIMIT, coreKernels, decodeWeights, encodeWeights, zrlStats } from '../../src/targets/vipnano/zrl.js';
import type { ZrlLayout } from '../../src/targets/vipnano/zrl.js';
import { mulberry32 } from '../support/onnx-model-builder.js';

/** A one-core buffer: the 64-byte header [64, 0, 0, 0, 0...] and the block's bytes padded to 64. */
function oneCore(block: number[]): Uint8Array {
  const out = new Uint8Array(128);
  out[0] = 64;
  out.set(block, 64);
  return out;
}

/** Fields [value, width], least significant bit first, as an independent writer for the expected bytes. */
function bits(fields: [number, number][]): number[] {
  const out: number[] = [];
  let bit = 0;
  for (const [value, width] of fields) {
    const v = BigInt.asUintN(32, BigInt(value));
    for (let i = 0; i < width; i++, bit++) {
      if (out.length <= bit >> 3) out.push(0);
      if ((v >> BigInt(i)) & 1n) out[bit >> 3]! |= 1 << (bit & 7);
    }
  }
  return out;
}

const i32 = (...v: number[]): Int32Array => Int32Array.from(v);
const layoutOf = (kernels: number, kernelSize: number, zrlBits: number, zeroPoint: number, cores = 1): ZrlLayout => ({ kernels, kernelSize, cores, zrlBits, zeroPoint });

// zrl_bits 2, zero point 0x80, one kernel [80 80 80 80 80 11 80 80], bias 1, output offset -1.
// Codes: (0, 80) | bias | values 1-3 are a run of 3 = 2^2 - 1, so value 4 closes it: (3, 80);
// (0, 11); values 6-7 are a pending run of 2 at the end: (1, 80) | offset.
// Bits (LSB first): 0-7 zrl_bits 2 | 8-23 count 1 | 24-25 run 0, 26-33 value 0x80 (bit 33 set) |
// 34-65 bias 1 (bit 34) | 66-67 run 3, 68-75 value 0x80 (bit 75) | 76-77 run 0, 78-85 0x11 (bits 78, 82) |
// 86-87 run 1 (bit 86), 88-95 0x80 (bit 95) | 96-127 offset 0xFFFFFFFF.
//   byte 4 = bits 33, 34 = 0x06; byte 8 = bits 66, 67 = 0x0C; byte 9 = bits 75, 78 = 0x48;
//   byte 10 = bits 82, 86 = 0x44; byte 11 = bit 95 = 0x80.
const ZRL2_BLOCK = [0x02, 0x01, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x0c, 0x48, 0x44, 0x80, 0xff, 0xff, 0xff, 0xff];
const ZRL2_KERNEL = Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x11, 0x80, 0x80]);

describe('vipnano zrl: hand-encoded streams', () => {
  it('zrl_bits 0: every value stored', () => {
    // Kernel [5, 0, 7], zero point 0, bias -2, offset 9.
    // zrl_bits 00 | count 01 00 | 05 | bias FE FF FF FF | 00 07 | offset 09 00 00 00: 14 bytes.
    const block = [0x00, 0x01, 0x00, 0x05, 0xfe, 0xff, 0xff, 0xff, 0x00, 0x07, 0x09, 0x00, 0x00, 0x00];
    const kernel = Uint8Array.from([5, 0, 7]);
    const enc = encodeWeights([kernel], { zeroPoint: 0, cores: 1, maxZrlBits: 0, bias: i32(-2), outputOffset: i32(9) });
    expect(enc.zrlBits).toBe(0);
    expect(enc.rawBytes).toBe(3);
    expect(enc.bytes).toEqual(oneCore(block));
    const dec = decodeWeights(oneCore(block), layoutOf(1, 3, 0, 0));
    expect(dec.kernels).toEqual([kernel]);
    expect(dec.bias).toEqual(i32(-2));
    expect(dec.outputOffset).toEqual(i32(9));
  });

  it('zrl_bits 2: runs, a saturated run and a run pending at the kernel end', () => {
    expect(bits([[2, 8], [1, 16], [0, 2], [0x80, 8], [1, 32], [3, 2], [0x80, 8], [0, 2], [0x11, 8], [1, 2], [0x80, 8], [-1, 32]])).toEqual(ZRL2_BLOCK);
    // Sizes at 0, 1, 2 bits: 152, 133, 128 bits; one 64-byte block each, so the bits decide.
    const enc = encodeWeights([ZRL2_KERNEL], { zeroPoint: 0x80, cores: 1, maxZrlBits: 2, bias: i32(1), outputOffset: i32(-1) });
    expect(enc.zrlBits).toBe(2);
    expect(enc.bytes).toEqual(oneCore(ZRL2_BLOCK));
    const dec = decodeWeights(oneCore(ZRL2_BLOCK), layoutOf(1, 8, 2, 0x80));
    expect(dec).toEqual({ kernels: [ZRL2_KERNEL], bias: i32(1), outputOffset: i32(-1) });
  });

  it(`zrl_bits ${ZRL_BITS_LIMIT} (the limit): codes are whole bytes`, () => {
    // Kernel [7, then 299 zeros], zero point 0, bias 0x12345678, offset 300.
    // (0, 7) | bias | 255 zeros then a 256th closes the run: (255, 0) | 43 zeros pending: (42, 0) | offset.
    // 08 | 01 00 | 00 07 | 78 56 34 12 | FF 00 | 2A 00 | 2C 01 00 00: 17 bytes.
    const block = [0x08, 0x01, 0x00, 0x00, 0x07, 0x78, 0x56, 0x34, 0x12, 0xff, 0x00, 0x2a, 0x00, 0x2c, 0x01, 0x00, 0x00];
    const kernel = new Uint8Array(300);
    kernel[0] = 7;
    const enc = encodeWeights([kernel], { zeroPoint: 0, cores: 1, maxZrlBits: 8, bias: i32(0x12345678), outputOffset: i32(300) });
    expect(enc.zrlBits).toBe(8);
    expect(enc.bytes).toEqual(oneCore(block));
    expect(decodeWeights(oneCore(block), layoutOf(1, 300, 8, 0)).kernels).toEqual([kernel]);
  });

  it('splits kernels over cores in blocks, each block at a 64-byte boundary', () => {
    // 5 kernels, 4 cores: 2 per core -> cores 0, 1, 2 hold [0, 1], [2, 3], [4]; core 3 none.
    expect(coreKernels(5, 4)).toEqual([
      { first: 0, count: 2 },
      { first: 2, count: 2 },
      { first: 4, count: 1 },
      { first: 5, count: 0 },
    ]);
    const kernels = [0, 1, 2, 3, 4].map((k) => Uint8Array.from([k, 0, k]));
    const enc = encodeWeights(kernels, { zeroPoint: 0, cores: 4, maxZrlBits: 0, bias: i32(10, 11, 12, 13, 14), outputOffset: i32(0, 4, 8, 12, 16) });
    const b = enc.bytes;
    expect(b.length).toBe(64 + 3 * 64);
    expect(Array.from(b.subarray(0, 16))).toEqual([64, 0, 0, 0, 64, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0]);
    // Core 2 (byte 192): zrl_bits 0, count 1, kernel 4 = [4 | bias 14 | 0 4 | offset 16].
    expect(Array.from(b.subarray(192, 192 + 14))).toEqual([0, 1, 0, 4, 14, 0, 0, 0, 0, 4, 16, 0, 0, 0]);
    // Core 1 (byte 128): count 2.
    expect(Array.from(b.subarray(128, 131))).toEqual([0, 2, 0]);
    const dec = decodeWeights(b, layoutOf(5, 3, 0, 0, 4));
    expect(dec.kernels).toEqual(kernels);
    expect(dec.bias).toEqual(i32(10, 11, 12, 13, 14));
    expect(dec.outputOffset).toEqual(i32(0, 4, 8, 12, 16));
  });
});

describe('vipnano zrl: the choice of zrl_bits', () => {
  const opts = (maxZrlBits: number, zeroPoint = 0, n = 1) => ({ zeroPoint, cores: 2, maxZrlBits, bias: new Int32Array(n), outputOffset: new Int32Array(n) });

  it('all zero points -> the maximum', () => {
    // 4 kernels of 4096 zero points: at 5 bits one code per 32 values, ~128 * 13 bits per kernel;
    // at 4 bits twice the codes. Strictly decreasing in bytes up to the maximum.
    const kernels = Array.from({ length: 4 }, () => new Uint8Array(4096).fill(9));
    for (const max of [1, 3, 5, 8]) {
      const enc = encodeWeights(kernels, opts(max, 9, 4));
      expect(enc.zrlBits).toBe(max);
      const s = zrlStats(kernels, opts(max, 9, 4));
      expect(s.zeroPointFraction).toBe(1);
      expect(s.codedBytes).toBe(enc.bytes.length);
      for (let b = 1; b <= max; b++) expect(s.bytesByZrlBits[b]).toBeLessThan(s.bytesByZrlBits[b - 1]!);
    }
  });

  it('no zero points -> 0 bits', () => {
    const rnd = mulberry32(3);
    const kernels = Array.from({ length: 3 }, () => Uint8Array.from({ length: 500 }, () => 1 + Math.floor(rnd() * 255)));
    const enc = encodeWeights(kernels, opts(8, 0, 3));
    expect(enc.zrlBits).toBe(0);
    // 0 bits: 2 cores (2 + 1 kernels), 3 + 2 * (500 + 8) = 1019 -> 1024 and 3 + 508 = 511 -> 512, plus the header.
    expect(enc.bytes.length).toBe(64 + 1024 + 512);
    expect(zrlStats(kernels, opts(8, 0, 3)).rawBytes).toBe(1500);
  });

  it('isolated zero points: the size each zrl_bits gives, worked out by hand', () => {
    // One kernel of 1 + 120 values, alternating zp, v, zp, v, ...: 60 runs of one zero point.
    // 0 bits: 121 codes * 8 = 968 bits. 1 bit: (0, v0) + 60 codes (1, v) = 61 * 9 = 549.
    // 2 bits: 61 * 10 = 610. Plus 24 + 64 bits: 1056, 637, 698 -> 132, 80, 88 bytes -> 192, 128, 128 blocks.
    const k = new Uint8Array(121).map((_, i) => (i % 2 === 1 ? 0 : 5));
    const s = zrlStats([k], { zeroPoint: 0, cores: 1, maxZrlBits: 2, bias: new Int32Array(1), outputOffset: new Int32Array(1) });
    expect(s.bytesByZrlBits).toEqual([64 + 192, 64 + 128, 64 + 128]);
    // 1 and 2 bits tie in bytes; 1 bit codes fewer bits.
    expect(s.zrlBits).toBe(1);
  });
});

/** Random kernels with many zero points. */
function randomCase(rnd: () => number): { kernels: Uint8Array[]; opts: Parameters<typeof encodeWeights>[1] } {
  const K = 1 + Math.floor(rnd() * 20);
  const n = 1 + Math.floor(rnd() * 60);
  const zp = Math.floor(rnd() * 256);
  const density = rnd();
  const kernels = Array.from({ length: K }, () => Uint8Array.from({ length: n }, () => (rnd() < density ? zp : Math.floor(rnd() * 256))));
  const bias = Int32Array.from({ length: K }, () => Math.floor((rnd() * 2 - 1) * 2 ** 31));
  const outputOffset = Int32Array.from({ length: K }, () => Math.floor((rnd() * 2 - 1) * 2 ** 31));
  return { kernels, opts: { zeroPoint: zp, cores: 1 + Math.floor(rnd() * 8), maxZrlBits: Math.floor(rnd() * (ZRL_BITS_LIMIT + 1)), bias, outputOffset } };
}

describe('vipnano zrl: round trips', () => {
  it('decodes what it encodes', () => {
    const rnd = mulberry32(11);
    const chosen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const { kernels, opts } = randomCase(rnd);
      const enc = encodeWeights(kernels, opts);
      chosen.add(enc.zrlBits);
      expect(enc.zrlBits).toBeLessThanOrEqual(opts.maxZrlBits);
      expect(enc.bytes.length % 64).toBe(0);
      const dec = decodeWeights(enc.bytes, { kernels: kernels.length, kernelSize: kernels[0]!.length, cores: opts.cores, zrlBits: enc.zrlBits, zeroPoint: opts.zeroPoint });
      expect(dec.kernels).toEqual(kernels);
      expect(dec.bias).toEqual(opts.bias);
      expect(dec.outputOffset).toEqual(opts.outputOffset);
      // The chosen size is the smallest of all.
      expect(enc.bytes.length).toBe(Math.min(...zrlStats(kernels, opts).bytesByZrlBits));
    }
    expect(chosen.size).toBeGreaterThan(4);
  });

  it('saturates runs longer than 2^zrl_bits - 1', () => {
    // [1, ten zero points, 2] at 2 bits: (0, 1) | bias | (3, zp) (3, zp) (2, 2) | offset:
    // 24 + 10 + 32 + 30 + 32 = 128 bits; at 1 bit 7 codes, at 0 bits 12.
    const zp = 200;
    const kernel = Uint8Array.from([1, ...new Array<number>(10).fill(zp), 2]);
    const enc = encodeWeights([kernel], { zeroPoint: zp, cores: 1, maxZrlBits: 2, bias: i32(0), outputOffset: i32(0) });
    expect(enc.zrlBits).toBe(2);
    const block = bits([[2, 8], [1, 16], [0, 2], [1, 8], [0, 32], [3, 2], [zp, 8], [3, 2], [zp, 8], [2, 2], [2, 8], [0, 32]]);
    expect(enc.bytes).toEqual(oneCore(block));
    expect(decodeWeights(enc.bytes, layoutOf(1, 12, 2, zp)).kernels).toEqual([kernel]);
    // [zp, zp]: the first value's code, then a run of 1 pending at the end, written as (0, zp).
    const two = Uint8Array.from([zp, zp]);
    const e1 = encodeWeights([two], { zeroPoint: zp, cores: 1, maxZrlBits: 1, bias: i32(0), outputOffset: i32(0) });
    expect(decodeWeights(e1.bytes, layoutOf(1, 2, e1.zrlBits, zp)).kernels).toEqual([two]);
    // Long all-zero-point kernels at every width.
    for (let b = 1; b <= ZRL_BITS_LIMIT; b++) {
      const k = new Uint8Array(3 * 2 ** b + 5).fill(zp);
      const e = encodeWeights([k], { zeroPoint: zp, cores: 1, maxZrlBits: b, bias: i32(0), outputOffset: i32(0) });
      expect(e.zrlBits).toBe(b);
      expect(decodeWeights(e.bytes, layoutOf(1, k.length, b, zp)).kernels).toEqual([k]);
    }
  });
});

describe('vipnano zrl: malformed input', () => {
  const zrl2 = (): Uint8Array => oneCore(ZRL2_BLOCK);
  const L2 = layoutOf(1, 8, 2, 0x80);
  const expectError = (bytes: Uint8Array, layout: ZrlLayout, pattern: RegExp): void => {
    let err: unknown = null;
    try {
      decodeWeights(bytes, layout);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BackendError);
    expect((err as Error).message).toMatch(pattern);
    expect((err as Error).message).toMatch(/at byte \d+/);
  };

  it('rejects bad headers and lengths', () => {
    expectError(zrl2().subarray(0, 63), L2, /cannot hold the 64-byte header at byte 0/);
    // Block cut off: the header's lengths no longer match the buffer.
    expectError(zrl2().subarray(0, 100), L2, /sum to 128 bytes, the buffer has 100/);
    // An extra byte after the block.
    const longer = new Uint8Array(129);
    longer.set(zrl2());
    expectError(longer, L2, /sum to 128 bytes, the buffer has 129/);
    // A length that is not a multiple of 64.
    const odd = zrl2();
    odd[0] = 63;
    expectError(odd, L2, /block length 63 is not a positive multiple of 64 at byte 0/);
    // A used core with length 0.
    const zero = zrl2();
    zero[0] = 0;
    expectError(zero, L2, /block length 0/);
    // A core without kernels with a length (2 cores, 1 kernel).
    const extra = new Uint8Array(192);
    extra.set(zrl2());
    extra[4] = 64;
    expectError(extra, { ...L2, cores: 2 }, /core 1 has no kernels but a 64-byte block at byte 4/);
    // Nonzero header padding.
    const pad = zrl2();
    pad[20] = 1;
    expectError(pad, L2, /nonzero header padding at byte 20/);
    // A block longer than its content needs (128 for 16 bytes).
    const big = new Uint8Array(64 + 128);
    big[0] = 128;
    big.set(ZRL2_BLOCK, 64);
    expectError(big, L2, /block of 128 bytes, its content needs 64, at byte 64/);
  });

  it('rejects bad block headers', () => {
    const z = zrl2();
    z[64] = 3;
    expectError(z, L2, /zrl_bits 3, expected 2, at byte 64/);
    const c = zrl2();
    c[65] = 2;
    expectError(c, L2, /holds 2 kernels, expected 1, at byte 65/);
  });

  it('rejects runs past the bias or the kernel end', () => {
    // First code's run (bits 24-25 = byte 67 bits 0-1) set to 1: two values before the bias.
    const first = zrl2();
    first[64 + 3] = 0x01;
    expectError(first, L2, /run of 1 zero points in kernel 0 \(before its bias\) passes its end \(1 values left\) at byte 67/);
    // Last code's run (bits 86-87 = byte 74 bits 6-7) 1 -> 3: 4 values where 2 are left.
    const last = zrl2();
    last[64 + 10] = 0xc4;
    expectError(last, L2, /run of 3 zero points in kernel 0 passes its end \(2 values left\) at byte 74/);
  });

  it('rejects truncated blocks and nonzero padding', () => {
    // A 64-byte block for 1 kernel of 100 values at 8 bits: the minimum (runs of 256) fits,
    // but codes (0, 0) give one value each and run out of bits.
    const t = new Uint8Array(128);
    t[0] = 64;
    t.set([8, 1, 0], 64);
    expectError(t, layoutOf(1, 100, 8, 0), /stream truncated in kernel 0 at byte 128/);
    // Too small for the layout at all: refused before allocating.
    expectError(zrl2(), layoutOf(1, 1e9, 2, 0x80), /cannot hold 1 kernels of 1000000000 values at byte 0/);
    // Bytes after the content.
    const tail = zrl2();
    tail[64 + 16] = 1;
    expectError(tail, L2, /nonzero padding at byte 80/);
    // Bits after the content in its last byte: a 1-value kernel at 2 bits is 24 + 10 + 64 = 98 bits,
    // so byte 12 of the block holds 2 content bits.
    const b98 = oneCore(bits([[2, 8], [1, 16], [0, 2], [0x33, 8], [-5, 32], [7, 32]]));
    expect(decodeWeights(b98, layoutOf(1, 1, 2, 0))).toEqual({ kernels: [Uint8Array.from([0x33])], bias: i32(-5), outputOffset: i32(7) });
    b98[64 + 12]! |= 0x80;
    expectError(b98, layoutOf(1, 1, 2, 0), /nonzero padding bits at byte 76/);
  });

  it('rejects bad layouts and encoder inputs', () => {
    const bad: ZrlLayout[] = [
      { ...L2, zrlBits: ZRL_BITS_LIMIT + 1 },
      { ...L2, cores: 0 },
      { ...L2, kernelSize: 0 },
      { ...L2, kernels: 0 },
      { ...L2, zeroPoint: 256 },
      { ...L2, kernels: 65536 },
    ];
    for (const l of bad) expect(() => decodeWeights(zrl2(), l), JSON.stringify(l)).toThrow(BackendError);
    const k = [Uint8Array.from([1, 2])];
    const ok = { zeroPoint: 0, cores: 1, maxZrlBits: 2, bias: i32(0), outputOffset: i32(0) };
    expect(() => encodeWeights([], ok)).toThrow(BackendError);
    expect(() => encodeWeights([new Uint8Array(0)], ok)).toThrow(BackendError);
    expect(() => encodeWeights([...k, Uint8Array.from([1])], { ...ok, bias: i32(0, 0), outputOffset: i32(0, 0) })).toThrow(/kernel 1 has 1 values/);
    expect(() => encodeWeights(k, { ...ok, bias: i32() })).toThrow(/0 biases for 1 kernels/);
    expect(() => encodeWeights(k, { ...ok, outputOffset: i32(1, 2) })).toThrow(/2 output offsets/);
    expect(() => encodeWeights(k, { ...ok, maxZrlBits: 9 })).toThrow(BackendError);
    expect(() => encodeWeights(k, { ...ok, cores: 0 })).toThrow(BackendError);
    expect(() => encodeWeights(k, { ...ok, zeroPoint: -1 })).toThrow(BackendError);
    const many = Array.from({ length: 65536 }, () => new Uint8Array(1));
    expect(() => encodeWeights(many, { ...ok, bias: new Int32Array(65536), outputOffset: new Int32Array(65536) })).toThrow(/16-bit count/);
  });
});

describe('vipnano zrl: mutation fuzz', () => {
  it('decodes mutated streams or throws BackendError, never anything else', () => {
    const rnd = mulberry32(99);
    const cases = Array.from({ length: 40 }, () => {
      const { kernels, opts } = randomCase(rnd);
      const enc = encodeWeights(kernels, opts);
      return { bytes: enc.bytes, layout: { kernels: kernels.length, kernelSize: kernels[0]!.length, cores: opts.cores, zrlBits: enc.zrlBits, zeroPoint: opts.zeroPoint } };
    });
    let decoded = 0;
    let rejected = 0;
    for (let i = 0; i < 5000; i++) {
      const c = cases[i % cases.length]!;
      let bytes: Uint8Array = c.bytes.slice();
      let layout: ZrlLayout = c.layout;
      const edits = 1 + Math.floor(rnd() * 4);
      for (let e = 0; e < edits; e++) {
        const kind = Math.floor(rnd() * 8);
        const at = Math.floor(rnd() * bytes.length);
        if (kind <= 2) bytes[at]! ^= 1 << Math.floor(rnd() * 8);
        else if (kind === 3) bytes[at] = Math.floor(rnd() * 256);
        else if (kind === 4) bytes = bytes.slice(0, at);
        else if (kind === 5) {
          const grown = new Uint8Array(bytes.length + 1 + Math.floor(rnd() * 64));
          grown.set(bytes);
          bytes = grown;
        } else if (kind === 6) layout = { ...layout, zrlBits: Math.floor(rnd() * (ZRL_BITS_LIMIT + 1)) };
        else layout = { ...layout, kernelSize: Math.max(1, layout.kernelSize + Math.floor(rnd() * 5) - 2), kernels: Math.max(1, layout.kernels + Math.floor(rnd() * 3) - 1) };
      }
      try {
        const d = decodeWeights(bytes, layout);
        expect(d.kernels.length).toBe(layout.kernels);
        for (const k of d.kernels) expect(k.length).toBe(layout.kernelSize);
        decoded++;
      } catch (e) {
        if (!(e instanceof BackendError)) throw e;
        expect(e.message).toMatch(/at byte \d+/);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(1000);
    expect(decoded).toBeGreaterThan(50);
  });
});
