// The ethos-u55 cost model (src/targets/ethos-u55/cost.ts) on operations built
// by hand (no decoder). Every expected number is worked out in the comments
// from the model's figures: ethos-u55-128 (OFM micro-block 2x1x8, 128
// MACs/cycle), 500 MHz, SRAM (region 2) 8 B/cycle with 32-cycle latency, DRAM
// (regions 0 and 1) 1 B/cycle with 64-cycle latency; output unit 0.5
// cycles/element for convolutions, 1.5 for ADD, 0.25 for max pooling.

import { describe, expect, it } from 'vitest';
import type { OperationCost } from '../../src/codegen/backend.js';
import {
  ACCELERATOR,
  CLOCK_HZ,
  DRAM_BYTES_PER_CYCLE,
  MACS_PER_CYCLE,
  SRAM_BYTES_PER_CYCLE,
  estimateCost,
  formatCostTable,
} from '../../src/targets/ethos-u55/cost.js';
import type { BlockOperation, DmaOperation, FeatureMap } from '../../src/targets/ethos-u55/operation.js';
import { ELEMENTWISE_MODE, POOLING_MODE } from '../../src/targets/ethos-u55/registers.js';

const SRAM = 2;
const DRAM = 1;

function fm(region: number, height: number, width: number, depth: number): FeatureMap {
  return {
    region,
    bases: [0, 0, 0, 0],
    height0: height,
    height1: height,
    width0: width,
    height,
    width,
    depth,
    strideX: depth,
    strideY: width * depth,
    strideC: 1,
    format: 'NHWC',
    signed: true,
    bits: 8,
    zeroPoint: 0,
  };
}

const unit = { scale: 1, shift: 0 };

function blockOp(
  kind: BlockOperation['kind'],
  parts: {
    ifm: FeatureMap;
    ofm: FeatureMap;
    ifm2?: FeatureMap;
    mode?: number;
    kernel?: number;
    stride?: number;
    block: [width: number, height: number, depth: number];
    weights?: number;
    scales?: number;
    index?: number;
  },
): BlockOperation {
  const k = parts.kernel ?? 1;
  const s = parts.stride ?? 1;
  return {
    kind,
    index: parts.index ?? 0,
    offset: 0,
    mode: parts.mode ?? 0,
    ifm: parts.ifm,
    ifm2: parts.ifm2 ?? null,
    ofm: parts.ofm,
    broadcast: kind === 'ELEMENTWISE' ? { h: false, w: false, c: false, reversed: false, scalar: false } : null,
    scalar: 0,
    pad: { top: 0, bottom: 0, left: 0, right: 0 },
    kernel: { width: k, height: k, strideX: s, strideY: s, dilationX: 1, dilationY: 1 },
    weights: parts.weights !== undefined ? { region: 0, address: 0, length: parts.weights } : null,
    scales: parts.scales !== undefined ? { region: 0, address: 0, length: parts.scales } : null,
    globalScale: parts.scales === undefined,
    ofmScale: unit,
    opaScale: unit,
    opbScale: unit,
    rounding: 0,
    // Full int8 range: no fused ReLU, so the activation unit adds nothing.
    activation: { fn: 0, min: -128, max: 127 },
    block: { width: parts.block[0], height: parts.block[1], depth: parts.block[2] },
    shram: { ibEnd: 0, abStart: 0, ib2Start: 0 },
  };
}

/** 3x3 CONV, IFM 16x16x64 -> OFM 16x16x`depth`, block 16x16x16, weights and scales in region 0. */
function conv3x3(depth: number, region = SRAM, index = 0): BlockOperation {
  return blockOp('CONV', {
    ifm: fm(region, 16, 16, 64),
    ofm: fm(region, 16, 16, depth),
    kernel: 3,
    block: [16, 16, 16],
    weights: 11024,
    scales: depth * 10,
    index,
  });
}

function cost(op: BlockOperation | DmaOperation, location = ''): OperationCost {
  return estimateCost([op], [location]).operations[0]!;
}

describe('ethos-u55 cost: configuration', () => {
  it('is ethos-u55-128 at Vela defaults', () => {
    // 1 (ublock height) * 2 (width) * 8 (dot product) * 8 (ublock depth).
    expect(MACS_PER_CYCLE).toBe(128);
    expect(ACCELERATOR).toBe('ethos-u55-128');
    expect(CLOCK_HZ).toBe(500e6);
    // 64-bit AXI = 8 B/cycle; SRAM clock scale 1, off-chip memory 1/8.
    expect(SRAM_BYTES_PER_CYCLE).toBe(8);
    expect(DRAM_BYTES_PER_CYCLE).toBe(1);
    const report = estimateCost([], []);
    expect(report.configuration).toContain('ethos-u55-128');
    expect(report.clockHz).toBe(500e6);
    expect(report.total.totalCycles).toBe(0);
  });
});

