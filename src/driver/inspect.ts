// `npuc inspect model.npub`: what a blob holds, read through the validating
// reader: the header and manifest (format version, compiler, target,
// options, sections, tensors, segments with their bindings and regions),
// then each NPU segment's command stream as the target's backend
// disassembles it, annotated with the debug location of each operation, and
// each CPU segment's tosa program. `--cost` adds the backend's estimate per
// operation and per segment; `--json` gives all of it as data.

import type { CostReport, NpuJob, OperationCost, TargetBackend } from '../codegen/backend.js';
import { BackendError } from '../codegen/backend.js';
import type { BlobBinding, BlobQuantization, BlobSegment, BlobTensor, LoadedBlob, NpuSegment } from '../codegen/blob-types.js';
import { lookupBackend } from '../targets/backends.js';
import { annotateDisassembly } from './disassembly.js';
import { loadBlobFile } from './run-blob.js';
import { failAt, shapeText } from './tensor-files.js';
import { jsonText } from './json-text.js';

export interface InspectOptions {
  json?: boolean;
  /** Add the cost estimate of every NPU segment. */
  cost?: boolean;
  /** Show only this segment. */
  segment?: string;
}

/** A table: columns padded to their widest cell; `right` columns right-aligned. */
export function table(rows: readonly (readonly string[])[], right: ReadonlySet<number> = new Set(), indent = '  '): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => indent + r.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd()).join('\n') + '\n';
}

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

const quantText = (q: BlobQuantization | null): string => {
  if (!q) return '-';
  const list = (xs: readonly number[]): string => (xs.length === 1 ? String(xs[0]) : `[${xs.length > 4 ? [...xs.slice(0, 4), '...'].join(', ') : xs.join(', ')}]`);
  return `scale ${list(q.scale)} zp ${list(q.zeroPoint)}${q.scale.length > 1 ? ` axis ${q.axis}` : ''}`;
};

const bindingText = (blob: LoadedBlob, b: BlobBinding, npu: boolean): string => {
  const t = blob.tensors[b.tensor]!;
  const where = npu ? ` @ region ${b.region} + ${b.offset} ${b.layout}${b.layout === 'NHWC' && b.strides.length ? ` strides ${shapeText(b.strides)}` : ''}` : '';
  return `#${b.tensor} '${t.name}'${where}`;
};

/** The backend that reads `blob`'s NPU segments; an error when this npuc has none for its target. */
function backendFor(blob: LoadedBlob): TargetBackend | null {
  if (!blob.segments.some((s) => s.kind === 'npu')) return null;
  const b = lookupBackend(blob.target);
  if (!b) failAt(blob.fileName, `no backend for target '${blob.target}' in this npuc: cannot disassemble its NPU segments`);
  return b!;
}

/** The segment's job as the executor would see it, read-only: region contents from the blob, others zeroed. */
function jobOf(s: NpuSegment): NpuJob {
  const regions: (Uint8Array | undefined)[] = [];
  for (const r of s.regions) regions[r.index] = r.contents ?? new Uint8Array(r.size);
  return { commandStream: s.commandStream, regions };
}

function costOf(blob: LoadedBlob, backend: TargetBackend, s: NpuSegment): CostReport {
  try {
    // A target whose stream points into its regions (vipnano's kick list) estimates from the whole job.
    return backend.costJob ? backend.costJob(jobOf(s), s.locations) : backend.cost(s.commandStream, s.locations);
  } catch (e) {
    if (e instanceof BackendError) failAt(blob.fileName, `segment '${s.name}': ${e.message}`);
    throw e;
  }
}

function disassemblyOf(blob: LoadedBlob, backend: TargetBackend, s: NpuSegment): { text: string; json: unknown } {
  try {
    const text = backend.disassembleJob ? backend.disassembleJob(jobOf(s)) : backend.disassemble(s.commandStream);
    return { text, json: backend.disassembleJson(s.commandStream) };
  } catch (e) {
    if (e instanceof BackendError) failAt(blob.fileName, `segment '${s.name}': ${e.message}`);
    throw e;
  }
}

/** Milliseconds as printed: 3 decimals from 1 ms up, else 3 significant digits. */
export const msText = (ms: number): string => `${ms >= 1 ? ms.toFixed(3) : ms.toPrecision(3)} ms`;

