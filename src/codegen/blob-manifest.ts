// Validation of a decoded blob manifest (src/codegen/blob.proto) into a
// LoadedBlob (src/codegen/blob-types.ts). Every count, index, offset, size
// and enum value is checked here before it is used, so that the runtime and
// the tools that read blobs can index regions and sections without checks of
// their own. The header was checked by readBlob (src/codegen/blob.ts).

import { spanElements, type Layout } from '../dialects/nir/memory.js';
import { DTYPES, LAYOUT_VALUES, REGION_KIND_VALUES, SECTION_KINDS, SEGMENT_KIND_VALUES } from './blob-schema.js';
import { dtypeBytes, npuElementBytes } from './blob-dtype.js';
import type {
  BlobBinding,
  BlobQuantization,
  BlobRegion,
  BlobSection,
  BlobSegment,
  BlobTensor,
  LoadedBlob,
} from './blob-types.js';

/** A malformed blob; the message starts with the file name and says what is wrong. */
export class BlobFormatError extends Error {
  override name = 'BlobFormatError';
}

// The manifest as protobufjs's `toObject` gives it with DECODE_OPTIONS
// (blob-schema.ts): every field present, enums and 64-bit integers as numbers.
interface DecodedBinding {
  tensor: number;
  region: number;
  offset: number;
  layout: number;
  strides: number[];
}
interface DecodedSegment {
  name: string;
  kind: number;
  inputs: DecodedBinding[];
  outputs: DecodedBinding[];
  regions: { index: number; kind: number; size: number; hasContents: boolean; section: number }[];
  commandStream: number;
  program: number;
  resources: { key: string; section: number }[];
}
export interface DecodedManifest {
  compiler: string;
  target: string;
  options: { key: string; value: string }[];
  sections: { name: string; kind: number; offset: number; size: number }[];
  tensors: {
    name: string;
    dtype: number;
    shape: number[];
    quantization: { scale: number[]; zeroPoint: number[]; axis: number } | null;
    hasPlacement: boolean;
    region: number;
    offset: number;
  }[];
  segments: DecodedSegment[];
  inputs: number[];
  outputs: number[];
  locations: { segment: number; operation: number; location: string }[];
}

/** What readBlob learned from the header. */
export interface HeaderFacts {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly target: string;
  readonly formatVersion: number;
  readonly manifestStart: number;
  readonly manifestEnd: number;
}

// Caps on what a sane blob holds: far above any real model, low enough that
// nothing the reader or runtime allocates from them can exhaust memory.
const MAX_ITEMS = 65536;
const MAX_LOCATIONS = 1 << 20;
const MAX_RANK = 8;
const MAX_BYTES = 2 ** 31;
const MAX_REGION_INDEX = 255;
const MAX_NAME = 1024;
const MAX_TEXT = 65536;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether `v` is an integer in [0, limit]. */
const within = (v: number, limit: number): boolean => Number.isSafeInteger(v) && v >= 0 && v <= limit;
/** Whether `v` indexes an array of `count` entries. */
const indexes = (v: number, count: number): boolean => Number.isSafeInteger(v) && v >= 0 && v < count;