describe('ethos-u55 cost: MACs', () => {
  it('counts a CONV as OFM elements * kernel area * IFM depth', () => {
    // OFM 8x8x16, kernel 3x3, IFM depth 8: 8*8*16 * 9 * 8 = 1024 * 72 = 73728.
    const op = blockOp('CONV', { ifm: fm(SRAM, 8, 8, 8), ofm: fm(SRAM, 8, 8, 16), kernel: 3, block: [8, 8, 16], weights: 2304, scales: 160 });
    expect(cost(op).macs).toBe(73728);
  });

  it('counts a DEPTHWISE as OFM elements * kernel area', () => {
    // OFM 8x8x16, kernel 3x3: 1024 * 9 = 9216.
    const op = blockOp('DEPTHWISE', { ifm: fm(SRAM, 8, 8, 16), ofm: fm(SRAM, 8, 8, 16), kernel: 3, block: [8, 8, 16], weights: 176, scales: 160 });
    expect(cost(op).macs).toBe(9216);
  });

  it('counts no MACs for POOL and ELEMENTWISE', () => {
    const pool = blockOp('POOL', { ifm: fm(SRAM, 16, 16, 16), ofm: fm(SRAM, 8, 8, 16), mode: POOLING_MODE.MAX, kernel: 2, stride: 2, block: [8, 8, 16] });
    const add = blockOp('ELEMENTWISE', { ifm: fm(SRAM, 8, 8, 16), ifm2: fm(SRAM, 8, 8, 16), ofm: fm(SRAM, 8, 8, 16), mode: ELEMENTWISE_MODE.ADD, block: [8, 8, 16] });
    expect(cost(pool).macs).toBe(0);
    expect(cost(add).macs).toBe(0);
    expect(cost(pool).computeCycles).toBeGreaterThan(0);
    expect(cost(add).computeCycles).toBeGreaterThan(0);
  });
});

describe('ethos-u55 cost: compute cycles from blocks', () => {
  // conv3x3, OFM block 16x16x16 (all in SRAM):
  //   micro-blocks per block: x = 16/2 = 8, y = 16/1 = 16, xy = 128, z = 16/8 = 2.
  //   DPU per block: max(32, 4*128) * 9 kernel steps * 2 = 9216, times
  //     ceil(64 IFM channels / 32 per pass) = 2 -> 18432.
  //   Output per block: 0.5 * 16*16*16 = 2048 (scale fetch: 10*16*64/256 = 40, less).
  //   Block command: IFM block 16x16 (18 clamped to the 16-wide IFM) x 32 = 8192 B:
  //     32 + 8192/8 = 1056; OFM block 4096 B: 32 + 512 = 544;
  //     (1056 + 544 + 2048 + 18432) / 4 = 5520 -> output stage 5520.
  //   Per op: DPU is slower: 18432 * blocks + 5520.
  it('costs an OFM of depth 17 with block depth 16 as 2 depth blocks', () => {
    const d16 = cost(conv3x3(16)); // 1 block: 18432 + 5520 = 23952
    const d17 = cost(conv3x3(17)); // 2 blocks: 2 * 18432 + 5520 = 42384
    const d32 = cost(conv3x3(32)); // 2 full blocks, the same
    expect(d16.computeCycles).toBe(23952);
    expect(d17.computeCycles).toBe(42384);
    expect(d32.computeCycles).toBe(42384);
  });

  it('costs a DEPTHWISE by kernel steps of 4', () => {
    // OFM 8x8x16, block 8x8x16: micro-blocks xy = 4*8 = 32, z = 2.
    //   DPU: max(32, 4*32) * ceil(9/4) * 2 = 128 * 3 * 2 = 768.
    //   Output: 0.5 * 1024 = 512 (scale fetch 40, less).
    //   Command: IFM block 8x8x16 = 1024 B: 32 + 128 = 160; OFM 160;
    //     (160 + 160 + 512 + 768) / 4 = 400, below both.
    //   One block, DPU slower: 768 + 512 = 1280.
    const op = blockOp('DEPTHWISE', { ifm: fm(SRAM, 8, 8, 16), ofm: fm(SRAM, 8, 8, 16), kernel: 3, block: [8, 8, 16], weights: 176, scales: 160 });
    expect(cost(op).computeCycles).toBe(1280);
  });

  it('costs a max POOL by kernel elements and the output unit', () => {
    // IFM 16x16x16, 2x2 stride 2 -> OFM 8x8x16, block 8x8x16: xy = 32, z = 2.
    //   DPU: max(4, 4) * 32 * 2 = 256. Output: 0.25 * 1024 = 256.
    //   Command: IFM block (7*2+2 = 16)x16x16 = 4096 B: 32 + 512 = 544; OFM 1024 B: 160;
    //     (544 + 160 + 256 + 256) / 4 = 304 -> both stages 304.
    //   One block: 304 + 304 = 608.
    const op = blockOp('POOL', { ifm: fm(SRAM, 16, 16, 16), ofm: fm(SRAM, 8, 8, 16), mode: POOLING_MODE.MAX, kernel: 2, stride: 2, block: [8, 8, 16] });
    expect(cost(op).computeCycles).toBe(608);
  });
});

