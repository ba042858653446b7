// The ethos-u55 cost model: per-operation MACs, compute cycles, memory cycles
// and bytes moved, estimated from the decoded operations alone, in the
// categories of Vela's performance report (`ethosu/vela/npu_performance.py`)
// so the two can be put side by side (shared/targets/ethos-u55.md, "Cost
// model"). The figures below are Vela's; the code is npuc's own.
//
// Per operation:
//   MACs      CONV: OFM H*W*D * kernel H*W * IFM depth; DEPTHWISE: OFM H*W*D *
//             kernel H*W; POOL, ELEMENTWISE, DMA: 0 (pooling is not counted as
//             MACs, as in Vela's original `performance_metrics_for_pass`).
//   compute   CONV / DEPTHWISE / POOL: Vela's block model. The OFM is cut into
//             blocks of the operation's block config (clamped to the OFM), and
//             every block costs whole micro-blocks and whole kernel steps, so a
//             partial block costs as much as a full one (an OFM of depth 17
//             with block depth 16 runs 2 depth blocks). The MAC unit (DPU) and
//             the output unit work on consecutive blocks in a pipeline: the
//             slower of the two, per block, times the block count, plus one
//             block of the faster. Each stage per block is at least a quarter
//             of one block's command (IFM block fetch + OFM block write with
//             their latencies, DPU and output work), as in Vela.
//             ELEMENTWISE: the output unit's cycles per element times the OFM
//             elements (as in Vela, not per block), at least the per-block
//             command minimum.
//             DMA: 0 (memory only).
//   memory    bytes moved to or from each memory / that memory's bandwidth,
//             rounded up to whole cycles, summed over the memories (as the
//             `OperationCost` contract says; Vela instead takes the max over
//             memories, the two AXI ports working in parallel).
//   total     max(compute, memory).
//
// Bytes moved (what `memory` divides):
//   ifm       CONV / DEPTHWISE / POOL: Vela's `measure_element_access`: each
//             OFM block fetches its whole IFM block (the receptive field,
//             halo and padding included, rounded up to the micro-block) at the
//             full IFM depth, once per sub-kernel (kernels are cut into 8x8
//             pieces) and, for CONV, once per OFM depth block. So overlapping
//             kernel windows across blocks are re-read, and partial edge
//             blocks fetch a full block. ELEMENTWISE: one IFM element per OFM
//             element.
//   ifm2      ELEMENTWISE with a second operand in memory: one element per OFM
//             element (broadcast operands are re-read, as Vela counts them);
//             0 for a scalar in IFM2_SCALAR.
//   weights   the weight stream length, times the number of spatial OFM blocks:
//             the stream is read from the weight region for every OFM block
//             position (Vela's `weights_refetch`; npuc streams weights straight
//             from region 0, with no SRAM buffering).
//   scales    the scale stream length, read once (as Vela counts it).
//   ofm       the OFM, written once.
//   DMA       `ifm` is the bytes read from the source region, `ofm` the bytes
//             written to the destination region (0 for SHRAM, inside the NPU,
//             where LUTs are loaded).
//   NHCWB16 feature maps count their depth rounded up to 16 (Vela's storage
//   rounding for that format).
//
// Simplifications against Vela: no burst-length efficiency scaling of
// feature-map traffic; no part-kernel-first traversal (the decoded operation
// does not carry it; depth-first is assumed); memory latencies only enter the
// per-block command minimum and the scale fetch, not the memory cycles; no
// overlap between consecutive operations (every operation is costed alone and
// totals are plain sums).

import { totalCost, type CostReport, type OperationCost } from '../../codegen/backend.js';
import type { BlockOperation, DmaOperation, FeatureMap, NpuOperation } from './operation.js';
import { ACTIVATION_FUNCTION, ELEMENTWISE_MODE, POOLING_MODE, REGION } from './registers.js';

// ---------------------------------------------------------------------------
// Configuration. Sources: Vela `ethosu/vela/architecture_features.py`
// (ArchitectureFeatures.accelerator_configs, _generate_output_perf_tables,
// _set_default_sys_config) and `ethosu/config_files/Arm/vela.ini`
// ([System_Config.Ethos_U55_High_End_Embedded], the same values as Vela's
// built-in default system config for an Ethos-U55).

