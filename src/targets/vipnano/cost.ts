// The vipnano cost model, in the categories of ethos-u55's (CostReport:
// per job MACs, compute cycles, memory cycles, total = max of the two,
// bytes), so `npuc inspect --cost` can put the targets side by side.
//
// Configuration (a VIPNano-QI as in the Amlogic A311D):
//   MACS_PER_CYCLE 768 int8 MACs per cycle: the A311D datasheet's figure as
//     quoted on the Khadas VIM3 forum (forum.khadas.com, "VIM3 NPU"); the
//     datasheet itself is not public. (Amlogic's headline 5 TOPS does not
//     follow from it at any plausible clock; npuc uses the per-cycle figure.)
//   CLOCK_HZ 800 MHz: npuc's assumption (no public source at hand).
//   BYTES_PER_CYCLE 8 bytes per cycle to and from DRAM (a 64-bit AXI port at
//     the NPU clock): npuc's assumption. npuc's model has no on-chip SRAM
//     (job.ts: no image or kernel caching), so every byte goes to DRAM.
//   TP_ELEMENTS_PER_CYCLE 1 element per cycle per TP job: npuc's assumption
//     (Mesa splits large reshuffles over the TP cores; npuc runs one job).
// Per job:
//   NN CONV   MACs = output x*y (before pooling) * kernels * kernel x*y*z;
//             compute = MACs / MACS_PER_CYCLE (no utilisation losses);
//             bytes: ifm = the input image once, weights = the coded weight
//             stream (header, blocks, biases), ofm = the output written.
//   NN ADD    MACs 0; compute = output elements / MACS_PER_CYCLE * 2 (two
//             inputs through the MAC array); ifm and ifm2 the two inputs.
//   TP        MACs 0; compute = elements / TP_ELEMENTS_PER_CYCLE; ifm = the
//             image bytes inside the window, ofm = the elements written.
//   memory = ceil(bytes / BYTES_PER_CYCLE); total = max(compute, memory).
// `scales` is 0: the biases are inside the weight stream.
// The command stream alone has only the kick list (the descriptors are in
// region 0): `estimateCost` without regions gives each job's kind and
// location with zero figures; `costJob` (TargetBackend, optional) reads the
// descriptors. A descriptor the model rejects also costs 0.

import { totalCost, type CostReport, type NpuJob, type OperationCost } from '../../codegen/backend.js';
import { REGION } from './job.js';
import { summarizeJob, type JobSummary } from './job-summary.js';
import { descriptorAt, readKickList } from './kick-list.js';

export const MACS_PER_CYCLE = 768;
export const CLOCK_HZ = 800e6;
export const BYTES_PER_CYCLE = 8;
export const TP_ELEMENTS_PER_CYCLE = 1;

export const CONFIGURATION = `vipnano (VIPNano-QI), ${CLOCK_HZ / 1e6} MHz, ${MACS_PER_CYCLE} MACs/cycle, DRAM ${BYTES_PER_CYCLE} B/cycle, TP ${TP_ELEMENTS_PER_CYCLE} element/cycle`;

function jobCost(s: JobSummary | null, kind: string, location: string): OperationCost {
  if (!s || s.error) return { kind, location, macs: 0, computeCycles: 0, memoryCycles: 0, totalCycles: 0, bytes: { ifm: 0, ifm2: 0, weights: 0, scales: 0, ofm: 0 } };
  const b = s.bytes;
  let compute: number;
  if (s.kind === 'TP') compute = Math.ceil(s.elements / TP_ELEMENTS_PER_CYCLE);
  else if (s.op === 'ADD') compute = Math.ceil((2 * b.ofm) / MACS_PER_CYCLE);
  else compute = Math.ceil(s.macs / MACS_PER_CYCLE);
  const memory = Math.ceil((b.ifm + b.ifm2 + b.weights + b.ofm) / BYTES_PER_CYCLE);
  return {
    kind: s.op,
    location,
    macs: s.macs,
    computeCycles: compute,
    memoryCycles: memory,
    totalCycles: Math.max(compute, memory),
    bytes: { ifm: b.ifm, ifm2: b.ifm2, weights: b.weights, scales: 0, ofm: b.ofm },
  };
}

function report(operations: OperationCost[], note: string): CostReport {
  const total = totalCost(operations);
  return { configuration: CONFIGURATION + note, clockHz: CLOCK_HZ, operations, total };
}

/** From the command stream alone: the jobs' kinds and locations, zero figures (the descriptors are in region 0). */
export function estimateCost(stream: Uint8Array, locations: readonly string[]): CostReport {
  const kicks = readKickList(stream);
  return report(
    kicks.map((k, i) => jobCost(null, k.kind, locations[i] ?? '')),
    '; command stream only: descriptors not read, figures 0',
  );
}

/** The estimate from the job's descriptors and weight streams. */
export function costJob(job: NpuJob, locations: readonly string[]): CostReport {
  const coefficients = job.regions[REGION.coefficients];
  const kicks = readKickList(job.commandStream, coefficients?.length ?? 0);
  return report(
    kicks.map((k, i) => jobCost(summarizeJob(k.kind, descriptorAt(coefficients!, k), job.regions), k.kind, locations[i] ?? '')),
    '',
  );
}
