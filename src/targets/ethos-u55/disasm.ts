// The ethos-u55 disassembler: one line per command (byte offset, raw
// word(s), register name, decoded fields), and after each NPU_OP_* that
// starts an operation a one-line summary of it:
//
//   000010  0001010f           NPU_SET_IFM_REGION       1 (io)
//   000014  40000000 000000c0  NPU_SET_IFM_BASE0        0x000000c0
//   000040  00000002           NPU_OP_CONV
//   ; op 0: CONV ifm 1x8x8x16 s8 -> ofm 1x8x8x32 s8, kernel 3x3 stride 1x1
//
// Two-dimensional values print height x width (y x x), like the shapes
// (NHWC). The text is stable (golden fixtures diff it). An operation whose
// registers hold a value npuc does not model gets an error line instead
// (`; error: op N (KIND at byte X): ...`) and the listing goes on; a stream
// that does not decode at all (decode.ts) is a BackendError. The JSON form
// holds the same: `{ commands: [{offset, name, kind, param, payload?,
// fields}], operations, errors? }`.

import { BackendError } from '../../codegen/backend.js';
import { decodeCommands } from './decode.js';
import { OperationDecoder } from './decode-operations.js';
import type { Command, FeatureMap, NpuOperation } from './operation.js';
import {
  ACTIVATION_FUNCTION,
  COMMANDS,
  DMA_REGION_SHRAM,
  ELEMENTWISE_MODE,
  POOLING_MODE,
  REGION,
  ROUNDING,
  command,
  unpackActivation,
  unpackIfm2Broadcast,
  unpackIfmPrecision,
  unpackKernelStride,
  unpackOfmPrecision,
} from './registers.js';

type Fields = Record<string, unknown>;
interface Decoded {
  readonly text: string;
  readonly fields: Fields;
}

const nameOf = (table: Record<string, number>, v: number): string | undefined => Object.keys(table).find((k) => table[k] === v);
const hexWord = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');
const hexAddress = (v: number): string => `0x${v.toString(16).padStart(8, '0')}`;
const NAME_WIDTH = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;

function regionText(r: number): Decoded {
  const kind = nameOf(REGION, r);
  return { text: kind ? `${r} (${kind})` : `${r}`, fields: { region: r } };
}

function precisionType(signed: boolean, bits: number): string {
  return `${signed ? 's' : 'u'}${bits}`;
}

/** The decoded fields of one command. */
function decodeFields(c: Command): Decoded {
  const p = c.param;
  if (c.kind === 'cmd1') {
    const v = c.payload ?? 0;
    if (c.name === 'NPU_SET_OFM_SCALE' || c.name === 'NPU_SET_OPA_SCALE' || c.name === 'NPU_SET_OPB_SCALE') {
      return { text: `scale=${v} shift=${p & 0x3f}`, fields: { scale: v, shift: p & 0x3f } };
    }
    if (/LENGTH|_LEN$|STRIDE|SKIP/.test(c.name)) return { text: `${v}`, fields: { value: v } };
    return { text: hexAddress(v), fields: { address: v } };
  }
  switch (c.name) {
    case 'NPU_OP_STOP':
      return { text: `0x${p.toString(16)}`, fields: { mask: p } };
    case 'NPU_OP_POOL': {
      const mode = nameOf(POOLING_MODE, p) ?? `reserved(${p})`;
      return { text: mode, fields: { mode } };
    }
    case 'NPU_OP_ELEMENTWISE': {
      const mode = nameOf(ELEMENTWISE_MODE, p) ?? `reserved(${p})`;
      return { text: mode, fields: { mode } };
    }
    case 'NPU_SET_IFM_PRECISION':
    case 'NPU_SET_IFM2_PRECISION': {
      const q = unpackIfmPrecision(p);
      if (!q) return { text: `reserved(0x${p.toString(16)})`, fields: { reserved: true, raw: p } };
      const extra = q.opToScale ? ` op_to_scale=${q.opToScale}` : '';
      return { text: `${precisionType(q.signed, q.bits)} ${q.format}${extra}`, fields: { ...q } };
    }
    case 'NPU_SET_OFM_PRECISION': {
      const q = unpackOfmPrecision(p);
      if (!q) return { text: `reserved(0x${p.toString(16)})`, fields: { reserved: true, raw: p } };
      const rounding = nameOf(ROUNDING, q.rounding)!;
      const extra = q.globalScale ? ' global_scale' : '';
      return { text: `${precisionType(q.signed, q.bits)} ${q.format} rounding=${rounding}${extra}`, fields: { ...q, rounding } };
    }
    case 'NPU_SET_KERNEL_STRIDE': {
      const k = unpackKernelStride(p);
      const extra = k.partKernelFirst ? ' part_kernel_first' : '';
      return { text: `stride=${k.strideY}x${k.strideX} dilation=${k.dilationY}x${k.dilationX}${extra}`, fields: { ...k } };
    }
    case 'NPU_SET_ACTIVATION': {
      const a = unpackActivation(p);
      let fn: string;
      if (a.fn >= ACTIVATION_FUNCTION.LUT_START && a.fn <= ACTIVATION_FUNCTION.LUT_END) fn = `LUT slot=${a.fn - ACTIVATION_FUNCTION.LUT_START}`;
      else fn = (a.fn <= ACTIVATION_FUNCTION.SIGMOID ? nameOf(ACTIVATION_FUNCTION, a.fn) : undefined) ?? `reserved(${a.fn})`;
      const extra = a.clipRange ? ` clip_range=${a.clipRange}` : '';
      return { text: `${fn}${extra}`, fields: { function: fn, clipRange: a.clipRange } };
    }
    case 'NPU_SET_IFM_REGION':
    case 'NPU_SET_OFM_REGION':
    case 'NPU_SET_IFM2_REGION':
    case 'NPU_SET_WEIGHT_REGION':
    case 'NPU_SET_SCALE_REGION':
      return regionText(p);
    case 'NPU_SET_DMA0_SRC_REGION':
    case 'NPU_SET_DMA0_DST_REGION': {
      if (p & DMA_REGION_SHRAM) return { text: 'shram', fields: { shram: true } };
      return regionText(p);
    }
    case 'NPU_SET_IFM2_BROADCAST': {
      const b = unpackIfm2Broadcast(p);
      const flags = (['h', 'w', 'c', 'reversed', 'scalar'] as const).filter((f) => b[f]);
      return { text: flags.length ? flags.join(' ') : 'none', fields: { ...b } };
    }
  }
  if (command(c.name).op) return p === 0 ? { text: '', fields: {} } : { text: `${p}`, fields: { param: p } };
  return { text: `${p}`, fields: { value: p } };
}