export function validateManifest(m: DecodedManifest, h: HeaderFacts): LoadedBlob {
  const fail = (msg: string): never => {
    throw new BlobFormatError(`${h.fileName}: ${msg}`);
  };
  const count = (items: readonly unknown[], what: string, limit = MAX_ITEMS): void => {
    if (items.length > limit) fail(`the manifest lists ${items.length} ${what}, more than the limit of ${limit}`);
  };
  const text = (s: string, what: string, limit = MAX_NAME, nonEmpty = false): string => {
    if (s.length > limit) fail(`${what} is ${s.length} characters long, more than the limit of ${limit}`);
    if (nonEmpty && s === '') fail(`${what} is empty`);
    return s;
  };
  const n = h.bytes.length;

  text(m.compiler, 'the compiler string');
  if (m.target !== h.target) fail(`the manifest names target '${text(m.target, 'the manifest target')}', the header '${h.target}'`);

  count(m.options, 'options');
  const options = new Map<string, string>();
  for (const o of m.options) {
    text(o.key, 'an option key', MAX_NAME, true);
    text(o.value, `option '${o.key}'`, MAX_TEXT);
    if (options.has(o.key)) fail(`option '${o.key}' is given twice`);
    options.set(o.key, o.value);
  }

  // Sections: aligned, inside the file, clear of the header, the manifest and each other.
  count(m.sections, 'sections');
  const sections: BlobSection[] = m.sections.map((s, i) => {
    const name = text(s.name, `the name of section ${i}`);
    const what = `section ${i} ('${name}')`;
    const kind = SECTION_KINDS[s.kind] ?? null;
    if (!indexes(s.kind, SECTION_KINDS.length) || kind === null) fail(`${what} has unknown kind ${s.kind}`);
    if (!within(s.offset, n) || !within(s.size, n) || s.offset + s.size > n) {
      fail(`${what} [${s.offset}, ${s.offset + s.size}) lies outside the file of ${n} bytes`);
    }
    if (s.offset % 64 !== 0) fail(`${what} starts at offset ${s.offset}, which is not a multiple of 64`);
    const end = s.offset + s.size;
    if (s.size > 0 && s.offset < 64) fail(`${what} [${s.offset}, ${end}) overlaps the header`);
    if (s.size > 0 && s.offset < h.manifestEnd && end > h.manifestStart) {
      fail(`${what} [${s.offset}, ${end}) overlaps the manifest [${h.manifestStart}, ${h.manifestEnd})`);
    }
    return { name, kind: kind!, offset: s.offset, size: s.size };
  });
  const byOffset = sections.map((s, i) => ({ s, i })).filter((e) => e.s.size > 0);
  byOffset.sort((a, b) => a.s.offset - b.s.offset || a.i - b.i);
  for (let k = 1; k < byOffset.length; k++) {
    const a = byOffset[k - 1]!;
    const b = byOffset[k]!;
    if (a.s.offset + a.s.size > b.s.offset) fail(`section ${a.i} ('${a.s.name}') and section ${b.i} ('${b.s.name}') overlap`);
  }
  const sectionBytes = (s: BlobSection): Uint8Array => h.bytes.subarray(s.offset, s.offset + s.size);
  /** Section `i`, which `user` uses as `kind`. */
  const sectionFor = (i: number, kind: BlobSection['kind'], user: string): BlobSection => {
    if (!indexes(i, sections.length)) fail(`${user} refers to section ${i}, but the blob has ${sections.length} sections`);
    const s = sections[i]!;
    if (s.kind !== kind) fail(`${user} uses section ${i} ('${s.name}') as ${kind}, but that section is ${s.kind}`);
    return s;
  };

  // Tensors.
  count(m.tensors, 'tensors');
  const names = new Set<string>();
  const tensors: BlobTensor[] = m.tensors.map((t, i) => {
    const name = text(t.name, `the name of tensor ${i}`, MAX_NAME, true);
    const what = `tensor ${i} ('${name}')`;
    if (names.has(name)) fail(`${what}: another tensor has the same name`);
    names.add(name);
    const dtype = DTYPES[t.dtype] ?? null;
    if (!indexes(t.dtype, DTYPES.length) || dtype === null) fail(`${what} has unknown dtype ${t.dtype}`);
    if (t.shape.length > MAX_RANK) fail(`${what} has rank ${t.shape.length}, more than the limit of ${MAX_RANK}`);
    let elements = 1;
    for (const d of t.shape) {
      if (!within(d, MAX_BYTES)) fail(`${what} has invalid dimension ${d} in shape [${t.shape.join(', ')}]`);
      elements *= d;
      if (elements > MAX_BYTES) fail(`${what} of shape [${t.shape.join(', ')}] has more than 2^31 elements`);
    }
    if (elements * dtypeBytes(dtype!) > MAX_BYTES) fail(`${what} of shape [${t.shape.join(', ')}] takes more than 2^31 bytes`);
    let quantization: BlobQuantization | null = null;
    if (t.quantization) {
      const q = t.quantization;
      if (q.scale.length === 0 || q.scale.length !== q.zeroPoint.length || q.scale.length > MAX_ITEMS) {
        fail(`${what} has ${q.scale.length} quantization scales and ${q.zeroPoint.length} zero points`);
      }
      const rank = t.shape.length;
      if (!Number.isSafeInteger(q.axis) || q.axis < 0 || (rank > 0 ? q.axis >= rank : q.axis !== 0)) fail(`${what} has quantization axis ${q.axis} for rank ${rank}`);
      if (q.scale.length > 1 && t.shape[q.axis] !== q.scale.length) {
        fail(`${what} has ${q.scale.length} quantization scales for dimension ${q.axis} of size ${t.shape[q.axis]}`);
      }
      for (const s of q.scale) if (!Number.isFinite(s) || s <= 0) fail(`${what} has invalid quantization scale ${s}`);
      for (const z of q.zeroPoint) if (!Number.isSafeInteger(z)) fail(`${what} has invalid zero point ${z}`);
      quantization = { scale: [...q.scale], zeroPoint: [...q.zeroPoint], axis: q.axis };
    }
    let placement: BlobTensor['placement'] = null;
    if (t.hasPlacement) {
      if (!within(t.region, MAX_REGION_INDEX)) fail(`${what} is placed in region ${t.region}, beyond the limit of ${MAX_REGION_INDEX}`);
      if (!within(t.offset, MAX_BYTES)) fail(`${what} is placed at offset ${t.offset}, beyond 2^31`);
      placement = { region: t.region, offset: t.offset };
    }
    return { name, dtype: dtype!, shape: [...t.shape], quantization, placement };
  });
  const tensorName = (i: number): string => `'${tensors[i]!.name}'`;

  // Graph inputs and outputs.
  count(m.inputs, 'graph inputs');
  count(m.outputs, 'graph outputs');
  const graphInputs = new Set<number>();
  for (const i of m.inputs) {
    if (!indexes(i, tensors.length)) fail(`graph input refers to tensor ${i}, but the blob has ${tensors.length} tensors`);
    if (graphInputs.has(i)) fail(`tensor ${tensorName(i)} is listed twice as a graph input`);
    graphInputs.add(i);
  }
  for (const i of m.outputs) if (!indexes(i, tensors.length)) fail(`graph output refers to tensor ${i}, but the blob has ${tensors.length} tensors`);

  // Segments, and the data flow between them: every tensor a segment reads
  // exists by then, and every tensor is produced once.
  count(m.segments, 'segments');
  const available = new Set(graphInputs);
  const segmentNames = new Set<string>();
  const segments: BlobSegment[] = m.segments.map((s, si) => {
    const name = text(s.name, `the name of segment ${si}`, MAX_NAME, true);
    const what = `segment ${si} ('${name}')`;
    if (segmentNames.has(name)) fail(`${what}: another segment has the same name`);
    segmentNames.add(name);
    const kind = SEGMENT_KIND_VALUES[s.kind] ?? null;
    if (!indexes(s.kind, SEGMENT_KIND_VALUES.length) || kind === null) fail(`${what} has unknown kind ${s.kind}`);
    count(s.inputs, `inputs of ${what}`);
    count(s.outputs, `outputs of ${what}`);

    // NPU regions, by index.
    const regions: BlobRegion[] = [];
    if (kind === 'npu') {
      if (s.resources.length) fail(`${what} is an NPU segment but lists constants of a CPU program`);
      count(s.regions, `regions of ${what}`, MAX_REGION_INDEX + 1);
      for (const r of s.regions) {
        const rk = REGION_KIND_VALUES[r.kind] ?? null;
        if (!within(r.index, MAX_REGION_INDEX)) fail(`${what} has region index ${r.index}, beyond the limit of ${MAX_REGION_INDEX}`);
        const rw = `region ${r.index} of ${what}`;
        if (regions.some((x) => x.index === r.index)) fail(`${what} lists region ${r.index} twice`);
        if (!indexes(r.kind, REGION_KIND_VALUES.length) || rk === null) fail(`${rw} has unknown kind ${r.kind}`);
        if (!within(r.size, MAX_BYTES)) fail(`${rw} has size ${r.size}, beyond the limit of 2^31 bytes`);
        let contents: Uint8Array | null = null;
        if (r.hasContents) {
          const sec = sectionFor(r.section, 'REGION_DATA', rw);
          if (sec.size !== r.size) fail(`${rw} has size ${r.size}, but its contents (section ${r.section}, '${sec.name}') are ${sec.size} bytes`);
          contents = sectionBytes(sec);
        }
        regions.push({ index: r.index, kind: rk!, size: r.size, contents });
      }
    } else if (s.regions.length) fail(`${what} is a CPU segment but lists NPU regions`);

    const binding = (b: DecodedBinding, dir: 'input' | 'output', k: number): BlobBinding => {
      const bw = `${dir} ${k} of ${what}`;
      if (!indexes(b.tensor, tensors.length)) fail(`${bw} refers to tensor ${b.tensor}, but the blob has ${tensors.length} tensors`);
      const t = tensors[b.tensor]!;
      const layout = LAYOUT_VALUES[b.layout] ?? null;
      if (!indexes(b.layout, LAYOUT_VALUES.length) || layout === null) fail(`${bw} has unknown layout ${b.layout}`);
      if (b.strides.length > MAX_RANK) fail(`${bw} has ${b.strides.length} strides, more than the limit of ${MAX_RANK}`);
      if (kind === 'cpu') {
        if (b.region !== 0 || b.offset !== 0 || layout !== 'NHWC' || b.strides.length) fail(`${bw} (tensor '${t.name}') has an NPU placement in a CPU segment`);
        return { tensor: b.tensor, region: 0, offset: 0, layout: 'NHWC', strides: [] };
      }
      const w = npuElementBytes(t.dtype);
      if (w === null) fail(`${bw}: tensor '${t.name}' has dtype ${t.dtype}, which an NPU region cannot hold`);
      const rank = t.shape.length;
      if (layout === 'NHWC') {
        if (b.strides.length !== rank) fail(`${bw}: layout NHWC needs ${rank} strides for tensor '${t.name}' of rank ${rank}, got ${b.strides.length}`);
        for (const st of b.strides) if (!within(st, MAX_BYTES)) fail(`${bw} has invalid stride ${st}`);
      } else {
        if (rank !== 4) fail(`${bw}: layout ${layout} needs a rank-4 tensor, '${t.name}' has rank ${rank}`);
        if (b.strides.length) fail(`${bw}: layout ${layout} takes no strides`);
      }
      const region = regions.find((r) => r.index === b.region);
      if (!region) fail(`${bw} uses region ${b.region}, which the segment does not have`);
      if (!within(b.offset, MAX_BYTES)) fail(`${bw} has invalid offset ${b.offset}`);
      const strides = layout === 'NHWC' ? [...b.strides] : [];
      const span = spanElements(layout as Layout, t.shape, layout === 'NHWC' ? strides : null) * w!;
      if (b.offset + span > region!.size) {
        fail(`${bw}: tensor '${t.name}' at [${b.offset}, ${b.offset + span}) lies outside region ${b.region} of ${region!.size} bytes`);
      }
      return { tensor: b.tensor, region: b.region, offset: b.offset, layout: layout as Layout, strides };
    };
    const inputs = s.inputs.map((b, k) => binding(b, 'input', k));
    const outputs = s.outputs.map((b, k) => binding(b, 'output', k));
    for (const b of inputs) if (!available.has(b.tensor)) fail(`${what} reads tensor ${tensorName(b.tensor)} before anything produces it`);
    for (const b of outputs) {
      if (available.has(b.tensor)) fail(`${what} writes tensor ${tensorName(b.tensor)}, which ${graphInputs.has(b.tensor) ? 'is a graph input' : 'an earlier segment produced'}`);
    }
    for (const b of outputs) available.add(b.tensor);

    if (kind === 'npu') {
      const stream = sectionFor(s.commandStream, 'COMMAND_STREAM', `the command stream of ${what}`);
      return { kind: 'npu', name, inputs, outputs, regions, commandStream: sectionBytes(stream), locations: [] };
    }
    const programSection = sectionFor(s.program, 'TOSA_TEXT', `the program of ${what}`);
    let program = '';
    try {
      program = strictUtf8.decode(sectionBytes(programSection));
    } catch {
      fail(`the program of ${what} (section ${s.program}) is not valid UTF-8`);
    }
    count(s.resources, `constants of ${what}`);
    const resources = new Map<string, Uint8Array>();
    for (const r of s.resources) {
      const key = text(r.key, `a constant key of ${what}`, MAX_NAME, true);
      if (resources.has(key)) fail(`${what} lists constant '${key}' twice`);
      resources.set(key, sectionBytes(sectionFor(r.section, 'CONSTANT', `constant '${key}' of ${what}`)));
    }
    return { kind: 'cpu', name, inputs, outputs, program, resources };
  });
  for (const i of m.outputs) if (!available.has(i)) fail(`graph output ${tensorName(i)} is produced by no segment and is not a graph input`);

  // Debug locations, gathered per NPU segment.
  count(m.locations, 'debug locations', MAX_LOCATIONS);
  const perSegment = new Map<number, Map<number, string>>();
  m.locations.forEach((l, i) => {
    const what = `debug location ${i}`;
    if (!indexes(l.segment, segments.length)) fail(`${what} points at segment ${l.segment}, but the blob has ${segments.length} segments`);
    if (segments[l.segment]!.kind !== 'npu') fail(`${what} points at segment ${l.segment} ('${segments[l.segment]!.name}'), which is not an NPU segment`);
    if (!indexes(l.operation, MAX_LOCATIONS)) fail(`${what} points at operation ${l.operation}, beyond the limit of ${MAX_LOCATIONS}`);
    text(l.location, what, MAX_TEXT);
    let ops = perSegment.get(l.segment);
    if (!ops) perSegment.set(l.segment, (ops = new Map()));
    if (ops.has(l.operation)) fail(`${what}: operation ${l.operation} of segment ${l.segment} has two debug locations`);
    ops.set(l.operation, l.location);
  });
  const located = segments.map((s, si): BlobSegment => {
    const ops = perSegment.get(si);
    if (s.kind !== 'npu' || !ops) return s;
    let last = 0;
    for (const op of ops.keys()) last = Math.max(last, op);
    const locations = new Array<string>(last + 1).fill('');
    for (const [op, loc] of ops) locations[op] = loc;
    return { ...s, locations };
  });

  return {
    fileName: h.fileName,
    formatVersion: h.formatVersion,
    compiler: m.compiler,
    target: h.target,
    options,
    sections,
    tensors,
    segments: located,
    inputs: [...m.inputs],
    outputs: [...m.outputs],
    bytes: h.bytes,
  };
}