const bytesOf = (c: OperationCost): number => c.bytes.ifm + c.bytes.ifm2 + c.bytes.weights + c.bytes.scales + c.bytes.ofm;

/** The cost report as a table: one row per operation, then the totals and the estimated time. */
export function costTable(r: CostReport): string {
  const num = (n: number): string => String(Math.round(n));
  const rows = [['#', 'kind', 'location', 'MACs', 'compute', 'memory', 'total cycles', 'bytes']];
  r.operations.forEach((c, i) => rows.push([String(i), c.kind, c.location || '-', num(c.macs), num(c.computeCycles), num(c.memoryCycles), num(c.totalCycles), num(bytesOf(c))]));
  const t = r.total;
  rows.push(['', 'total', '', num(t.macs), num(t.computeCycles), num(t.memoryCycles), num(t.totalCycles), num(bytesOf(t))]);
  return `cost (${r.configuration}):\n${table(rows, new Set([0, 3, 4, 5, 6, 7]))}  estimated ${msText((t.totalCycles / r.clockHz) * 1000)} at ${r.clockHz / 1e6} MHz\n`;
}

function headerText(blob: LoadedBlob): string {
  const opts = [...blob.options].map(([k, v]) => `${k}=${v}`).join(' ') || '-';
  const lines = [
    `${blob.fileName}: npuc blob, format version ${blob.formatVersion}, ${blob.bytes.length} bytes`,
    `  compiler:  ${blob.compiler}`,
    `  target:    ${blob.target}`,
    `  options:   ${opts}`,
    '',
    `sections (${blob.sections.length}):`,
    table([['#', 'name', 'kind', 'offset', 'size'], ...blob.sections.map((s, i) => [String(i), s.name, s.kind, String(s.offset), String(s.size)])], new Set([0, 3, 4])).trimEnd(),
    '',
    `tensors (${blob.tensors.length}):`,
    table(
      [
        ['#', 'name', 'dtype', 'shape', 'quantization', 'placement', 'graph'],
        ...blob.tensors.map((t: BlobTensor, i) => [
          String(i),
          t.name,
          t.dtype,
          shapeText(t.shape),
          quantText(t.quantization),
          t.placement ? `region ${t.placement.region} + ${t.placement.offset}` : 'host',
          blob.inputs.includes(i) ? 'input' : blob.outputs.includes(i) ? 'output' : '',
        ]),
      ],
      new Set([0]),
    ).trimEnd(),
    '',
    `segments (${blob.segments.length}, in execution order):`,
  ];
  blob.segments.forEach((s, i) => {
    const npu = s.kind === 'npu';
    lines.push(`  #${i} ${s.name} (${s.kind})`);
    lines.push(`    inputs:  ${s.inputs.map((b) => bindingText(blob, b, npu)).join(', ') || '-'}`);
    lines.push(`    outputs: ${s.outputs.map((b) => bindingText(blob, b, npu)).join(', ') || '-'}`);
    if (s.kind === 'npu') {
      for (const r of s.regions) lines.push(`    region ${r.index}: ${r.kind}, ${r.size} bytes${r.contents ? ', initialized from the blob' : ', zeroed'}`);
      lines.push(`    command stream: ${s.commandStream.length} bytes, ${plural(s.locations.length, 'operation')}`);
    } else {
      lines.push(`    program: ${s.program.length} bytes of tosa${s.resources.size ? `, ${s.resources.size} constants` : ''}`);
    }
  });
  return lines.join('\n') + '\n';
}

function selectSegments(blob: LoadedBlob, name: string | undefined): BlobSegment[] {
  if (name === undefined) return [...blob.segments];
  const s = blob.segments.filter((x) => x.name === name || x.name === name.replace(/^@/, ''));
  if (s.length === 0) failAt(blob.fileName, `no segment '${name}' (segments: ${blob.segments.map((x) => x.name).join(', ') || 'none'})`);
  return s;
}

