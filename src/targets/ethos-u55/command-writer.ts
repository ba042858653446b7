// Writes ethos-u55 command words (registers.ts) into a growing stream.
//
// State commands are skipped when the register already holds the value: the
// writer remembers the last value written to every register, and register
// state persists from one operation to the next (the decoder reads it the
// same way). Nothing is assumed about a register's value before its first
// write, so the first write of every register is always emitted. Operation
// words (`NPU_OP_*`) are always written.

import { BackendError } from '../../codegen/backend.js';
import { CMD1_FLAG, command, type CommandDef } from './registers.js';

const U32 = 2 ** 32;
const ADDRESS_LIMIT = 2 ** 40;

export class CommandWriter {
  private words: number[] = [];
  /** Register name -> the value last written (`param` or `param:payload`). */
  private readonly last = new Map<string, string>();

  /** A cmd0 state register; `param` is a 16-bit value (signed for signed registers). */
  set0(name: string, param: number): void {
    const def = this.def(name, 'cmd0', false);
    const p = checkParam(def, param);
    if (this.last.get(name) === String(param)) return;
    this.last.set(name, String(param));
    this.words.push(word(def.code, p));
  }

  /** A cmd1 state register holding a param and a 32-bit payload (OFM_SCALE: shift and scale). */
  set1(name: string, param: number, payload: number): void {
    const def = this.def(name, 'cmd1', false);
    if (def.address) throw new Error(`${name} is an address register: use setAddress`);
    const p = checkParam(def, param);
    if (!Number.isInteger(payload) || payload < 0 || payload >= U32) throw new BackendError(`${name} payload ${payload} does not fit 32 bits`);
    this.push1(name, def, p, payload);
  }

  /** A cmd1 address or length register: a 40-bit value, bits 32-39 in the param's low byte. */
  setAddress(name: string, value: number): void {
    const def = this.def(name, 'cmd1', false);
    if (!def.address) throw new Error(`${name} is not an address register`);
    if (!Number.isInteger(value) || value < 0 || value >= ADDRESS_LIMIT) throw new BackendError(`${name} value ${value} does not fit 40 bits`);
    const high = Math.floor(value / U32);
    this.push1(name, def, high, value - high * U32);
  }

  /** An `NPU_OP_*` word (never skipped). */
  op(name: string, param = 0): void {
    const def = this.def(name, 'cmd0', true);
    this.words.push(word(def.code, checkParam(def, param)));
  }

  /** Bytes written so far (each word little-endian). */
  get byteLength(): number {
    return this.words.length * 4;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.words.length * 4);
    const view = new DataView(out.buffer);
    this.words.forEach((w, i) => view.setUint32(i * 4, w, true));
    return out;
  }

  private push1(name: string, def: CommandDef, param: number, payload: number): void {
    const key = `${param}:${payload}`;
    if (this.last.get(name) === key) return;
    this.last.set(name, key);
    this.words.push(word(def.code | CMD1_FLAG, param), payload);
  }

  private def(name: string, kind: 'cmd0' | 'cmd1', op: boolean): CommandDef {
    const def = command(name);
    if (def.kind !== kind || (def.op === true) !== op) throw new Error(`${name} is not a ${op ? 'operation' : `${kind} state`} command`);
    return def;
  }
}

/** The param's 16 bits; BackendError when it is out of the register's range. */
function checkParam(def: CommandDef, param: number): number {
  const [lo, hi] = def.signedParam ? [-32768, 32767] : [0, 0xffff];
  if (!Number.isInteger(param) || param < lo || param > hi) {
    throw new BackendError(`${def.name} value ${param} is outside the register's range [${lo}, ${hi}]`);
  }
  return param & 0xffff;
}

function word(code: number, param: number): number {
  return (code | (param << 16)) >>> 0;
}
