// The vipnano command stream (job.ts): the kick list. Little-endian 32-bit
// words: magic, job count J, then J pairs (kind, descriptor address). The
// reader checks everything it can from the stream alone, and, when it is
// given the coefficients region's size, that each descriptor fits there;
// every problem is a BackendError giving the byte offset of the word.

import { BackendError } from '../../codegen/backend.js';
import { NN_DESCRIPTOR_WORDS, TP_DESCRIPTOR_WORDS } from './descriptors.js';
import { JOB_KIND, MAX_JOBS, REGION, VIPNANO_MAGIC, packAddress, unpackAddress, type JobKind } from './job.js';

/** One kick: a job kind and its descriptor's address (`region << 28 | offset`, region 0). */
export interface KickEntry {
  readonly kind: JobKind;
  readonly address: number;
}

/** Descriptor alignment in region 0 (the address is 64-byte aligned). */
export const DESCRIPTOR_ALIGN = 64;
const HEADER_BYTES = 8;
const ENTRY_BYTES = 8;

export function descriptorBytes(kind: JobKind): number {
  return 4 * (kind === 'NN' ? NN_DESCRIPTOR_WORDS : TP_DESCRIPTOR_WORDS);
}

const KIND_BY_CODE = new Map<number, JobKind>(Object.entries(JOB_KIND).map(([k, v]) => [v, k as JobKind]));

export function writeKickList(entries: readonly KickEntry[]): Uint8Array {
  if (entries.length > MAX_JOBS) throw new BackendError(`${entries.length} jobs exceed the command stream's bound of ${MAX_JOBS}`);
  const out = new Uint8Array(HEADER_BYTES + ENTRY_BYTES * entries.length);
  const d = new DataView(out.buffer);
  d.setUint32(0, VIPNANO_MAGIC, true);
  d.setUint32(4, entries.length, true);
  entries.forEach((e, i) => {
    d.setUint32(HEADER_BYTES + ENTRY_BYTES * i, JOB_KIND[e.kind], true);
    d.setUint32(HEADER_BYTES + ENTRY_BYTES * i + 4, e.address >>> 0, true);
  });
  return out;
}

function fail(offset: number, msg: string): never {
  throw new BackendError(`vipnano command stream, byte ${offset}: ${msg}`);
}

const hex = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

/**
 * The kicks of a command stream. `coefficientsSize`: the size of region 0,
 * to check that each descriptor fits (null: not checked, e.g. when only the
 * stream is at hand).
 */
export function readKickList(stream: Uint8Array, coefficientsSize: number | null = null): KickEntry[] {
  const d = new DataView(stream.buffer, stream.byteOffset, stream.byteLength);
  if (stream.length < HEADER_BYTES) fail(stream.length - (stream.length % 4), `truncated: ${stream.length} bytes, the header needs ${HEADER_BYTES}`);
  const magic = d.getUint32(0, true);
  if (magic !== VIPNANO_MAGIC) fail(0, `bad magic ${hex(magic)}, expected ${hex(VIPNANO_MAGIC)}`);
  const count = d.getUint32(4, true);
  if (count > MAX_JOBS) fail(4, `job count ${count} exceeds ${MAX_JOBS}`);
  const need = HEADER_BYTES + ENTRY_BYTES * count;
  if (need > stream.length) fail(4, `job count ${count} needs ${need} bytes, the stream has ${stream.length}`);
  if (need < stream.length) fail(need, `${stream.length - need} bytes after the last of ${count} jobs`);
  const entries: KickEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = HEADER_BYTES + ENTRY_BYTES * i;
    const code = d.getUint32(at, true);
    const kind = KIND_BY_CODE.get(code);
    if (kind === undefined) fail(at, `job ${i}: unknown kind ${code}`);
    const address = d.getUint32(at + 4, true);
    const { region, offset } = unpackAddress(address);
    if (region !== REGION.coefficients) fail(at + 4, `job ${i}: descriptor address ${hex(address)} is in region ${region}, not region 0`);
    if (offset % DESCRIPTOR_ALIGN !== 0) fail(at + 4, `job ${i}: descriptor address ${hex(address)} is not ${DESCRIPTOR_ALIGN}-byte aligned`);
    if (coefficientsSize !== null && offset + descriptorBytes(kind) > coefficientsSize) {
      fail(at + 4, `job ${i}: the ${kind} descriptor at ${hex(address)} needs ${descriptorBytes(kind)} bytes, region 0 has ${coefficientsSize}`);
    }
    entries.push({ kind, address: packAddress(region, offset) });
  }
  return entries;
}

/** The descriptor words of a kick, from region 0 (readKickList checked that they fit). */
export function descriptorAt(coefficients: Uint8Array, entry: KickEntry): Uint32Array {
  const { offset } = unpackAddress(entry.address);
  const words = descriptorBytes(entry.kind) / 4;
  const d = new DataView(coefficients.buffer, coefficients.byteOffset, coefficients.byteLength);
  const out = new Uint32Array(words);
  for (let i = 0; i < words; i++) out[i] = d.getUint32(offset + 4 * i, true);
  return out;
}