describe('ethos-u55 cost: bytes and memory cycles', () => {
  it('counts the bytes a CONV moves, IFM re-read per OFM depth block', () => {
    // conv3x3(17): 1 spatial block, 2 depth blocks; IFM block 16x16 at full depth 64
    //   = 16384 B per block -> 32768. Weights 11024 * 1 spatial block; scales 170;
    //   OFM 16*16*17 = 4352.
    const c = cost(conv3x3(17));
    expect(c.bytes).toEqual({ ifm: 32768, ifm2: 0, weights: 11024, scales: 170, ofm: 4352 });
  });

  it('re-reads overlapping IFM windows and weights per spatial block', () => {
    // conv3x3(16) with a 8x8x16 block: 2x2 spatial blocks. IFM block: (7+3 = 10) x 10,
    //   at depth 64 -> 6400 B per block, 4 blocks -> 25600 (> the 16384-byte IFM).
    //   Weights 11024 * 4 = 44096.
    const op = { ...conv3x3(16), block: { width: 8, height: 8, depth: 16 } };
    const c = cost(op);
    expect(c.bytes.ifm).toBe(25600);
    expect(c.bytes.weights).toBe(44096);
    expect(c.bytes.ofm).toBe(4096);
  });

  it('is compute-bound with feature maps in SRAM: total = compute', () => {
    // conv3x3(17): SRAM 32768 + 4352 = 37120 B / 8 = 4640; DRAM (region 0)
    //   11024 + 170 = 11194 B / 1 = 11194; memory = 15834 < compute 42384.
    const c = cost(conv3x3(17));
    expect(c.memoryCycles).toBe(15834);
    expect(c.computeCycles).toBe(42384);
    expect(c.totalCycles).toBe(42384);
  });

  it('is memory-bound for an ADD in DRAM: total = memory', () => {
    // ADD 8x8x16, block 8x8x16, everything in region 1 (1 B/cycle, latency 64):
    //   output 1.5 cycles/element; command (64 + 1024 + 64 + 1024 + 1.5*1024) / 4 = 928
    //   per 1024 elements (< 1.5 each) -> compute 1.5 * 1024 = 1536.
    //   Memory: IFM 1024 + IFM2 1024 + OFM 1024 = 3072 B / 1 = 3072.
    const op = blockOp('ELEMENTWISE', { ifm: fm(DRAM, 8, 8, 16), ifm2: fm(DRAM, 8, 8, 16), ofm: fm(DRAM, 8, 8, 16), mode: ELEMENTWISE_MODE.ADD, block: [8, 8, 16] });
    const c = cost(op);
    expect(c.bytes).toEqual({ ifm: 1024, ifm2: 1024, weights: 0, scales: 0, ofm: 1024 });
    expect(c.computeCycles).toBe(1536);
    expect(c.memoryCycles).toBe(3072);
    expect(c.totalCycles).toBe(3072);
  });

  it('makes the same ADD compute-bound in SRAM', () => {
    // Memory 3072 / 8 = 384; compute 1536 (command (32+128+32+128+1536)/4 = 464 per block, less).
    const op = blockOp('ELEMENTWISE', { ifm: fm(SRAM, 8, 8, 16), ifm2: fm(SRAM, 8, 8, 16), ofm: fm(SRAM, 8, 8, 16), mode: ELEMENTWISE_MODE.ADD, block: [8, 8, 16] });
    const c = cost(op);
    expect(c.memoryCycles).toBe(384);
    expect(c.totalCycles).toBe(1536);
  });

  it('costs a DMA by memory only, both ways', () => {
    // 1000 B from region 0 (1000 / 1 = 1000) to region 2 (ceil(1000 / 8) = 125): 1125.
    const dma: DmaOperation = { kind: 'DMA', index: 0, offset: 0, srcRegion: 0, src: 0, dstRegion: 2, dst: 0, length: 1000 };
    const c = cost(dma);
    expect(c).toMatchObject({ kind: 'DMA', macs: 0, computeCycles: 0, memoryCycles: 1125, totalCycles: 1125 });
    expect(c.bytes).toEqual({ ifm: 1000, ifm2: 0, weights: 0, scales: 0, ofm: 1000 });
    // A LUT load into SHRAM only reads the source: 256 B from region 0 = 256 cycles.
    const lut: DmaOperation = { ...dma, dstRegion: 'shram', length: 256 };
    expect(cost(lut)).toMatchObject({ memoryCycles: 256, totalCycles: 256, bytes: { ifm: 256, ofm: 0 } });
  });
});