function fmText(f: FeatureMap): string {
  return `1x${f.height}x${f.width}x${f.depth} ${precisionType(f.signed, f.bits)}${f.format === 'NHCWB16' ? ' NHCWB16' : ''}`;
}

/** The one-line summary of an operation. */
export function summarizeOperation(op: NpuOperation): string {
  const head = `op ${op.index}: `;
  if (op.kind === 'DMA') {
    const dst = op.dstRegion === 'shram' ? 'SHRAM' : `region ${op.dstRegion}`;
    return `${head}DMA ${op.length} bytes region ${op.srcRegion} @ ${hexAddress(op.src)} -> ${dst} @ ${hexAddress(op.dst)}`;
  }
  let s = head + op.kind;
  if (op.kind === 'POOL') s += ` ${nameOf(POOLING_MODE, op.mode)}`;
  if (op.kind === 'ELEMENTWISE') s += ` ${nameOf(ELEMENTWISE_MODE, op.mode)}`;
  s += ` ifm ${fmText(op.ifm)}`;
  if (op.kind === 'ELEMENTWISE') s += op.ifm2 ? `, ifm2 ${fmText(op.ifm2)}` : `, ifm2 scalar ${op.scalar}`;
  if (op.broadcast?.reversed) s += ' (reversed)';
  s += ` -> ofm ${fmText(op.ofm)}`;
  if (op.kind !== 'ELEMENTWISE') {
    const k = op.kernel;
    s += `, kernel ${k.height}x${k.width} stride ${k.strideY}x${k.strideX}`;
    if (k.dilationX !== 1 || k.dilationY !== 1) s += ` dilation ${k.dilationY}x${k.dilationX}`;
    const p = op.pad;
    if (p.top || p.bottom || p.left || p.right) s += ` pad ${p.top},${p.bottom},${p.left},${p.right}`;
  }
  if (op.activation.fn >= ACTIVATION_FUNCTION.LUT_START) s += `, lut slot ${op.activation.fn - ACTIVATION_FUNCTION.LUT_START}`;
  return s;
}

interface Listing {
  readonly commands: readonly Command[];
  /** Per command: the operation it starts, an error, or nothing. */
  readonly notes: readonly (NpuOperation | BackendError | null)[];
}

function list(stream: Uint8Array): Listing {
  const commands = decodeCommands(stream);
  const dec = new OperationDecoder();
  const notes = commands.map((c) => {
    try {
      return dec.step(c);
    } catch (e) {
      if (e instanceof BackendError) return e;
      throw e;
    }
  });
  return { commands, notes };
}

/** The command stream as text (see the file comment). */
export function disassemble(stream: Uint8Array): string {
  const { commands, notes } = list(stream);
  const view = new DataView(stream.buffer, stream.byteOffset, stream.length);
  const lines: string[] = [];
  commands.forEach((c, i) => {
    const w0 = hexWord(view.getUint32(c.offset, true));
    const w1 = c.kind === 'cmd1' ? hexWord(view.getUint32(c.offset + 4, true)) : ' '.repeat(8);
    const { text } = decodeFields(c);
    lines.push(`${c.offset.toString(16).padStart(6, '0')}  ${w0} ${w1}  ${c.name.padEnd(NAME_WIDTH)}${text}`.trimEnd());
    const note = notes[i];
    if (note instanceof BackendError) lines.push(`; error: ${note.message}`);
    else if (note) lines.push(`; ${summarizeOperation(note)}`);
  });
  return lines.join('\n') + '\n';
}

/** The command stream as data (see the file comment). */
export function disassembleJson(stream: Uint8Array): unknown {
  const { commands, notes } = list(stream);
  const errors: { offset: number; message: string }[] = [];
  const operations: NpuOperation[] = [];
  notes.forEach((n, i) => {
    if (n instanceof BackendError) errors.push({ offset: commands[i]!.offset, message: n.message });
    else if (n) operations.push(n);
  });
  const out: Fields = {
    commands: commands.map((c) => ({
      offset: c.offset,
      name: c.name,
      kind: c.kind,
      param: c.param,
      ...(c.payload !== undefined ? { payload: c.payload } : {}),
      fields: decodeFields(c).fields,
    })),
    operations,
  };
  if (errors.length) out.errors = errors;
  return out;
}