/** Vela `--accelerator-config` this model assumes (Accelerator.Ethos_U55_128). */
export const ACCELERATOR = 'ethos-u55-128';

/**
 * OFM micro-block of ethos-u55-128: 2 wide, 1 high, 8 deep
 * (accelerator_configs[Ethos_U55_128].ofm_ublock = Block(2, 1, 8)).
 */
export const OFM_UBLOCK = { width: 2, height: 1, depth: 8 } as const;

/** DPU dot-product width (architecture_features.py: dpu_dot_product_width = 8). */
export const DOT_PRODUCT_WIDTH = 8;

/**
 * MACs per cycle: ublock height * width * dot-product width * ublock depth
 * = 1 * 2 * 8 * 8 = 128 (architecture_features.py: num_macs_per_cycle).
 */
export const MACS_PER_CYCLE = OFM_UBLOCK.height * OFM_UBLOCK.width * DOT_PRODUCT_WIDTH * OFM_UBLOCK.depth;

/** Core clock: 500 MHz (Vela's default Ethos-U55 system config, "Ethos-U55 High-End Embedded": core_clock = 500e6). */
export const CLOCK_HZ = 500e6;

/** AXI port width of an Ethos-U55: 64 bits = 8 bytes per cycle at clock scale 1 (architecture_features.py: axi_port_width). */
export const AXI_BYTES_PER_CYCLE = 64 / 8;

/**
 * SRAM (AXI0; npuc region 2, scratch): Sram_clock_scale = 1.0, so 8 bytes per
 * cycle (4 GB/s at 500 MHz). Read and write latency 32 cycles.
 */
export const SRAM_BYTES_PER_CYCLE = AXI_BYTES_PER_CYCLE * 1.0;
export const SRAM_LATENCY = { read: 32, write: 32 } as const;

/**
 * The off-chip memory on AXI1, npuc's "DRAM" (regions 0, coefficients, and 1,
 * io): Vela's default Ethos-U55 system config has OffChipFlash there with
 * OffChipFlash_clock_scale = 0.125, so 1 byte per cycle (0.5 GB/s at 500 MHz).
 * Read and write latency 64 cycles. (Vela's U55 configs have no DRAM proper;
 * its U65 configs put DRAM on AXI1 with the same role.)
 */
export const DRAM_BYTES_PER_CYCLE = AXI_BYTES_PER_CYCLE * 0.125;
export const DRAM_LATENCY = { read: 64, write: 64 } as const;

/**
 * Output-unit cycles per OFM element for ethos-u55-128
 * (_generate_output_perf_tables: output_cycles_per_elem), by Vela's index:
 * 0 elementwise int32 unary, 1 elementwise int32 binary, 2 MUL with int32 OFM,
 * 3 MUL or a 40-bit accumulator, 4 simple ADD/SUB, 5 ADD/SUB with rescaling,
 * 6 max pooling, 7 everything else.
 */
export const OUTPUT_CYCLES_PER_ELEMENT = [0.75, 1.25, 0.75, 0.75, 1.0, 1.5, 0.25, 0.5] as const;

/**
 * Activation-unit cycles per OFM element for ethos-u55-128
 * (activation_cycles_per_elem): 0 sigmoid/tanh/LUT, 1 ReLU-like clamp, 2 none.
 */
export const ACTIVATION_CYCLES_PER_ELEMENT = [1.0, 0.5, 0.0] as const;

/** Kernels are run as sub-kernels of at most 8x8 (sub_kernel_limits); the IFM block is fetched again for each. */
export const SUB_KERNEL_MAX = 8;

/** Bytes per OFM channel of scale and bias read per block: 10 (npu_performance.py: cycles_bias_blk). */
const SCALE_RECORD_BYTES_PER_CHANNEL = 10;

/** The configuration line of every report. */
export const CONFIGURATION = `${ACCELERATOR}, ${CLOCK_HZ / 1e6} MHz, SRAM ${SRAM_BYTES_PER_CYCLE} B/cycle, DRAM ${DRAM_BYTES_PER_CYCLE} B/cycle`;

// ---------------------------------------------------------------------------
// Memories.

type Memory = 'sram' | 'dram';