describe('ethos-u55 cost: report', () => {
  const ops = [
    conv3x3(17, SRAM, 0),
    { kind: 'DMA', index: 1, offset: 0, srcRegion: 0, src: 0, dstRegion: 2, dst: 0, length: 1000 } satisfies DmaOperation,
    { ...blockOp('ELEMENTWISE', { ifm: fm(DRAM, 8, 8, 16), ifm2: fm(DRAM, 8, 8, 16), ofm: fm(DRAM, 8, 8, 16), mode: ELEMENTWISE_MODE.ADD, block: [8, 8, 16] }), index: 2 },
  ];
  const report = estimateCost(ops, ['loc("conv1")', 'loc("lut")', 'loc("add1")']);

  it('names operations by their locations', () => {
    expect(report.operations.map((c) => [c.kind, c.location])).toEqual([
      ['CONV', 'loc("conv1")'],
      ['DMA', 'loc("lut")'],
      ['ELEMENTWISE', 'loc("add1")'],
    ]);
    expect(estimateCost([conv3x3(16)], []).operations[0]!.location).toBe('');
  });

  it('sums every field into the total', () => {
    // CONV 42384 + DMA 1125 + ADD 3072 = 46581 total cycles.
    expect(report.total.totalCycles).toBe(42384 + 1125 + 3072);
    // Compute 42384 + 0 + 1536; memory 15834 + 1125 + 3072.
    expect(report.total.computeCycles).toBe(43920);
    expect(report.total.memoryCycles).toBe(20031);
    // MACs: only the conv: 16*16*17 * 9 * 64 = 4352 * 576 = 2506752.
    expect(report.total.macs).toBe(2506752);
    // IFM 32768 + 1000 + 1024; OFM 4352 + 1000 + 1024.
    expect(report.total.bytes).toEqual({ ifm: 34792, ifm2: 1024, weights: 11024, scales: 170, ofm: 6376 });
  });

  it('formats a table with a header, one row per operation and a total', () => {
    const text = formatCostTable(report);
    const lines = text.trimEnd().split('\n');
    // 46581 cycles / 500 MHz = 93.162 us = 0.093 ms.
    expect(lines[0]).toContain('ethos-u55-128');
    expect(lines[0]).toContain('500 MHz');
    expect(lines[0]).toContain('46581 cycles');
    expect(lines[0]).toContain('0.093 ms');
    const head = lines[1]!.split(/\s+/);
    expect(head).toEqual(['#', 'kind', 'location', 'MACs', 'compute', 'memory', 'total', 'ifm', 'ifm2', 'weights', 'scales', 'ofm']);
    const conv = lines.find((l) => l.includes('loc("conv1")'))!.trim().split(/\s+/);
    expect(conv).toEqual(['0', 'CONV', 'loc("conv1")', '2506752', '42384', '15834', '42384', '32768', '0', '11024', '170', '4352']);
    const dma = lines.find((l) => l.includes('loc("lut")'))!.trim().split(/\s+/);
    expect(dma).toEqual(['1', 'DMA', 'loc("lut")', '0', '0', '1125', '1125', '1000', '0', '0', '0', '1000']);
    const total = lines[lines.length - 1]!.trim().split(/\s+/);
    expect(total).toEqual(['total', '2506752', '43920', '20031', '46581', '34792', '1024', '11024', '170', '6376']);
    // Numbers are right-aligned: the "total" column ends at the same place on every row.
    const end = lines[1]!.indexOf('total') + 'total'.length;
    expect(lines.filter((l) => l.includes('loc(')).every((l) => l[end - 1] !== ' ' && (l[end] === ' ' || l[end] === undefined))).toBe(true);
  });
});
