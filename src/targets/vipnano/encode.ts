// The vipnano encoder: one nir NPU segment function -> kick list, regions and
// per-job locations (src/codegen/backend.ts).
//
// Regions (job.ts REGION): 0 coefficients, the encoder's own image
// (segment-context.ts): what the job encoders add (weight streams, tables),
// copies of the nir.constant buffers read as data, then the descriptors, each
// at a 64-byte boundary; 1 io and 2 scratch with the nir regions' sizes,
// zeroed. Addresses are `region << 28 | offset`.
//
// Jobs, one per intrinsic, in the function's order (the schedule):
//   nir.conv2d, nir.eltwise, nir.pool   -> an NN job (the NN encoder)
//   nir.transpose, nir.reshuffle, nir.dma -> a TP job (tp-encode.ts)
//   anything else                         -> "<op> has no vipnano encoding"
// The encoders themselves reject the forms they cannot express. The job
// encoders are passed in (backend.ts binds them), so this file depends on
// neither core. The command stream is the kick list (kick-list.ts);
// opLocations has one entry per job. The output is a function of the input
// alone (deterministic).

import { BackendError, type EncodedNpuSegment, type EncodedRegion } from '../../codegen/backend.js';
import type { Operation } from '../../ir/operation.js';
import { regionInfoOf } from '../../dialects/nir/views.js';
import type { EncodedJob, JobContext, JobKind } from './job.js';
import { REGION, packAddress } from './job.js';
import { writeKickList, type KickEntry } from './kick-list.js';
import { SegmentContext } from './segment-context.js';

export type JobEncoder = (op: Operation, ctx: JobContext) => EncodedJob;
export type JobEncoders = Readonly<Record<JobKind, JobEncoder>>;

/** Which core runs each nir intrinsic. */
export const CORE_OF: ReadonlyMap<string, JobKind> = new Map<string, JobKind>([
  ['nir.conv2d', 'NN'],
  ['nir.eltwise', 'NN'],
  ['nir.pool', 'NN'],
  ['nir.transpose', 'TP'],
  ['nir.reshuffle', 'TP'],
  ['nir.dma', 'TP'],
]);

/** Ops that describe memory or graph edges: nothing to encode. */
const PASSIVE = new Set(['nir.region', 'nir.buffer', 'nir.constant', 'nir.view', 'nir.input', 'nir.output', 'func.return']);

function located(op: Operation, e: unknown): never {
  if (e instanceof BackendError) {
    const loc = String(op.loc);
    if (e.message.startsWith(loc)) throw e;
    const msg = e.message.startsWith(op.name) ? e.message : `${op.name}: ${e.message}`;
    throw new BackendError(`${loc}: ${msg}`);
  }
  throw e;
}

export function encodeSegmentWith(fn: Operation, encoders: JobEncoders): EncodedNpuSegment {
  const body = fn.regions[0]?.entry;
  if (!body) throw new BackendError(`${fn.loc}: the NPU segment has no body`);
  const ctx = new SegmentContext();
  const sizes = new Map<'io' | 'scratch', number>();
  const jobs: EncodedJob[] = [];
  for (const op of body.ops) {
    if (op.name === 'nir.region') {
      const info = regionInfoOf(op);
      if (info && info.kind !== 'coefficients') sizes.set(info.kind, info.size);
    }
    if (PASSIVE.has(op.name)) continue;
    const core = CORE_OF.get(op.name);
    if (!core) throw new BackendError(`${op.loc}: ${op.name} has no vipnano encoding`);
    try {
      const job = encoders[core](op, ctx);
      if (job.kind !== core) throw new BackendError(`the ${core} encoder returned a ${job.kind} job`);
      jobs.push(job);
    } catch (e) {
      located(op, e);
    }
  }
  const kicks: KickEntry[] = jobs.map((job) => {
    const bytes = new Uint8Array(job.descriptor.length * 4);
    const d = new DataView(bytes.buffer);
    job.descriptor.forEach((w, i) => d.setUint32(4 * i, w, true));
    return { kind: job.kind, address: packAddress(REGION.coefficients, ctx.appendBytes(bytes)) };
  });

  const regions: EncodedRegion[] = [];
  const contents = ctx.bytes();
  if (contents.length > 0) regions.push({ index: REGION.coefficients, kind: 'coefficients', size: contents.length, contents });
  for (const kind of ['io', 'scratch'] as const) {
    const size = sizes.get(kind);
    if (size !== undefined) regions.push({ index: REGION[kind], kind, size, contents: null });
  }
  return { commandStream: writeKickList(kicks), regions, opLocations: jobs.map((j) => j.location) };
}
