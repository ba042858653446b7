// The vipnano listings. The command stream is the kick list (job.ts), so
// `disassemble` shows each kick: its kind and its descriptor's address,
// one `; op N:` line per job (src/driver/disassembly.ts appends locations
// there). The descriptors and weight streams live in region 0, which the
// stream-only interface does not see: `disassembleJob` (the optional
// TargetBackend method) lists the same kicks with each descriptor through
// formatDescriptor, and for NN convolutions the weight stream's zrl_bits and
// its compression (raw weight bytes vs coded stream bytes).

import type { NpuJob } from '../../codegen/backend.js';
import { formatDescriptor } from './descriptors.js';
import { REGION, unpackAddress } from './job.js';
import { summarizeJob } from './job-summary.js';
import { descriptorAt, readKickList, type KickEntry } from './kick-list.js';

const hex = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

function kickLines(kicks: readonly KickEntry[]): string[][] {
  return kicks.map((k, i) => {
    const { region, offset } = unpackAddress(k.address);
    return [`; op ${i}: ${k.kind} job`, `kick ${k.kind} descriptor ${hex(k.address)} (region ${region} + ${offset})`];
  });
}

export function disassemble(stream: Uint8Array): string {
  const kicks = readKickList(stream);
  return [`; vipnano kick list: ${kicks.length} job${kicks.length === 1 ? '' : 's'}`, ...kickLines(kicks).flat()].join('\n') + '\n';
}

export function disassembleJson(stream: Uint8Array): unknown {
  const kicks = readKickList(stream);
  return {
    jobs: kicks.map((k, i) => {
      const { region, offset } = unpackAddress(k.address);
      return { index: i, kind: k.kind, address: k.address, region, offset };
    }),
  };
}

const indent = (text: string): string[] => text.trimEnd().split('\n').map((l) => `    ${l}`);

/** The kicks with their descriptors and weight streams, read from the job's regions. */
export function disassembleJob(job: NpuJob): string {
  const coefficients = job.regions[REGION.coefficients];
  const kicks = readKickList(job.commandStream, coefficients?.length ?? 0);
  const lines = [`; vipnano kick list: ${kicks.length} job${kicks.length === 1 ? '' : 's'}`];
  kickLines(kicks).forEach((head, i) => {
    const kick = kicks[i]!;
    const words = descriptorAt(coefficients!, kick);
    lines.push(...head, ...indent(formatDescriptor(kick.kind, words)));
    const s = summarizeJob(kick.kind, words, job.regions);
    if (s.weights) {
      const w = s.weights;
      lines.push(`    weights: zrl_bits ${w.zrlBits}, ${w.rawBytes} raw bytes -> ${w.codedBytes} coded bytes (ratio ${(w.rawBytes / w.codedBytes).toFixed(2)})`);
    }
    if (s.error) lines.push(`    ; not runnable: ${s.error}`);
  });
  return lines.join('\n') + '\n';
}
