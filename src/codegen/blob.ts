// The `.npub` container (DESIGN.md section 9): a 64-byte header, the
// protobuf manifest (src/codegen/blob.proto), then sections each starting at
// a multiple of 64 bytes, zero padded.
//
// Header, little-endian:
//   0  magic "NPUB"               4  u32 format version (1)
//   8  char[16] target, NUL padded
//   24 u64 manifest offset (64)   32 u64 manifest length
//   40 u64 file length            48 u32 CRC-32 of bytes [64, file length)
//   52..64 zero
//
// The writer is deterministic: the same manifest and sections give the same
// bytes. The reader checks the header, then hands the decoded manifest to
// blob-manifest.ts, which validates every count, index, offset and size
// before anything uses it; every problem is a BlobFormatError.

import type { Layout, RegionKind } from '../dialects/nir/memory.js';
import { DECODE_OPTIONS, DTYPES, LAYOUT_VALUES, REGION_KIND_VALUES, SECTION_KINDS, SEGMENT_KIND_VALUES, enumValue, manifestMessage } from './blob-schema.js';
import type { BlobDType, BlobQuantization, BlobSection, LoadedBlob } from './blob-types.js';
import { BlobFormatError, validateManifest, type DecodedManifest } from './blob-manifest.js';
import { crc32 } from './crc32.js';

export { BlobFormatError } from './blob-manifest.js';

export const BLOB_MAGIC = 'NPUB';
export const BLOB_FORMAT_VERSION = 1;
export const HEADER_SIZE = 64;
export const SECTION_ALIGNMENT = 64;
/** Bytes of the header's target name field. */
export const TARGET_NAME_BYTES = 16;

// ---------------------------------------------------------------------------
// What the writer is given: the manifest minus its section table (the writer
// places the sections), with npuc's names for enum values. Section indices
// in it are positions in the `sections` argument of writeBlob.

export interface TensorInit {
  readonly name: string;
  readonly dtype: BlobDType;
  readonly shape: readonly number[];
  readonly quantization: BlobQuantization | null;
  readonly placement: { readonly region: number; readonly offset: number } | null;
}

export interface BindingInit {
  readonly tensor: number;
  /** NPU segments only. */
  readonly region?: number;
  readonly offset?: number;
  readonly layout?: Layout;
  readonly strides?: readonly number[];
}

export interface RegionInit {
  readonly index: number;
  readonly kind: RegionKind;
  readonly size: number;
  /** Section holding the initial contents; null: zeroed. */
  readonly section: number | null;
}

export interface SegmentInit {
  readonly name: string;
  readonly kind: 'npu' | 'cpu';
  readonly inputs: readonly BindingInit[];
  readonly outputs: readonly BindingInit[];
  /** NPU */
  readonly regions?: readonly RegionInit[];
  readonly commandStream?: number;
  /** CPU */
  readonly program?: number;
  readonly resources?: readonly { readonly key: string; readonly section: number }[];
}

