// What every NPU backend provides to the rest of npuc: encode one nir NPU
// segment into the bytes its kernel driver is handed, and, from those bytes
// alone, disassemble, execute and cost them. `pack` (module -> blob) and the
// runtime (blob -> outputs) only talk to a target through this interface; the
// table of backends is `src/targets/backends.ts`.

import type { Operation } from '../ir/operation.js';
import type { RegionKind } from '../dialects/nir/memory.js';

/** A problem with the input of a backend (bad nir, bad blob bytes): a clean error, exit 1. */
export class BackendError extends Error {}

/** One address space an encoded segment uses, numbered as the target numbers its regions. */
export interface EncodedRegion {
  /** The index the command stream uses for it (ethos-u55: 0 coefficients, 1 io, 2 scratch). */
  readonly index: number;
  readonly kind: RegionKind;
  /** Bytes the runtime allocates (zeroed) or, for a region with `contents`, the contents' size. */
  readonly size: number;
  /** Initial contents (the coefficients: weights, scales, tables, constants); null: zeroed. */
  readonly contents: Uint8Array | null;
}

/** An nir NPU segment as the target's job: a command stream and the regions it addresses. */
export interface EncodedNpuSegment {
  /** The command stream, as the kernel driver receives it. */
  readonly commandStream: Uint8Array;
  readonly regions: readonly EncodedRegion[];
  /**
   * One entry per operation in the command stream, in order: the nir op it
   * came from (its location, printed as MLIR prints `loc(...)`) for debug
   * locations and per-layer reports.
   */
  readonly opLocations: readonly string[];
}

/** What the executor gets: the command stream and every region, by index, as mutable bytes. */
export interface NpuJob {
  readonly commandStream: Uint8Array;
  /** `regions[index]`; an index the segment does not use is undefined. */
  readonly regions: readonly (Uint8Array | undefined)[];
}

/** Per-operation estimate, in the categories of Vela's performance report. */
export interface OperationCost {
  /** e.g. `CONV`, `DEPTHWISE`, `POOL`, `ELEMENTWISE`, `DMA`. */
  readonly kind: string;
  /** Debug location of the operation, when the blob has one. */
  readonly location: string;
  readonly macs: number;
  /** Cycles the MAC/elementwise units need. */
  readonly computeCycles: number;
  /** Cycles the memory traffic needs (per memory, summed). */
  readonly memoryCycles: number;
  /** max(compute, memory): what the operation costs. */
  readonly totalCycles: number;
  readonly bytes: { readonly ifm: number; readonly ifm2: number; readonly weights: number; readonly scales: number; readonly ofm: number };
}

export interface CostReport {
  /** The hardware configuration the estimate assumes, e.g. `ethos-u55-128, 500 MHz, 4 B/cycle`. */
  readonly configuration: string;
  readonly clockHz: number;
  readonly operations: readonly OperationCost[];
  readonly total: OperationCost;
}

export interface TargetBackend {
  /** The `--target` name. */
  readonly name: string;
  /** Encodes one nir NPU segment (a `func.func` with `npuc.segment = "npu"`); BackendError on what it cannot encode. */
  encodeSegment(fn: Operation): EncodedNpuSegment;
  /** Region index for a region kind (where the runtime binds inputs and outputs). */
  regionIndex(kind: RegionKind): number;
  /** Runs a job from its bytes alone; BackendError on a malformed stream or an out-of-region access. */
  execute(job: NpuJob): void;
  /** The command stream as text, one command per line with register names and decoded fields. */
  disassemble(commandStream: Uint8Array): string;
  /** The same as data, for `--json`. */
  disassembleJson(commandStream: Uint8Array): unknown;
  /** Estimates the job; `locations[i]` names operation i. */
  cost(commandStream: Uint8Array, locations: readonly string[]): CostReport;
  /**
   * Optional, for targets whose command stream points into a region (vipnano:
   * a kick list of descriptor addresses in region 0): the listing with what
   * the regions hold (descriptors, weight streams). Read-only on the regions.
   */
  disassembleJob?(job: NpuJob): string;
  /** Optional, likewise: the estimate from the command stream and the regions. */
  costJob?(job: NpuJob, locations: readonly string[]): CostReport;
}

/** The TOTAL row of a cost report: every figure summed over the operations. */
export function totalCost(operations: readonly OperationCost[]): OperationCost {
  const sum = (f: (c: OperationCost) => number): number => operations.reduce((a, c) => a + f(c), 0);
  return {
    kind: 'TOTAL',
    location: '',
    macs: sum((c) => c.macs),
    computeCycles: sum((c) => c.computeCycles),
    memoryCycles: sum((c) => c.memoryCycles),
    totalCycles: sum((c) => c.totalCycles),
    bytes: {
      ifm: sum((c) => c.bytes.ifm),
      ifm2: sum((c) => c.bytes.ifm2),
      weights: sum((c) => c.bytes.weights),
      scales: sum((c) => c.bytes.scales),
      ofm: sum((c) => c.bytes.ofm),
    },
  };
}