/** Region 2 (scratch) is SRAM; regions 0 (coefficients) and 1 (io), and any other, the AXI1 memory. */
function memoryOf(region: number): Memory {
  return region === REGION.scratch ? 'sram' : 'dram';
}
const bandwidth = (m: Memory): number => (m === 'sram' ? SRAM_BYTES_PER_CYCLE : DRAM_BYTES_PER_CYCLE);
const latency = (m: Memory): { read: number; write: number } => (m === 'sram' ? SRAM_LATENCY : DRAM_LATENCY);

/** Bytes per memory, to be turned into cycles. */
class Traffic {
  private readonly bytes = new Map<Memory, number>();
  add(region: number, n: number): void {
    if (n <= 0) return;
    const m = memoryOf(region);
    this.bytes.set(m, (this.bytes.get(m) ?? 0) + n);
  }
  /** Cycles per memory, each rounded up, summed. */
  cycles(): number {
    let c = 0;
    for (const [m, n] of this.bytes) c += Math.ceil(n / bandwidth(m));
    return c;
  }
}

// ---------------------------------------------------------------------------
// Helpers.

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);
const roundUp = (v: number, m: number): number => Math.ceil(v / m) * m;
const elementBytes = (fm: FeatureMap): number => fm.bits / 8;
/** Depth as stored: NHCWB16 rounds up to whole 16-channel bricks. */
const storedDepth = (fm: FeatureMap, depth = fm.depth): number => (fm.format === 'NHCWB16' ? roundUp(depth, 16) : depth);

interface Block3 {
  readonly width: number;
  readonly height: number;
  readonly depth: number;
}

/** The block config clamped to the OFM (Vela: Shape4D.min(ofm_shape, ofm_block)). */
function ofmBlockOf(op: BlockOperation): Block3 {
  return {
    width: Math.max(1, Math.min(op.block.width, op.ofm.width)),
    height: Math.max(1, Math.min(op.block.height, op.ofm.height)),
    depth: Math.max(1, Math.min(op.block.depth, op.ofm.depth)),
  };
}

/** Sub-kernel element counts: the kernel cut into pieces of at most 8x8. */
function subKernels(op: BlockOperation): number[] {
  const pieces = (k: number): number[] => Array.from({ length: ceilDiv(k, SUB_KERNEL_MAX) }, (_, i) => Math.min(k - i * SUB_KERNEL_MAX, SUB_KERNEL_MAX));
  const out: number[] = [];
  for (const y of pieces(op.kernel.height)) for (const x of pieces(op.kernel.width)) out.push(x * y);
  return out;
}

/** IFM channels one CONV pass over a block consumes: 32 at 8 bits, 16 at 16, 8 at 32 (Vela get_ifm_block_depth, depth-first). */
function convIfmBlockDepth(op: BlockOperation): number {
  const max = op.ifm.bits === 8 ? 32 : op.ifm.bits === 16 ? 16 : 8;
  return Math.min(op.ifm.depth, max);
}

/**
 * The IFM block an OFM block reads (Vela get_ifm_block_size): the receptive
 * field of the OFM block, the kernel capped at a sub-kernel, rounded up to the
 * micro-block, clamped to the IFM.
 */
function ifmBlockOf(op: BlockOperation, ofmBlock: Block3): Block3 {
  const dilatedW = (op.kernel.width - 1) * op.kernel.dilationX + 1;
  const dilatedH = (op.kernel.height - 1) * op.kernel.dilationY + 1;
  const w = roundUp((ofmBlock.width - 1) * op.kernel.strideX + Math.min(SUB_KERNEL_MAX, dilatedW), OFM_UBLOCK.width);
  const h = roundUp((ofmBlock.height - 1) * op.kernel.strideY + Math.min(SUB_KERNEL_MAX, dilatedH), OFM_UBLOCK.height);
  const d = op.kind === 'CONV' ? convIfmBlockDepth(op) : ofmBlock.depth;
  return { width: Math.min(w, op.ifm.width), height: Math.min(h, op.ifm.height), depth: Math.min(d, op.ifm.depth) };
}

/** 40-bit accumulators: a 16-bit IFM, except for pooling (Vela is_acc_40bits_used). */
const usesAcc40 = (op: BlockOperation): boolean => op.ifm.bits === 16 && op.kind !== 'POOL';

