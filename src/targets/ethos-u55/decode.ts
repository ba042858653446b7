// The ethos-u55 command-stream decoder: bytes -> commands (this file) and
// commands -> operations (decode-operations.ts). Bounded and validated: every
// malformed stream is a BackendError whose message gives the byte offset.
//
// Words are 32-bit little-endian (registers.ts):
//   cmd0: `opcode | param << 16`, one word;
//   cmd1: `opcode | 0x4000 | param << 16`, then a payload word; for address
//         registers the payload is 40-bit, bits 32-39 in the param's low byte.
// Bits 10-13 are reserved and must be zero; bits 14-15 hold the payload size
// (0: cmd0, 1: cmd1; 2 and 3 are reserved). The stream ends with NPU_OP_STOP
// (param 0xFFFF) and nothing follows it.

import { BackendError } from '../../codegen/backend.js';
import type { Command } from './operation.js';
import { OPCODE_MASK, STOP_PARAM, lookupCommand } from './registers.js';

export { decodeOperations } from './decode-operations.js';

/** Longest stream accepted, in words (a bound against hostile input). */
export const MAX_STREAM_WORDS = 64 * 1024 * 1024;

const RESERVED_BITS = 0x3c00;
const hex = (v: number, digits: number): string => `0x${v.toString(16).padStart(digits, '0')}`;

/** Decodes a command stream into its commands, in order (the final NPU_OP_STOP included). */
export function decodeCommands(stream: Uint8Array): Command[] {
  const len = stream.length;
  if (len % 4 !== 0) {
    throw new BackendError(`ethos-u55 command stream: length ${len} is not a multiple of 4 (trailing bytes at byte ${len - (len % 4)})`);
  }
  const words = len / 4;
  if (words > MAX_STREAM_WORDS) {
    throw new BackendError(`ethos-u55 command stream: ${words} words at byte 0 exceed the limit of ${MAX_STREAM_WORDS}`);
  }
  const view = new DataView(stream.buffer, stream.byteOffset, len);
  const out: Command[] = [];
  let i = 0;
  while (i < words) {
    const offset = i * 4;
    const word = view.getUint32(offset, true);
    const at = `ethos-u55 command stream: word ${hex(word, 8)} at byte ${offset}`;
    if (word & RESERVED_BITS) throw new BackendError(`${at}: reserved bits 10-13 are set`);
    const size = (word >>> 14) & 3;
    if (size > 1) throw new BackendError(`${at}: reserved payload size ${size}`);
    const kind = size === 1 ? 'cmd1' : 'cmd0';
    const code = word & OPCODE_MASK;
    const def = lookupCommand(kind, code);
    if (!def) throw new BackendError(`${at}: unknown ${kind} opcode ${hex(code, 3)}`);
    let param = word >>> 16;
    if (def.signedParam) param = (param << 16) >> 16;
    if (kind === 'cmd1') {
      if (i + 1 >= words) throw new BackendError(`${at}: ${def.name} is missing its payload word`);
      const low = view.getUint32(offset + 4, true);
      const payload = def.address ? (param & 0xff) * 2 ** 32 + low : low;
      out.push({ offset, kind, code, name: def.name, param, payload });
      i += 2;
      continue;
    }
    out.push({ offset, kind, code, name: def.name, param });
    i += 1;
    if (code === 0 /* NPU_OP_STOP */) {
      if (param !== STOP_PARAM) throw new BackendError(`${at}: NPU_OP_STOP param ${hex(param, 4)} is not ${hex(STOP_PARAM, 4)}`);
      if (i < words) throw new BackendError(`ethos-u55 command stream: ${words - i} word(s) after NPU_OP_STOP, from byte ${i * 4}`);
      return out;
    }
  }
  throw new BackendError(`ethos-u55 command stream: no NPU_OP_STOP at the end (byte ${len})`);
}