function inspectText(blob: LoadedBlob, backend: TargetBackend | null, segments: readonly BlobSegment[], opts: InspectOptions): string {
  const out = [headerText(blob)];
  let cycles = 0;
  let ms = 0;
  let clock = 0;
  for (const s of segments) {
    if (s.kind === 'cpu') {
      out.push(`segment ${s.name} (cpu): tosa, run by the reference evaluator\n${s.program.endsWith('\n') ? s.program : `${s.program}\n`}`);
      continue;
    }
    const d = disassemblyOf(blob, backend!, s);
    out.push(`segment ${s.name} (npu, ${blob.target}): ${plural(s.locations.length, 'operation')}, ${s.commandStream.length} bytes of commands\n${annotateDisassembly(d.text, s.locations)}`);
    if (opts.cost) {
      const r = costOf(blob, backend!, s);
      out.push(costTable(r));
      cycles += r.total.totalCycles;
      ms += (r.total.totalCycles / r.clockHz) * 1000;
      clock = r.clockHz;
    }
  }
  if (opts.cost) {
    const n = segments.filter((s) => s.kind === 'npu').length;
    out.push(`total over ${n} NPU ${n === 1 ? 'segment' : 'segments'}: ${Math.round(cycles)} cycles, estimated ${msText(ms)}${clock ? ` at ${clock / 1e6} MHz` : ''} (CPU segments not counted)\n`);
  }
  return out.join('\n');
}

const quantJson = (q: BlobQuantization | null): unknown => (q ? { scale: q.scale, zeroPoint: q.zeroPoint, axis: q.axis } : null);
const bindingJson = (b: BlobBinding, npu: boolean): unknown => (npu ? { tensor: b.tensor, region: b.region, offset: b.offset, layout: b.layout, strides: b.strides } : { tensor: b.tensor });

function inspectJson(blob: LoadedBlob, backend: TargetBackend | null, segments: readonly BlobSegment[], opts: InspectOptions): string {
  let cycles = 0;
  let ms = 0;
  const segs = segments.map((s) => {
    const index = blob.segments.indexOf(s);
    const common = { index, name: s.name, kind: s.kind, inputs: s.inputs.map((b) => bindingJson(b, s.kind === 'npu')), outputs: s.outputs.map((b) => bindingJson(b, s.kind === 'npu')) };
    if (s.kind === 'cpu') return { ...common, program: s.program, resources: [...s.resources].map(([key, data]) => ({ key, size: data.length })) };
    const d = disassemblyOf(blob, backend!, s);
    const seg: Record<string, unknown> = {
      ...common,
      regions: s.regions.map((r) => ({ index: r.index, kind: r.kind, size: r.size, initialized: r.contents !== null })),
      commandStreamBytes: s.commandStream.length,
      locations: s.locations,
      disassembly: d.json,
    };
    if (opts.cost) {
      const r = costOf(blob, backend!, s);
      seg.cost = { ...r, estimatedMs: (r.total.totalCycles / r.clockHz) * 1000 };
      cycles += r.total.totalCycles;
      ms += (r.total.totalCycles / r.clockHz) * 1000;
    }
    return seg;
  });
  const json: Record<string, unknown> = {
    file: blob.fileName,
    size: blob.bytes.length,
    formatVersion: blob.formatVersion,
    compiler: blob.compiler,
    target: blob.target,
    options: Object.fromEntries(blob.options),
    sections: blob.sections,
    tensors: blob.tensors.map((t) => ({ name: t.name, dtype: t.dtype, shape: t.shape, quantization: quantJson(t.quantization), placement: t.placement })),
    inputs: blob.inputs,
    outputs: blob.outputs,
    segments: segs,
  };
  if (opts.cost) json.totalCost = { cycles, estimatedMs: ms };
  return jsonText(json);
}

/** `npuc inspect`: the blob described as text or JSON; DiagnosticError for a bad blob or segment name. */
export function inspectBlob(blob: LoadedBlob, opts: InspectOptions = {}): string {
  const segments = selectSegments(blob, opts.segment);
  const backend = segments.some((s) => s.kind === 'npu') ? backendFor(blob) : null;
  return opts.json ? inspectJson(blob, backend, segments, opts) : inspectText(blob, backend, segments, opts);
}

/** Reads `path` and describes it (see inspectBlob). */
export function inspectBlobFile(path: string, opts: InspectOptions = {}): string {
  return inspectBlob(loadBlobFile(path), opts);
}