/** Vela's output_cycles_per_elem index for an operation. */
function outputIndex(op: BlockOperation): number {
  const unary = op.mode === ELEMENTWISE_MODE.ABS || op.mode === ELEMENTWISE_MODE.CLZ || op.mode === ELEMENTWISE_MODE.LRELU;
  if (op.kind === 'ELEMENTWISE' && op.ifm.bits === 32) return unary ? 0 : 1;
  const mul = op.kind === 'ELEMENTWISE' && op.mode === ELEMENTWISE_MODE.MUL;
  if (mul && op.ofm.bits === 32) return 2;
  if (mul || (op.kind !== 'ELEMENTWISE' && usesAcc40(op))) return 3;
  // Vela's current estimate always takes the rescaling ADD/SUB figure.
  if (op.kind === 'ELEMENTWISE' && (op.mode === ELEMENTWISE_MODE.ADD || op.mode === ELEMENTWISE_MODE.SUB)) return 5;
  if (op.kind === 'POOL' && op.mode === POOLING_MODE.MAX) return 6;
  return 7;
}

/** Vela's activation_cycles_per_elem index: table functions, a clamp narrower than the OFM type (a fused ReLU), none. */
function activationIndex(op: BlockOperation): number {
  const fn = op.activation.fn;
  if (fn === ACTIVATION_FUNCTION.TANH || fn === ACTIVATION_FUNCTION.SIGMOID || (fn >= ACTIVATION_FUNCTION.LUT_START && fn <= ACTIVATION_FUNCTION.LUT_END)) return 0;
  const bits = op.ofm.bits;
  const lo = op.ofm.signed ? -(2 ** (bits - 1)) : 0;
  const hi = op.ofm.signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  return op.activation.min > lo || op.activation.max < hi ? 1 : 2;
}

function outputCyclesPerElement(op: BlockOperation): number {
  return Math.max(OUTPUT_CYCLES_PER_ELEMENT[outputIndex(op)]!, ACTIVATION_CYCLES_PER_ELEMENT[activationIndex(op)]!);
}

/** Cycles to fetch one IFM block and write one OFM block, latencies included (Vela _estimate_minimum_memory_cycles, without burst scaling). */
function blockTransferCycles(op: BlockOperation, ifmBlock: Block3, ofmBlock: Block3): number {
  const im = memoryOf(op.ifm.region);
  const om = memoryOf(op.ofm.region);
  const ifmBytes = ifmBlock.width * ifmBlock.height * ifmBlock.depth * elementBytes(op.ifm);
  const ofmBytes = ofmBlock.width * ofmBlock.height * ofmBlock.depth * elementBytes(op.ofm);
  return latency(im).read + ifmBytes / bandwidth(im) + latency(om).write + ofmBytes / bandwidth(om);
}

// ---------------------------------------------------------------------------
// Compute cycles.

/** DPU cycles for one OFM block of a CONV / DEPTHWISE / POOL (Vela _estimate_conv_cycles, for ethos-u55-128). */
function dpuCyclesPerBlock(op: BlockOperation, ofmBlock: Block3): number {
  // (Vela's 4x1 micro-block for 1-high OFMs applies only to 2-high micro-blocks: not ethos-u55-128.)
  const ublkX = ceilDiv(ofmBlock.width, OFM_UBLOCK.width);
  const ublkY = ceilDiv(ofmBlock.height, OFM_UBLOCK.height);
  const ublkXY = ublkX * ublkY;
  const ublkZ = ceilDiv(ofmBlock.depth, OFM_UBLOCK.depth);
  const wide = op.ifm.bits === 16;
  // Weight-bandwidth floor per kernel step and micro-block column: 32 * ublock depth / 8.
  const weightFloor = (32 * OFM_UBLOCK.depth) / 8;
  const delay = usesAcc40(op) ? 3 : 2;
  let cycles = 0;
  for (const elems of subKernels(op)) {
    let steps: number;
    let c: number;
    if (op.kind === 'POOL') {
      steps = 1;
      c = Math.max(4, elems) * ublkXY * ublkZ * (wide ? 2 : 1);
    } else if (op.kind === 'DEPTHWISE') {
      steps = ceilDiv(elems, 4);
      c = Math.max(weightFloor, 4 * ublkXY * (wide ? 2 : 1)) * steps * ublkZ;
    } else {
      steps = elems;
      c = Math.max(weightFloor, 4 * ublkXY) * steps * ublkZ;
    }
    // Accumulator turnaround when a block is a single micro-block column.
    let d = 0;
    if (ublkX === 1 && ublkY === 1) {
      if (ublkZ === 1) d = delay * steps;
      else if (steps > 1) d = delay * (steps - 1) * ublkZ;
    }
    cycles += c + d;
  }
  // CONV: every IFM depth block is a further pass over the kernel.
  if (op.kind === 'CONV') cycles *= ceilDiv(op.ifm.depth, convIfmBlockDepth(op));
  return cycles;
}

