// Seeded random mutations of valid blobs (a hand-built one and a packed
// module): readBlob either returns a blob or throws BlobFormatError, never
// anything else. Most mutations re-stamp the header's CRC (and, where they
// change sizes, the lengths) so that the manifest decoder and the
// validation behind it see the damage, not just the checksum. A blob that is
// accepted is checked for the properties the runtime relies on: sections
// inside the file, region contents of the region's size, and every
// binding's bytes inside its region.

import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import '../../src/dialects/index.js';
import '../../src/passes/index.js';
import { BlobFormatError, readBlob, writeBlob, type ManifestInit, type SectionInit } from '../../src/codegen/blob.js';
import { DECODE_OPTIONS, manifestMessage } from '../../src/codegen/blob-schema.js';
import type { LoadedBlob } from '../../src/codegen/blob-types.js';
import { npuElementBytes } from '../../src/codegen/blob-dtype.js';
import { packModule } from '../../src/codegen/pack.js';
import { lowerModuleToNir } from '../../src/codegen/lower-to-nir.js';
import { runPipeline } from '../../src/driver/pipelines.js';
import { parseModule } from '../../src/ir/parser.js';
import { bindingOffsets } from '../../src/runtime/region-io.js';
import { nirTestBackend } from '../support/nir-test-backend.js';
import { mulberry32 } from '../support/onnx-model-builder.js';


const le = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const fixCrc = (b: Uint8Array): Uint8Array => {
  if (b.length >= 64) le(b).setUint32(48, zlibCrc32(b.subarray(64)), true);
  return b;
};
const fixLength = (b: Uint8Array): Uint8Array => {
  if (b.length >= 64) le(b).setBigUint64(40, BigInt(b.length), true);
  return fixCrc(b);
};

function handBuilt(): Uint8Array {
  const sections: SectionInit[] = [
    { name: 'npu0.commands', kind: 'COMMAND_STREAM', bytes: Uint8Array.from([1, 2, 3, 4, 5]) },
    { name: 'npu0.region0', kind: 'REGION_DATA', bytes: new Uint8Array(48).fill(9) },
    { name: 'cpu1.tosa', kind: 'TOSA_TEXT', bytes: new TextEncoder().encode('module {\n}\n') },
    { name: 'cpu1.npub_0', kind: 'CONSTANT', bytes: new Uint8Array(20).fill(3) },
  ];
  const manifest: ManifestInit = {
    compiler: 'npuc fuzz',
    target: 'ethos-u55',
    options: [{ key: 'k', value: 'v' }],
    tensors: [
      { name: 'a', dtype: 'i8', shape: [1, 2, 2, 20], quantization: { scale: [0.5], zeroPoint: [1], axis: 0 }, placement: { region: 1, offset: 0 } },
      { name: 'b', dtype: 'i16', shape: [1, 2, 2, 3], quantization: null, placement: { region: 2, offset: 16 } },
      { name: 'c', dtype: 'i32', shape: [3, 4], quantization: null, placement: null },
    ],
    segments: [
      {
        name: 'npu0',
        kind: 'npu',
        inputs: [{ tensor: 0, region: 1, offset: 0, layout: 'NHCWB16' }],
        outputs: [{ tensor: 1, region: 2, offset: 16, layout: 'NHWC', strides: [12, 6, 3, 1] }],
        regions: [
          { index: 0, kind: 'coefficients', size: 48, section: 1 },
          { index: 1, kind: 'io', size: 256, section: null },
          { index: 2, kind: 'scratch', size: 64, section: null },
        ],
        commandStream: 0,
      },
      { name: 'cpu1', kind: 'cpu', inputs: [{ tensor: 1 }], outputs: [{ tensor: 2 }], program: 2, resources: [{ key: 'npub_0', section: 3 }] },
    ],
    inputs: [0],
    outputs: [2, 1],
    locations: [{ segment: 0, operation: 0, location: 'loc("n")' }],
  };
  return writeBlob(manifest, sections);
}