export interface ManifestInit {
  readonly compiler: string;
  readonly target: string;
  readonly options: readonly { readonly key: string; readonly value: string }[];
  readonly tensors: readonly TensorInit[];
  readonly segments: readonly SegmentInit[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly locations: readonly { readonly segment: number; readonly operation: number; readonly location: string }[];
}

export interface SectionInit {
  readonly name: string;
  readonly kind: BlobSection['kind'];
  readonly bytes: Uint8Array;
}

const align = (n: number, a: number): number => Math.ceil(n / a) * a;

/** The manifest as the protobufjs object `fromObject` takes (camelCase fields, enum numbers). */
function manifestObject(m: ManifestInit, sections: readonly { name: string; kind: number; offset: number; size: number }[]): object {
  const binding = (b: BindingInit) => ({
    tensor: b.tensor,
    region: b.region ?? 0,
    offset: b.offset ?? 0,
    layout: enumValue(LAYOUT_VALUES, b.layout ?? 'NHWC'),
    strides: [...(b.strides ?? [])],
  });
  return {
    compiler: m.compiler,
    target: m.target,
    options: m.options.map((o) => ({ key: o.key, value: o.value })),
    sections,
    tensors: m.tensors.map((t) => ({
      name: t.name,
      dtype: enumValue(DTYPES, t.dtype),
      shape: [...t.shape],
      quantization: t.quantization && { scale: [...t.quantization.scale], zeroPoint: [...t.quantization.zeroPoint], axis: t.quantization.axis },
      hasPlacement: t.placement !== null,
      region: t.placement?.region ?? 0,
      offset: t.placement?.offset ?? 0,
    })),
    segments: m.segments.map((s) => ({
      name: s.name,
      kind: enumValue(SEGMENT_KIND_VALUES, s.kind),
      inputs: s.inputs.map(binding),
      outputs: s.outputs.map(binding),
      regions: (s.regions ?? []).map((r) => ({
        index: r.index,
        kind: enumValue(REGION_KIND_VALUES, r.kind),
        size: r.size,
        hasContents: r.section !== null,
        section: r.section ?? 0,
      })),
      commandStream: s.commandStream ?? 0,
      program: s.program ?? 0,
      resources: (s.resources ?? []).map((r) => ({ key: r.key, section: r.section })),
    })),
    inputs: [...m.inputs],
    outputs: [...m.outputs],
    locations: m.locations.map((l) => ({ segment: l.segment, operation: l.operation, location: l.location })),
  };
}

function encodeManifest(m: ManifestInit, sections: readonly { name: string; kind: number; offset: number; size: number }[]): Uint8Array {
  const type = manifestMessage();
  return type.encode(type.fromObject(manifestObject(m, sections))).finish();
}

/** The header's target field: the name's ASCII bytes, NUL padded. */
function targetField(name: string): Uint8Array {
  if (!/^[\x21-\x7e]+$/.test(name)) throw new RangeError(`target name '${name}' must be non-empty printable ASCII without spaces`);
  if (name.length > TARGET_NAME_BYTES) throw new RangeError(`target name '${name}' is longer than ${TARGET_NAME_BYTES} bytes`);
  const out = new Uint8Array(TARGET_NAME_BYTES);
  for (let i = 0; i < name.length; i++) out[i] = name.charCodeAt(i);
  return out;
}

/**
 * Lays out a blob: header, manifest, then `sections` in the order given.
 * Throws RangeError for a target name that does not fit the header.
 */
export function writeBlob(manifest: ManifestInit, sections: readonly SectionInit[]): Uint8Array {
  const target = targetField(manifest.target);
  // Section offsets depend on the manifest's length, which depends on the
  // offsets (varints): place the sections right after the header, then
  // further out until the manifest fits before them. The manifest only grows
  // as the offsets grow, so this ends (in two or three rounds).
  let start = HEADER_SIZE;
  let table: { name: string; kind: number; offset: number; size: number }[] = [];
  let encoded: Uint8Array;
  for (;;) {
    let at = start;
    table = sections.map((s) => {
      const entry = { name: s.name, kind: enumValue(SECTION_KINDS, s.kind), offset: at, size: s.bytes.length };
      at = align(at + s.bytes.length, SECTION_ALIGNMENT);
      return entry;
    });
    encoded = encodeManifest(manifest, table);
    const needed = align(HEADER_SIZE + encoded.length, SECTION_ALIGNMENT);
    if (needed <= start) break;
    start = needed;
  }
  const last = table[table.length - 1];
  const fileLength = last ? last.offset + last.size : HEADER_SIZE + encoded.length;
  const out = new Uint8Array(fileLength);
  out.set(encoded, HEADER_SIZE);
  sections.forEach((s, i) => out.set(s.bytes, table[i]!.offset));

  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = BLOB_MAGIC.charCodeAt(i);
  view.setUint32(4, BLOB_FORMAT_VERSION, true);
  out.set(target, 8);
  view.setBigUint64(24, BigInt(HEADER_SIZE), true);
  view.setBigUint64(32, BigInt(encoded.length), true);
  view.setBigUint64(40, BigInt(fileLength), true);
  view.setUint32(48, crc32(out.subarray(HEADER_SIZE)), true);
  return out;
}

// ---------------------------------------------------------------------------
// Reader.

const hex32 = (v: number): string => `0x${v.toString(16).padStart(8, '0')}`;

/**
 * Reads and validates a blob; `fileName` prefixes every message. Throws
 * BlobFormatError, and nothing else, for any malformed input.
 */
export function readBlob(bytes: Uint8Array, fileName: string): LoadedBlob {
  const fail = (msg: string): never => {
    throw new BlobFormatError(`${fileName}: ${msg}`);
  };
  const n = bytes.length;
  if (n < HEADER_SIZE) fail(`file is too short for a blob: ${n} bytes, the header alone is ${HEADER_SIZE}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  const hexBytes = (b: ArrayLike<number>): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
  const expected = Array.from(BLOB_MAGIC, (c) => c.charCodeAt(0));
  if (expected.some((c, i) => bytes[i] !== c)) {
    fail(`not an npuc blob: its magic bytes are ${hexBytes(bytes.subarray(0, 4))}, expected ${hexBytes(expected)} ("${BLOB_MAGIC}")`);
  }
  const version = view.getUint32(4, true);
  if (version !== BLOB_FORMAT_VERSION) fail(`unsupported blob format version ${version} (this npuc reads version ${BLOB_FORMAT_VERSION})`);

  const declared = view.getBigUint64(40, true);
  if (declared > BigInt(n)) fail(`file is truncated: the header says ${declared} bytes, the file has ${n}`);
  if (declared < BigInt(n)) fail(`file length mismatch: the header says ${declared} bytes, the file has ${n}`);
  for (let i = 52; i < HEADER_SIZE; i++) if (bytes[i] !== 0) fail(`header bytes 52..63 are reserved and must be zero (byte ${i} is ${bytes[i]})`);

  // Target name: printable ASCII, then NULs only.
  let target = '';
  let ended = false;
  for (let i = 8; i < 8 + TARGET_NAME_BYTES; i++) {
    const b = bytes[i]!;
    if (b === 0) ended = true;
    else if (ended || b < 0x21 || b > 0x7e) fail('the header\'s target name is not printable ASCII padded with NUL bytes');
    else target += String.fromCharCode(b);
  }
  if (target === '') fail('the header names no target');

  const stored = view.getUint32(48, true);
  const actual = crc32(bytes.subarray(HEADER_SIZE));
  if (stored !== actual) fail(`CRC mismatch: the header says ${hex32(stored)}, the contents give ${hex32(actual)}`);

  const mOffset = view.getBigUint64(24, true);
  const mLength = view.getBigUint64(32, true);
  if (mOffset < BigInt(HEADER_SIZE)) fail(`manifest offset ${mOffset} overlaps the ${HEADER_SIZE}-byte header`);
  if (mOffset + mLength > BigInt(n)) fail(`manifest [${mOffset}, ${mOffset + mLength}) lies outside the file of ${n} bytes`);
  const manifestStart = Number(mOffset);
  const manifestEnd = manifestStart + Number(mLength);

  const type = manifestMessage();
  let decoded: DecodedManifest;
  try {
    decoded = type.toObject(type.decode(bytes.subarray(manifestStart, manifestEnd)), DECODE_OPTIONS) as DecodedManifest;
  } catch (e) {
    return fail(`the manifest is not a valid protobuf message: ${(e as Error).message}`);
  }
  return validateManifest(decoded, { bytes, fileName, target, formatVersion: version, manifestStart, manifestEnd });
}