function blockOpComputeCycles(op: BlockOperation): number {
  const ofmBlock = ofmBlockOf(op);
  const ifmBlock = ifmBlockOf(op, ofmBlock);
  const blocks = ceilDiv(op.ofm.height, ofmBlock.height) * ceilDiv(op.ofm.width, ofmBlock.width) * ceilDiv(op.ofm.depth, ofmBlock.depth);
  let dpu = dpuCyclesPerBlock(op, ofmBlock);
  let out = Math.ceil(outputCyclesPerElement(op) * ofmBlock.width * ofmBlock.height * ofmBlock.depth);
  if (op.scales) {
    // Fetching the block's scale records: 10 bytes per channel at the scale memory's read latency / 256.
    const bias = (SCALE_RECORD_BYTES_PER_CHANNEL * ofmBlock.depth * latency(memoryOf(op.scales.region)).read) / 256;
    out = Math.max(out, bias);
  }
  // Neither stage runs faster than a quarter of the whole block command.
  const cmd = (blockTransferCycles(op, ifmBlock, ofmBlock) + out + dpu) / 4;
  dpu = Math.max(dpu, cmd);
  out = Math.max(out, cmd);
  // Pipeline: the slower stage for every block, the faster one once.
  return Math.ceil(dpu > out ? dpu * blocks + out : out * blocks + dpu);
}

function elementwiseComputeCycles(op: BlockOperation): number {
  const ofmBlock = ofmBlockOf(op);
  const blockElems = ofmBlock.width * ofmBlock.height * ofmBlock.depth;
  let perElem = outputCyclesPerElement(op);
  // The elementwise IFM block is the OFM block.
  const cmd = (blockTransferCycles(op, ofmBlock, ofmBlock) + perElem * blockElems) / 4;
  perElem = Math.max(perElem, cmd / blockElems);
  return Math.ceil(perElem * op.ofm.height * op.ofm.width * storedDepth(op.ofm));
}

// ---------------------------------------------------------------------------
// Per operation.

function macsOf(op: BlockOperation): number {
  const ofmElems = op.ofm.height * op.ofm.width * op.ofm.depth;
  const kernel = op.kernel.height * op.kernel.width;
  if (op.kind === 'CONV') return ofmElems * kernel * op.ifm.depth;
  if (op.kind === 'DEPTHWISE') return ofmElems * kernel;
  return 0;
}

function blockOpCost(op: BlockOperation, location: string): OperationCost {
  const traffic = new Traffic();
  const ofmElems = op.ofm.height * op.ofm.width * storedDepth(op.ofm);
  let ifm: number;
  let ifm2 = 0;
  let weights = 0;
  let computeCycles: number;
  if (op.kind === 'ELEMENTWISE') {
    ifm = op.ofm.height * op.ofm.width * storedDepth(op.ifm, op.ofm.depth) * elementBytes(op.ifm);
    if (op.ifm2 && !op.broadcast?.scalar) ifm2 = op.ofm.height * op.ofm.width * storedDepth(op.ifm2, op.ofm.depth) * elementBytes(op.ifm2);
    computeCycles = elementwiseComputeCycles(op);
  } else {
    const ofmBlock = ofmBlockOf(op);
    const ifmBlock = ifmBlockOf(op, ofmBlock);
    const spatialBlocks = ceilDiv(op.ofm.height, ofmBlock.height) * ceilDiv(op.ofm.width, ofmBlock.width);
    const depthBlocks = op.kind === 'CONV' ? ceilDiv(op.ofm.depth, ofmBlock.depth) : 1;
    ifm = ifmBlock.width * ifmBlock.height * storedDepth(op.ifm) * elementBytes(op.ifm) * subKernels(op).length * spatialBlocks * depthBlocks;
    if (op.weights) weights = op.weights.length * spatialBlocks;
    computeCycles = blockOpComputeCycles(op);
  }
  const scales = op.scales ? op.scales.length : 0;
  const ofm = ofmElems * elementBytes(op.ofm);
  traffic.add(op.ifm.region, ifm);
  if (op.ifm2) traffic.add(op.ifm2.region, ifm2);
  if (op.weights) traffic.add(op.weights.region, weights);
  if (op.scales) traffic.add(op.scales.region, scales);
  traffic.add(op.ofm.region, ofm);
  const memoryCycles = traffic.cycles();
  return {
    kind: op.kind,
    location,
    macs: macsOf(op),
    computeCycles,
    memoryCycles,
    totalCycles: Math.max(computeCycles, memoryCycles),
    bytes: { ifm, ifm2, weights, scales, ofm },
  };
}

