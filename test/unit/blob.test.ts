// The `.npub` container (src/codegen/blob.ts): CRC-32, the writer's layout
// (checked byte by byte against the header format, with Node's zlib CRC as
// an independent checksum), a write/read round trip of a hand-built
// manifest, determinism, and one test per kind of malformed blob, each
// asserting the reader's message.
//
// Malformed manifests are made by decoding the valid blob's manifest,
// changing it, re-encoding it with protobufjs and assembling a new file by
// hand (header, manifest, then the same section bytes at a fixed offset), so
// the reader's checks past the CRC are what is exercised.

import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/codegen/crc32.js';
import { BlobFormatError, readBlob, writeBlob, type ManifestInit, type SectionInit } from '../../src/codegen/blob.js';
import { DECODE_OPTIONS, manifestMessage } from '../../src/codegen/blob-schema.js';
import type { DecodedManifest } from '../../src/codegen/blob-manifest.js';

describe('crc32', () => {
  // Expected values from Python: zlib.crc32(b"...").
  it('gives the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
  it('matches zlib on other inputs', () => {
    expect(crc32(new Uint8Array())).toBe(0);
    expect(crc32(new TextEncoder().encode('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
    expect(crc32(Uint8Array.from({ length: 256 }, (_, i) => i))).toBe(0x29058c73);
  });
  it('continues over pieces', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(crc32(all.subarray(100), crc32(all.subarray(0, 100)))).toBe(0x29058c73);
  });
});

// ---------------------------------------------------------------------------
// A hand-built blob: an NPU segment (io, scratch, coefficients) and a CPU segment.

const PROGRAM = 'module {\n}\n';
const bytesOf = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);
const SECTIONS: SectionInit[] = [
  { name: 'main_npu0.commands', kind: 'COMMAND_STREAM', bytes: bytesOf(10, 1) },
  { name: 'main_npu0.region0', kind: 'REGION_DATA', bytes: bytesOf(100, 2) },
  { name: 'main_cpu1.tosa', kind: 'TOSA_TEXT', bytes: new TextEncoder().encode(PROGRAM) },
  { name: 'main_cpu1.npub_0', kind: 'CONSTANT', bytes: bytesOf(70, 3) },
];
const NHWC_STRIDES = [256, 64, 16, 1]; // [1, 4, 4, 16] i8, dense: 256 bytes
const MANIFEST: ManifestInit = {
  compiler: 'npuc 0.1.0',
  target: 'ethos-u55',
  options: [
    { key: 'no-cpu-fallback', value: 'false' },
    { key: 'target', value: 'ethos-u55' },
  ],
  tensors: [
    { name: 'x', dtype: 'i8', shape: [1, 4, 4, 16], quantization: { scale: [0.5], zeroPoint: [-3], axis: 0 }, placement: { region: 1, offset: 0 } },
    { name: 'mid', dtype: 'i8', shape: [1, 4, 4, 16], quantization: { scale: [0.25], zeroPoint: [1], axis: 0 }, placement: { region: 1, offset: 256 } },
    { name: 'y', dtype: 'f32', shape: [1, 4, 4, 16], quantization: null, placement: null },
  ],
  segments: [
    {
      name: 'main_npu0',
      kind: 'npu',
      inputs: [{ tensor: 0, region: 1, offset: 0, layout: 'NHWC', strides: NHWC_STRIDES }],
      outputs: [{ tensor: 1, region: 1, offset: 256, layout: 'NHWC', strides: NHWC_STRIDES }],
      regions: [
        { index: 0, kind: 'coefficients', size: 100, section: 1 },
        { index: 1, kind: 'io', size: 512, section: null },
        { index: 2, kind: 'scratch', size: 1024, section: null },
      ],
      commandStream: 0,
    },
    { name: 'main_cpu1', kind: 'cpu', inputs: [{ tensor: 1 }], outputs: [{ tensor: 2 }], program: 2, resources: [{ key: 'npub_0', section: 3 }] },
  ],
  inputs: [0],
  outputs: [2],
  locations: [{ segment: 0, operation: 2, location: 'loc("conv1")' }],
};

const VALID = writeBlob(MANIFEST, SECTIONS);
const le = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const hex32 = (v: number): string => `0x${v.toString(16).padStart(8, '0')}`;

/** Re-stamps the CRC with zlib's (independent of the code under test). */
function withCrc(b: Uint8Array): Uint8Array {
  le(b).setUint32(48, zlibCrc32(b.subarray(64)), true);
  return b;
}

function errorOf(bytes: Uint8Array): string {
  try {
    readBlob(bytes, 'm.npub');
  } catch (e) {
    expect(e).toBeInstanceOf(BlobFormatError);
    return (e as Error).message;
  }
  throw new Error('expected readBlob to fail');
}

describe('writeBlob', () => {
  it('lays out header, manifest and 64-byte aligned sections', () => {
    const b = VALID;
    const dv = le(b);
    expect(Array.from(b.subarray(0, 4))).toEqual([0x4e, 0x50, 0x55, 0x42]); // "NPUB"
    expect(dv.getUint32(4, true)).toBe(1);
    expect(Array.from(b.subarray(8, 24))).toEqual([...Buffer.from('ethos-u55'), 0, 0, 0, 0, 0, 0, 0]);
    expect(dv.getBigUint64(24, true)).toBe(64n);
    const mlen = Number(dv.getBigUint64(32, true));
    expect(dv.getBigUint64(40, true)).toBe(BigInt(b.length));
    expect(dv.getUint32(48, true)).toBe(zlibCrc32(b.subarray(64)));
    expect(Array.from(b.subarray(52, 64))).toEqual(new Array(12).fill(0));

    const blob = readBlob(b, 'm.npub');
    let end = 64 + mlen;
    blob.sections.forEach((s, i) => {
      expect(s.offset % 64).toBe(0);
      expect(s.offset).toBeGreaterThanOrEqual(end);
      expect(s.offset - end).toBeLessThan(64); // no more padding than alignment needs
      expect(b.subarray(end, s.offset).every((x) => x === 0)).toBe(true);
      expect(Array.from(b.subarray(s.offset, s.offset + s.size))).toEqual(Array.from(SECTIONS[i]!.bytes));
      end = s.offset + s.size;
    });
    expect(end).toBe(b.length);
  });

  it('is deterministic', () => {
    expect(Buffer.from(writeBlob(MANIFEST, SECTIONS)).equals(Buffer.from(VALID))).toBe(true);
  });

  it('refuses a target name longer than 16 bytes', () => {
    expect(() => writeBlob({ ...MANIFEST, target: 'x'.repeat(17) }, SECTIONS)).toThrow('longer than 16 bytes');
  });

  it('writes a blob without sections', () => {
    const b = writeBlob({ ...MANIFEST, tensors: [MANIFEST.tensors[0]!], segments: [], inputs: [0], outputs: [0], locations: [] }, []);
    const blob = readBlob(b, 'm.npub');
    expect(blob.segments).toEqual([]);
    expect(blob.outputs).toEqual([0]);
  });
});

describe('readBlob round trip', () => {
  const blob = readBlob(VALID, 'm.npub');

  it('restores the manifest', () => {
    expect(blob.fileName).toBe('m.npub');
    expect(blob.formatVersion).toBe(1);
    expect(blob.compiler).toBe('npuc 0.1.0');
    expect(blob.target).toBe('ethos-u55');
    expect([...blob.options]).toEqual([['no-cpu-fallback', 'false'], ['target', 'ethos-u55']]);
    expect(blob.sections.map((s) => [s.name, s.kind, s.size])).toEqual(SECTIONS.map((s) => [s.name, s.kind, s.bytes.length]));
    expect(blob.tensors).toEqual(MANIFEST.tensors);
    expect(blob.inputs).toEqual([0]);
    expect(blob.outputs).toEqual([2]);
    expect(blob.bytes).toBe(VALID);
  });

  it('restores the segments with their sections sliced out', () => {
    const [npu, cpu] = blob.segments;
    if (npu?.kind !== 'npu' || cpu?.kind !== 'cpu') throw new Error('expected an NPU then a CPU segment');
    expect(npu.name).toBe('main_npu0');
    expect(npu.inputs).toEqual([{ tensor: 0, region: 1, offset: 0, layout: 'NHWC', strides: NHWC_STRIDES }]);
    expect(npu.outputs).toEqual([{ tensor: 1, region: 1, offset: 256, layout: 'NHWC', strides: NHWC_STRIDES }]);
    expect(Array.from(npu.commandStream)).toEqual(Array.from(SECTIONS[0]!.bytes));
    expect(npu.regions.map((r) => [r.index, r.kind, r.size, r.contents && Array.from(r.contents)])).toEqual([
      [0, 'coefficients', 100, Array.from(SECTIONS[1]!.bytes)],
      [1, 'io', 512, null],
      [2, 'scratch', 1024, null],
    ]);
    expect(npu.locations).toEqual(['', '', 'loc("conv1")']);
    expect(cpu.name).toBe('main_cpu1');
    expect(cpu.program).toBe(PROGRAM);
    expect([...cpu.resources].map(([k, v]) => [k, Array.from(v)])).toEqual([['npub_0', Array.from(SECTIONS[3]!.bytes)]]);
    expect(cpu.inputs).toEqual([{ tensor: 1, region: 0, offset: 0, layout: 'NHWC', strides: [] }]);
  });

  it('accepts brick layouts and per-axis quantization', () => {
    const m = structuredClone(MANIFEST) as ManifestInit & { tensors: ManifestInit['tensors'][number][]; segments: { inputs: object[] }[] };
    m.tensors[0] = { ...m.tensors[0]!, quantization: { scale: [0.5, 0.25, 0.125, 1], zeroPoint: [0, 1, 2, 3], axis: 1 } };
    m.segments[0]!.inputs = [{ tensor: 0, region: 1, offset: 0, layout: 'NHCWB16' }];
    const blob2 = readBlob(writeBlob(m, SECTIONS), 'm.npub');
    expect(blob2.segments[0]!.inputs[0]).toEqual({ tensor: 0, region: 1, offset: 0, layout: 'NHCWB16', strides: [] });
    expect(blob2.tensors[0]!.quantization).toEqual({ scale: [0.5, 0.25, 0.125, 1], zeroPoint: [0, 1, 2, 3], axis: 1 });
  });
});

// ---------------------------------------------------------------------------
// Malformed headers: edits of the valid file.

describe('readBlob rejects a malformed header', () => {
  const copy = (): Uint8Array => Uint8Array.from(VALID);
  const storedCrc = le(VALID).getUint32(48, true);

  it('an empty file', () => {
    expect(errorOf(new Uint8Array())).toBe('m.npub: file is too short for a blob: 0 bytes, the header alone is 64');
  });

  it('a file shorter than the header', () => {
    expect(errorOf(VALID.subarray(0, 63))).toBe('m.npub: file is too short for a blob: 63 bytes, the header alone is 64');
  });

  it('a wrong magic', () => {
    const b = copy();
    b[0] = 0x7f;
    b[1] = 0x45; // "\x7fELF"
    b[2] = 0x4c;
    b[3] = 0x46;
    expect(errorOf(b)).toBe('m.npub: not an npuc blob: its magic bytes are 7f 45 4c 46, expected 4e 50 55 42 ("NPUB")');
  });

  it('an unsupported version', () => {
    const b = copy();
    le(b).setUint32(4, 2, true);
    expect(errorOf(b)).toBe('m.npub: unsupported blob format version 2 (this npuc reads version 1)');
  });

  it('a truncated file', () => {
    const b = VALID.subarray(0, VALID.length - 1);
    expect(errorOf(b)).toBe(`m.npub: file is truncated: the header says ${VALID.length} bytes, the file has ${VALID.length - 1}`);
  });

  it('trailing bytes', () => {
    const b = new Uint8Array(VALID.length + 3);
    b.set(VALID);
    expect(errorOf(b)).toBe(`m.npub: file length mismatch: the header says ${VALID.length} bytes, the file has ${VALID.length + 3}`);
  });

  it('non-zero reserved bytes', () => {
    const b = copy();
    b[60] = 1;
    expect(errorOf(b)).toBe('m.npub: header bytes 52..63 are reserved and must be zero (byte 60 is 1)');
  });

  it('a target name that is not NUL padded', () => {
    const b = copy();
    b[8 + 12] = 0x41; // a character after the padding started
    expect(errorOf(b)).toBe("m.npub: the header's target name is not printable ASCII padded with NUL bytes");
  });

  it('an empty target name', () => {
    const b = copy();
    b.fill(0, 8, 24);
    expect(errorOf(b)).toBe('m.npub: the header names no target');
  });

  it('a CRC mismatch, giving both values', () => {
    const b = copy();
    b[VALID.length - 1]! ^= 0x01;
    expect(errorOf(b)).toBe(`m.npub: CRC mismatch: the header says ${hex32(storedCrc)}, the contents give ${hex32(zlibCrc32(b.subarray(64)))}`);
  });

  it('a manifest offset inside the header', () => {
    const b = copy();
    le(b).setBigUint64(24, 8n, true);
    expect(errorOf(b)).toBe('m.npub: manifest offset 8 overlaps the 64-byte header');
  });

  it('a manifest past the end of the file', () => {
    const b = copy();
    le(b).setBigUint64(32, 2n ** 64n - 1n, true);
    expect(errorOf(b)).toBe(`m.npub: manifest [64, ${64n + 2n ** 64n - 1n}) lies outside the file of ${VALID.length} bytes`);
  });

  it('a manifest that is not protobuf', () => {
    const b = copy();
    b.fill(0xff, 64, 80); // a field with an invalid wire type
    expect(errorOf(withCrc(b))).toMatch(/^m\.npub: the manifest is not a valid protobuf message: /);
  });
});

// ---------------------------------------------------------------------------
// Malformed manifests: re-encoded by hand.

const SECTIONS_AT = 1 << 17; // room for the largest manifest below
const firstSection = readBlob(VALID, 'm.npub').sections[0]!.offset;
const PAYLOAD = VALID.subarray(firstSection);

/** The valid manifest, as protobufjs decodes it (enums and 64-bit integers as numbers), sections moved to SECTIONS_AT. */
function baseManifest(): DecodedManifest {
  const type = manifestMessage();
  const mlen = Number(le(VALID).getBigUint64(32, true));
  const m = type.toObject(type.decode(VALID.subarray(64, 64 + mlen)), DECODE_OPTIONS) as DecodedManifest;
  for (const s of m.sections) s.offset = s.offset - firstSection + SECTIONS_AT;
  return m;
}

/** A blob file around `m`, built by hand: header, manifest at 64, the valid blob's sections at SECTIONS_AT. */
function assemble(m: DecodedManifest, target = 'ethos-u55'): Uint8Array {
  const type = manifestMessage();
  const manifest = type.encode(type.fromObject(m)).finish();
  if (64 + manifest.length > SECTIONS_AT) throw new Error('manifest too large for the test layout');
  const b = new Uint8Array(SECTIONS_AT + PAYLOAD.length);
  b.set([0x4e, 0x50, 0x55, 0x42]);
  const dv = le(b);
  dv.setUint32(4, 1, true);
  b.set(Buffer.from(target), 8);
  dv.setBigUint64(24, 64n, true);
  dv.setBigUint64(32, BigInt(manifest.length), true);
  dv.setBigUint64(40, BigInt(b.length), true);
  b.set(manifest, 64);
  b.set(PAYLOAD, SECTIONS_AT);
  return withCrc(b);
}

function broken(edit: (m: DecodedManifest) => void, target?: string): string {
  const m = baseManifest();
  edit(m);
  return errorOf(assemble(m, target));
}

describe('readBlob rejects a malformed manifest', () => {
  it('(the hand-assembled base blob itself is valid)', () => {
    expect(readBlob(assemble(baseManifest()), 'm.npub').segments.length).toBe(2);
  });

  // Header and manifest disagree.
  it('a target that differs from the header', () => {
    expect(broken((m) => (m.target = 'rknpu'))).toBe("m.npub: the manifest names target 'rknpu', the header 'ethos-u55'");
  });

  // Counts and sizes.
  it('an absurd number of graph inputs', () => {
    expect(broken((m) => (m.inputs = new Array(65537).fill(0)))).toBe('m.npub: the manifest lists 65537 graph inputs, more than the limit of 65536');
  });
  it('a tensor of rank 9', () => {
    expect(broken((m) => (m.tensors[2]!.shape = new Array(9).fill(1)))).toBe("m.npub: tensor 2 ('y') has rank 9, more than the limit of 8");
  });
  it('a negative dimension', () => {
    expect(broken((m) => (m.tensors[2]!.shape = [1, -4]))).toBe("m.npub: tensor 2 ('y') has invalid dimension -4 in shape [1, -4]");
  });
  it('more than 2^31 elements', () => {
    expect(broken((m) => (m.tensors[2]!.shape = [65536, 65536]))).toBe("m.npub: tensor 2 ('y') of shape [65536, 65536] has more than 2^31 elements");
  });
  it('more than 2^31 bytes', () => {
    // 2^30 f32 elements are 2^32 bytes.
    expect(broken((m) => (m.tensors[2]!.shape = [32768, 32768]))).toBe("m.npub: tensor 2 ('y') of shape [32768, 32768] takes more than 2^31 bytes");
  });
  it('an absurdly long name', () => {
    expect(broken((m) => (m.tensors[2]!.name = 'n'.repeat(1025)))).toBe('m.npub: the name of tensor 2 is 1025 characters long, more than the limit of 1024');
  });
  it('a region larger than 2^31 bytes', () => {
    expect(broken((m) => (m.segments[0]!.regions[2]!.size = 2 ** 31 + 1))).toBe("m.npub: region 2 of segment 0 ('main_npu0') has size 2147483649, beyond the limit of 2^31 bytes");
  });

  // Names.
  it('an empty tensor name', () => {
    expect(broken((m) => (m.tensors[1]!.name = ''))).toBe('m.npub: the name of tensor 1 is empty');
  });
  it('two tensors with one name', () => {
    expect(broken((m) => (m.tensors[2]!.name = 'x'))).toBe("m.npub: tensor 2 ('x'): another tensor has the same name");
  });
  it('an option given twice', () => {
    expect(broken((m) => m.options.push({ key: 'target', value: 'rknpu' }))).toBe("m.npub: option 'target' is given twice");
  });

  // Unknown enum values.
  it('an unknown dtype', () => {
    expect(broken((m) => (m.tensors[0]!.dtype = 99))).toBe("m.npub: tensor 0 ('x') has unknown dtype 99");
  });
  it('an unspecified dtype', () => {
    expect(broken((m) => (m.tensors[0]!.dtype = 0))).toBe("m.npub: tensor 0 ('x') has unknown dtype 0");
  });
  it('an unknown section kind', () => {
    expect(broken((m) => (m.sections[1]!.kind = 9))).toBe("m.npub: section 1 ('main_npu0.region0') has unknown kind 9");
  });
  it('an unknown segment kind', () => {
    expect(broken((m) => (m.segments[1]!.kind = 3))).toBe("m.npub: segment 1 ('main_cpu1') has unknown kind 3");
  });
  it('an unknown region kind', () => {
    expect(broken((m) => (m.segments[0]!.regions[1]!.kind = 4))).toBe("m.npub: region 1 of segment 0 ('main_npu0') has unknown kind 4");
  });
  it('an unknown layout', () => {
    expect(broken((m) => (m.segments[0]!.inputs[0]!.layout = 3))).toBe("m.npub: input 0 of segment 0 ('main_npu0') has unknown layout 3");
  });

  // Sections.
  it('a section not aligned to 64 bytes', () => {
    expect(broken((m) => (m.sections[0]!.offset += 1))).toBe(`m.npub: section 0 ('main_npu0.commands') starts at offset ${SECTIONS_AT + 1}, which is not a multiple of 64`);
  });
  it('a section outside the file', () => {
    const n = SECTIONS_AT + PAYLOAD.length;
    expect(broken((m) => (m.sections[3]!.size = 1000))).toBe(`m.npub: section 3 ('main_cpu1.npub_0') [${m3Offset()}, ${m3Offset() + 1000}) lies outside the file of ${n} bytes`);
  });
  it('a section overlapping the header', () => {
    expect(broken((m) => (m.sections[0]!.offset = 0))).toBe("m.npub: section 0 ('main_npu0.commands') [0, 10) overlaps the header");
  });
  it('a section overlapping the manifest', () => {
    const moved = baseManifest();
    moved.sections[0]!.offset = 64;
    const mlen = manifestLength(moved);
    expect(broken((m) => (m.sections[0]!.offset = 64))).toBe(`m.npub: section 0 ('main_npu0.commands') [64, 74) overlaps the manifest [64, ${64 + mlen})`);
  });
  it('two sections overlapping each other', () => {
    expect(broken((m) => (m.sections[1]!.offset = m.sections[0]!.offset))).toBe("m.npub: section 0 ('main_npu0.commands') and section 1 ('main_npu0.region0') overlap");
  });
  it('a section index out of range', () => {
    expect(broken((m) => (m.segments[0]!.commandStream = 4))).toBe("m.npub: the command stream of segment 0 ('main_npu0') refers to section 4, but the blob has 4 sections");
  });
  it('a section of the wrong kind for its use', () => {
    expect(broken((m) => (m.segments[0]!.commandStream = 2))).toBe(
      "m.npub: the command stream of segment 0 ('main_npu0') uses section 2 ('main_cpu1.tosa') as COMMAND_STREAM, but that section is TOSA_TEXT",
    );
  });
  it('a CPU program that is not UTF-8', () => {
    const m = baseManifest();
    const b = assemble(m);
    b[m.sections[2]!.offset] = 0xff;
    expect(errorOf(withCrc(b))).toBe("m.npub: the program of segment 1 ('main_cpu1') (section 2) is not valid UTF-8");
  });
  it('a constant section of the wrong kind', () => {
    expect(broken((m) => (m.segments[1]!.resources[0]!.section = 1))).toBe(
      "m.npub: constant 'npub_0' of segment 1 ('main_cpu1') uses section 1 ('main_npu0.region0') as CONSTANT, but that section is REGION_DATA",
    );
  });

  // Tensor indices.
  it('a binding of a tensor out of range', () => {
    expect(broken((m) => (m.segments[1]!.outputs[0]!.tensor = 3))).toBe("m.npub: output 0 of segment 1 ('main_cpu1') refers to tensor 3, but the blob has 3 tensors");
  });
  it('a graph input out of range', () => {
    expect(broken((m) => (m.inputs = [7]))).toBe('m.npub: graph input refers to tensor 7, but the blob has 3 tensors');
  });
  it('a graph output out of range', () => {
    expect(broken((m) => (m.outputs = [2, 3]))).toBe('m.npub: graph output refers to tensor 3, but the blob has 3 tensors');
  });

  // Bindings.
  it('NHWC strides of the wrong rank', () => {
    expect(broken((m) => (m.segments[0]!.inputs[0]!.strides = [64, 16, 1]))).toBe(
      "m.npub: input 0 of segment 0 ('main_npu0'): layout NHWC needs 4 strides for tensor 'x' of rank 4, got 3",
    );
  });
  it('a brick layout with strides', () => {
    expect(broken((m) => (m.segments[0]!.inputs[0]!.layout = 1))).toBe("m.npub: input 0 of segment 0 ('main_npu0'): layout NHCWB16 takes no strides");
  });
  it('a brick layout for a tensor that is not rank 4', () => {
    expect(
      broken((m) => {
        m.tensors[0]!.shape = [16, 16];
        m.tensors[0]!.quantization = null;
        m.segments[0]!.inputs[0]!.layout = 2;
        m.segments[0]!.inputs[0]!.strides = [];
      }),
    ).toBe("m.npub: input 0 of segment 0 ('main_npu0'): layout NC1HWC2 needs a rank-4 tensor, 'x' has rank 2");
  });
  it('a binding in a region the segment does not have', () => {
    expect(broken((m) => (m.segments[0]!.inputs[0]!.region = 5))).toBe("m.npub: input 0 of segment 0 ('main_npu0') uses region 5, which the segment does not have");
  });
  it('a binding past the end of its region', () => {
    // [1, 4, 4, 16] i8 with strides [256, 64, 16, 1] spans 256 bytes: [257, 513) does not fit 512.
    expect(broken((m) => (m.segments[0]!.outputs[0]!.offset = 257))).toBe(
      "m.npub: output 0 of segment 0 ('main_npu0'): tensor 'mid' at [257, 513) lies outside region 1 of 512 bytes",
    );
  });
  it('a binding whose strides reach past its region', () => {
    // Strides [512, 64, 16, 1] still span 256 bytes for N = 1; strides [256, 128, 16, 1]: 3*128 + 3*16 + 15 + 1 = 448 bytes from 256.
    expect(broken((m) => (m.segments[0]!.outputs[0]!.strides = [256, 128, 16, 1]))).toBe(
      "m.npub: output 0 of segment 0 ('main_npu0'): tensor 'mid' at [256, 704) lies outside region 1 of 512 bytes",
    );
  });
  it('a brick binding past the end of its region', () => {
    // NHCWB16 of [1, 4, 4, 17]: last element (0, 3, 3, 16) at ((3*2 + 1)*4 + 3)*16 + 0 = 496, so 497 bytes from 256.
    expect(
      broken((m) => {
        m.tensors[1]!.shape = [1, 4, 4, 17];
        m.segments[0]!.outputs[0]!.layout = 1;
        m.segments[0]!.outputs[0]!.strides = [];
      }),
    ).toBe("m.npub: output 0 of segment 0 ('main_npu0'): tensor 'mid' at [256, 753) lies outside region 1 of 512 bytes");
  });
  it('an NPU binding of a dtype a region cannot hold', () => {
    expect(broken((m) => (m.tensors[0]!.dtype = 11))).toBe("m.npub: input 0 of segment 0 ('main_npu0'): tensor 'x' has dtype f32, which an NPU region cannot hold");
  });
  it('a CPU binding with an NPU placement', () => {
    expect(broken((m) => (m.segments[1]!.inputs[0]!.offset = 64))).toBe("m.npub: input 0 of segment 1 ('main_cpu1') (tensor 'mid') has an NPU placement in a CPU segment");
  });

  // Regions.
  it('region contents whose size differs from the region', () => {
    expect(broken((m) => (m.segments[0]!.regions[0]!.size = 128))).toBe(
      "m.npub: region 0 of segment 0 ('main_npu0') has size 128, but its contents (section 1, 'main_npu0.region0') are 100 bytes",
    );
  });
  it('a region listed twice', () => {
    expect(broken((m) => (m.segments[0]!.regions[2]!.index = 1))).toBe("m.npub: segment 0 ('main_npu0') lists region 1 twice");
  });
  it('a region index beyond the limit', () => {
    expect(broken((m) => (m.segments[0]!.regions[2]!.index = 256))).toBe("m.npub: segment 0 ('main_npu0') has region index 256, beyond the limit of 255");
  });

  // Quantization.
  it('scales and zero points that do not pair up', () => {
    expect(broken((m) => (m.tensors[0]!.quantization!.zeroPoint = [1, 2]))).toBe("m.npub: tensor 0 ('x') has 1 quantization scales and 2 zero points");
  });
  it('per-axis scales that do not match the axis', () => {
    expect(
      broken((m) => {
        m.tensors[0]!.quantization = { scale: [1, 2, 3], zeroPoint: [0, 0, 0], axis: 3 };
      }),
    ).toBe("m.npub: tensor 0 ('x') has 3 quantization scales for dimension 3 of size 16");
  });
  it('a quantization axis beyond the rank', () => {
    expect(broken((m) => (m.tensors[0]!.quantization!.axis = 4))).toBe("m.npub: tensor 0 ('x') has quantization axis 4 for rank 4");
  });
  it('a scale that is not a positive number', () => {
    expect(broken((m) => (m.tensors[0]!.quantization!.scale = [NaN]))).toBe("m.npub: tensor 0 ('x') has invalid quantization scale NaN");
  });

  // Data flow.
  it('a segment reading a tensor nothing produced', () => {
    expect(broken((m) => (m.segments[0]!.inputs[0]!.tensor = 2))).toMatch(/^m\.npub: input 0 of segment 0 \('main_npu0'\): tensor 'y' has dtype f32/);
    expect(broken((m) => (m.inputs = [1]))).toBe("m.npub: segment 0 ('main_npu0') reads tensor 'x' before anything produces it");
  });
  it('a segment writing a graph input', () => {
    expect(broken((m) => (m.segments[1]!.outputs[0]!.tensor = 0))).toBe("m.npub: segment 1 ('main_cpu1') writes tensor 'x', which is a graph input");
  });
  it('a graph output nothing produces', () => {
    expect(
      broken((m) => {
        m.segments.pop();
        m.locations = [];
      }),
    ).toBe("m.npub: graph output 'y' is produced by no segment and is not a graph input");
  });
  it('a graph input listed twice', () => {
    expect(broken((m) => (m.inputs = [0, 0]))).toBe("m.npub: tensor 'x' is listed twice as a graph input");
  });

  // Debug locations.
  it('a debug location of a missing segment', () => {
    expect(broken((m) => (m.locations[0]!.segment = 2))).toBe('m.npub: debug location 0 points at segment 2, but the blob has 2 segments');
  });
  it('a debug location of a CPU segment', () => {
    expect(broken((m) => (m.locations[0]!.segment = 1))).toBe("m.npub: debug location 0 points at segment 1 ('main_cpu1'), which is not an NPU segment");
  });
  it('two debug locations for one operation', () => {
    expect(broken((m) => m.locations.push({ segment: 0, operation: 2, location: 'loc("x")' }))).toBe('m.npub: debug location 1: operation 2 of segment 0 has two debug locations');
  });
  it('a debug location of an absurd operation index', () => {
    expect(broken((m) => (m.locations[0]!.operation = 2 ** 32 - 1))).toBe(`m.npub: debug location 0 points at operation ${2 ** 32 - 1}, beyond the limit of 1048576`);
  });

  // Segment kinds.
  it('a CPU segment with NPU regions', () => {
    expect(broken((m) => m.segments[1]!.regions.push({ index: 0, kind: 1, size: 4, hasContents: false, section: 0 }))).toBe(
      "m.npub: segment 1 ('main_cpu1') is a CPU segment but lists NPU regions",
    );
  });
});

function m3Offset(): number {
  return baseManifest().sections[3]!.offset;
}

function manifestLength(m: DecodedManifest): number {
  const type = manifestMessage();
  return type.encode(type.fromObject(m)).finish().length;
}