function packed(): Uint8Array {
  const module = parseModule(`
    func.func @main(%x: tensor<1x4x4x2xi8>) -> tensor<1x4x4x2xi8> {
      %y = tosa.clamp %x {max_val = 100 : i8, min_val = -100 : i8} : (tensor<1x4x4x2xi8>) -> tensor<1x4x4x2xi8>
      %z = tosa.transpose %y {perms = array<i32: 0, 2, 1, 3>} : (tensor<1x4x4x2xi8>) -> tensor<1x4x4x2xi8>
      %w = tosa.clamp %z {max_val = 50 : i8, min_val = -50 : i8} : (tensor<1x4x4x2xi8>) -> tensor<1x4x4x2xi8>
      return %w : tensor<1x4x4x2xi8>
    }`);
  runPipeline(module, 'partition{target=ethos-u55}');
  lowerModuleToNir(module);
  return packModule(module, nirTestBackend('ethos-u55'), { compiler: 'npuc fuzz', options: {} });
}

/** The properties of an accepted blob that the runtime indexes memory with. */
function checkAccepted(blob: LoadedBlob): void {
  const n = blob.bytes.length;
  for (const s of blob.sections) expect(s.offset + s.size).toBeLessThanOrEqual(n);
  for (const seg of blob.segments) {
    if (seg.kind !== 'npu') continue;
    for (const r of seg.regions) if (r.contents) expect(r.contents.length).toBe(r.size);
    for (const b of [...seg.inputs, ...seg.outputs]) {
      const t = blob.tensors[b.tensor]!;
      const region = seg.regions.find((r) => r.index === b.region)!;
      const w = npuElementBytes(t.dtype)!;
      expect(w).not.toBeNull();
      // Only materialize offsets for small tensors (a mutated shape may be huge but valid).
      if (t.shape.reduce((x, y) => x * y, 1) > 1 << 16) continue;
      const offs = bindingOffsets(b, t.shape, w);
      let max = -1;
      for (let i = 0; i < offs.length; i++) max = Math.max(max, offs[i]!);
      expect(max + w).toBeLessThanOrEqual(region.size);
    }
  }
}

type Mutation = (b: Uint8Array, r: () => number) => Uint8Array;
const int = (r: () => number, n: number): number => Math.floor(r() * n);

/** Values that probe limits, for integer fields. */
const INTERESTING = [0, 1, 2, 3, 7, 15, 16, 63, 64, 65, 255, 256, 4096, 65535, 65536, 65537, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53, -1, -(2 ** 31)];