function dmaCost(op: DmaOperation, location: string): OperationCost {
  const traffic = new Traffic();
  traffic.add(op.srcRegion, op.length);
  const written = op.dstRegion === 'shram' ? 0 : op.length;
  if (op.dstRegion !== 'shram') traffic.add(op.dstRegion, written);
  const memoryCycles = traffic.cycles();
  return {
    kind: 'DMA',
    location,
    macs: 0,
    computeCycles: 0,
    memoryCycles,
    totalCycles: memoryCycles,
    bytes: { ifm: op.length, ifm2: 0, weights: 0, scales: 0, ofm: written },
  };
}

/** Estimates each operation; `locations[op.index]` names operation `op` ('' when missing). */
export function estimateCost(ops: readonly NpuOperation[], locations: readonly string[]): CostReport {
  const operations = ops.map((op) => {
    const location = locations[op.index] ?? '';
    return op.kind === 'DMA' ? dmaCost(op, location) : blockOpCost(op, location);
  });
  const total = totalCost(operations);
  return { configuration: CONFIGURATION, clockHz: CLOCK_HZ, operations, total };
}

// ---------------------------------------------------------------------------
// Text.

const COLUMNS = ['#', 'kind', 'location', 'MACs', 'compute', 'memory', 'total', 'ifm', 'ifm2', 'weights', 'scales', 'ofm'] as const;
/** Columns left-aligned (text); the rest are numbers, right-aligned. */
const LEFT = new Set(['kind', 'location']);

/** Estimated time of `cycles` at `clockHz`, in milliseconds, as text. */
export function formatMilliseconds(cycles: number, clockHz: number): string {
  return ((cycles / clockHz) * 1000).toFixed(3);
}

/**
 * The report as a text table: a header line (configuration, total cycles,
 * time at the clock), the column names, one row per operation (index, kind,
 * location, MACs, compute / memory / total cycles, bytes ifm / ifm2 / weights
 * / scales / ofm) and a total row.
 */
export function formatCostTable(report: CostReport): string {
  const row = (index: string, c: OperationCost): string[] => [
    index,
    c.kind,
    c.location,
    String(c.macs),
    String(c.computeCycles),
    String(c.memoryCycles),
    String(c.totalCycles),
    String(c.bytes.ifm),
    String(c.bytes.ifm2),
    String(c.bytes.weights),
    String(c.bytes.scales),
    String(c.bytes.ofm),
  ];
  const rows: string[][] = [[...COLUMNS], ...report.operations.map((c, i) => row(String(i), c)), row('', { ...report.total, kind: 'total' })];
  const widths = COLUMNS.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  const line = (r: string[]): string =>
    r
      .map((cell, j) => (LEFT.has(COLUMNS[j]!) ? cell.padEnd(widths[j]!) : cell.padStart(widths[j]!)))
      .join('  ')
      .trimEnd();
  const header =
    `ethos-u55 cost estimate: ${report.configuration}; ${report.operations.length} operations, ` +
    `${report.total.totalCycles} cycles = ${formatMilliseconds(report.total.totalCycles, report.clockHz)} ms at ${report.clockHz / 1e6} MHz`;
  const rule = '-'.repeat(line(rows[0]!).length);
  return [header, line(rows[0]!), rule, ...rows.slice(1, -1).map(line), rule, line(rows[rows.length - 1]!)].join('\n') + '\n';
}