/** Sets a random numeric (or string) leaf of the decoded manifest to a random value, re-encodes it and rebuilds the file. */
function mutateManifest(b: Uint8Array, r: () => number): Uint8Array {
  const type = manifestMessage();
  const mlen = Number(le(b).getBigUint64(32, true));
  const m = type.toObject(type.decode(b.subarray(64, 64 + mlen)), DECODE_OPTIONS) as Record<string, unknown>;
  const leaves: { obj: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (o: unknown): void => {
    if (Array.isArray(o)) o.forEach((v, i) => (typeof v === 'object' && v !== null ? walk(v) : leaves.push({ obj: o, key: i })));
    else if (typeof o === 'object' && o !== null) {
      for (const [k, v] of Object.entries(o)) {
        if (typeof v === 'object' && v !== null) walk(v);
        else leaves.push({ obj: o as Record<string, unknown>, key: k });
      }
    }
  };
  walk(m);
  for (let k = 1 + int(r, 3); k > 0; k--) {
    const leaf = leaves[int(r, leaves.length)]!;
    const old = (leaf.obj as Record<string | number, unknown>)[leaf.key];
    let v: unknown;
    if (typeof old === 'string') v = r() < 0.5 ? '' : old + 'x'.repeat(int(r, 3));
    else if (typeof old === 'boolean') v = !old;
    else v = r() < 0.7 ? INTERESTING[int(r, INTERESTING.length)] : (old as number) + int(r, 5) - 2;
    (leaf.obj as Record<string | number, unknown>)[leaf.key] = v;
  }
  // Occasionally drop or duplicate an entry of a list.
  if (r() < 0.3) {
    const lists = ['tensors', 'segments', 'sections', 'inputs', 'outputs', 'locations'] as const;
    const list = m[lists[int(r, lists.length)]!] as unknown[];
    if (list.length) {
      if (r() < 0.5) list.splice(int(r, list.length), 1);
      else list.push(structuredClone(list[int(r, list.length)]));
    }
  }
  let manifest: Uint8Array;
  try {
    manifest = type.encode(type.fromObject(m)).finish();
  } catch {
    return b; // a value protobufjs itself refuses to encode
  }
  // Same sections, moved by the change in manifest length rounded to 64 (offsets in the manifest are not adjusted: half the point).
  const oldStart = Math.ceil((64 + mlen) / 64) * 64;
  const newStart = Math.ceil((64 + manifest.length) / 64) * 64;
  const rest = b.subarray(Math.min(oldStart, b.length));
  const out = new Uint8Array(newStart + rest.length);
  out.set(b.subarray(0, 64));
  out.set(manifest, 64);
  out.set(rest, newStart);
  le(out).setBigUint64(32, BigInt(manifest.length), true);
  return fixLength(out);
}

const MUTATIONS: readonly [string, Mutation][] = [
  [
    'flip bytes (CRC stale)',
    (b, r) => {
      for (let k = 1 + int(r, 4); k > 0; k--) b[int(r, b.length)]! ^= 1 << int(r, 8);
      return b;
    },
  ],
  [
    'flip bytes after the header, CRC fixed',
    (b, r) => {
      for (let k = 1 + int(r, 4); k > 0; k--) b[64 + int(r, b.length - 64)]! ^= 1 << int(r, 8);
      return fixCrc(b);
    },
  ],
  [
    'random bytes in the manifest, CRC fixed',
    (b, r) => {
      const mlen = Number(le(b).getBigUint64(32, true));
      for (let k = 1 + int(r, 6); k > 0; k--) b[64 + int(r, mlen)] = int(r, 256);
      return fixCrc(b);
    },
  ],
  [
    'flip header bytes, CRC fixed',
    (b, r) => {
      b[int(r, 64)]! ^= 1 << int(r, 8);
      return fixCrc(b);
    },
  ],
  ['truncate', (b, r) => b.slice(0, int(r, b.length))],
  ['truncate, lengths and CRC fixed', (b, r) => fixLength(b.slice(0, int(r, b.length)))],
  [
    'splice bytes into the manifest, lengths and CRC fixed',
    (b, r) => {
      const mlen = Number(le(b).getBigUint64(32, true));
      const at = 64 + int(r, mlen + 1);
      const del = int(r, 4);
      const ins = Uint8Array.from({ length: int(r, 6) }, () => int(r, 256));
      const out = new Uint8Array(b.length - Math.min(del, b.length - at) + ins.length);
      out.set(b.subarray(0, at));
      out.set(ins, at);
      out.set(b.subarray(Math.min(at + del, b.length)), at + ins.length);
      le(out).setBigUint64(32, BigInt(Math.max(0, mlen - del + ins.length)), true);
      return fixLength(out);
    },
  ],
  [
    'change a header length, CRC fixed',
    (b, r) => {
      const field = [24, 32, 40][int(r, 3)]!;
      const choices = [0n, 1n, 63n, 64n, BigInt(b.length), BigInt(b.length + 1), 2n ** 32n, 2n ** 63n, 2n ** 64n - 1n, BigInt(int(r, b.length * 2))];
      le(b).setBigUint64(field, choices[int(r, choices.length)]!, true);
      return fixCrc(b);
    },
  ],
  ['mutate manifest fields, re-encoded', mutateManifest],
];

/** Cases per mutation and base blob: 18 x 1000 in all. */
const CASES = 1000;

describe('readBlob on mutated blobs', () => {
  const bases: [string, Uint8Array][] = [
    ['hand-built', handBuilt()],
    ['packed', packed()],
  ];
  for (const [baseName, base] of bases) {
    it(`${baseName}: the base blob is valid`, () => {
      checkAccepted(readBlob(base, 'base.npub'));
    });
    for (const [name, mutate] of MUTATIONS) {
      it(`${baseName}: ${name}`, () => {
        const r = mulberry32(0x5eed + name.length * 131 + baseName.length);
        let accepted = 0;
        let rejected = 0;
        for (let i = 0; i < CASES; i++) {
          const bytes = mutate(Uint8Array.from(base), r);
          let blob: LoadedBlob | null = null;
          try {
            blob = readBlob(bytes, 'fuzz.npub');
          } catch (e) {
            if (!(e instanceof BlobFormatError)) throw new Error(`case ${i}: readBlob threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.stack}`);
            expect(e.message.startsWith('fuzz.npub: ')).toBe(true);
            rejected++;
            continue;
          }
          checkAccepted(blob);
          accepted++;
        }
        expect(accepted + rejected).toBe(CASES);
      });
    }
  }
});
