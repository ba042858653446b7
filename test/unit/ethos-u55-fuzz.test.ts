// Mutation fuzzing of valid ethos-u55 blobs, aimed past the container at the
// target: the bytes of the command streams and of the coefficients regions
// (weight streams, scale records) are mutated, the header's CRC-32 is fixed
// up so the reader accepts the file, and the blob is run. The only allowed
// outcomes are valid results or a clean error (BlobFormatError from the
// reader, RuntimeError from the runtime wrapping the executor's
// BackendError); never another exception, never a hang (the executor bounds
// its work and every access is checked before it runs). The container
// itself is fuzzed by blob-fuzz.test.ts.

import { describe, expect, it } from 'vitest';
import '../../src/dialects/index.js';
import '../../src/passes/index.js';
import { EMIT_PIPELINES, runPipeline } from '../../src/driver/pipelines.js';
import { importOnnxModel } from '../../src/frontends/onnx/import.js';
import { Tensor } from '../../src/ir/tensor.js';
import { f32 } from '../../src/ir/types.js';
import { lowerModuleToNir } from '../../src/codegen/lower-to-nir.js';
import { BlobFormatError, readBlob } from '../../src/codegen/blob.js';
import { crc32 } from '../../src/codegen/crc32.js';
import { packModule } from '../../src/codegen/pack.js';
import { RuntimeError, runBlob } from '../../src/runtime/run-blob.js';
import { ethosU55Backend } from '../../src/targets/ethos-u55/backend.js';
import { lookupTarget } from '../../src/targets/registry.js';
import { targetPipeline } from '../../src/targets/pipeline.js';
import { COMMANDS } from '../../src/targets/ethos-u55/registers.js';
import { mulberry32 } from '../support/onnx-model-builder.js';
import { zooCases } from '../support/zoo-cases.js';

const CASES = Number(process.env.NPUC_FUZZ_CASES ?? 3000);

function validBlob(model: string): { bytes: Uint8Array; input: Tensor; inputName: string } {
  const c = zooCases(['qdq i8 per-channel']).find((z) => z.model === model)!;
  const built = c.build();
  const module = importOnnxModel(built.bytes, { fileName: `${built.name}.onnx` });
  runPipeline(module, EMIT_PIPELINES.tosa);
  runPipeline(module, targetPipeline(lookupTarget('ethos-u55')!));
  runPipeline(module, 'partition{target=ethos-u55}');
  lowerModuleToNir(module);
  const bytes = packModule(module, ethosU55Backend, { compiler: 'npuc test', options: {} });
  const blob = readBlob(bytes, 'valid.npub');
  const x = built.makeInputs(1)[0]!;
  return { bytes, input: new Tensor(x.shape, f32, Float32Array.from(x.data)), inputName: blob.tensors[blob.inputs[0]!]!.name };
}

/** The byte ranges of the sections the target reads: command streams and region contents. */
function targetRanges(bytes: Uint8Array): [number, number][] {
  const blob = readBlob(bytes, 'valid.npub');
  return blob.sections.filter((s) => s.kind === 'COMMAND_STREAM' || s.kind === 'REGION_DATA').map((s) => [s.offset, s.offset + s.size]);
}

function fixCrc(bytes: Uint8Array): void {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(48, crc32(bytes.subarray(64)), true);
}

const OPCODES = COMMANDS.map((c) => (c.kind === 'cmd1' ? c.code | 0x4000 : c.code));

/** One seeded mutation inside the target's sections. */
function mutate(bytes: Uint8Array, ranges: readonly [number, number][], rand: () => number): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const [lo, hi] = ranges[Math.floor(rand() * ranges.length)]!;
  const words = Math.floor((hi - lo) / 4);
  const at = lo + 4 * Math.floor(rand() * words);
  switch (Math.floor(rand() * 5)) {
    case 0: // flip one bit
      out[lo + Math.floor(rand() * (hi - lo))]! ^= 1 << Math.floor(rand() * 8);
      break;
    case 1: // a random word
      view.setUint32(at, Math.floor(rand() * 2 ** 32), true);
      break;
    case 2: // a known command with a random param
      view.setUint32(at, (OPCODES[Math.floor(rand() * OPCODES.length)]! | (Math.floor(rand() * 0x10000) << 16)) >>> 0, true);
      break;
    case 3: // a random param on the command already there (field values out of range)
      view.setUint16(at + 2, Math.floor(rand() * 0x10000), true);
      break;
    default: // a large value in a payload or coefficient word
      view.setUint32(at, [0xffffffff, 0x7fffffff, 0x80000000, 0x10000, 0xffff][Math.floor(rand() * 5)]!, true);
  }
  fixCrc(out);
  return out;
}

describe('ethos-u55 blob mutations: valid results or clean errors', () => {
  for (const model of ['conv_stack', 'residual_add', 'pooling']) {
    it(model, () => {
      const { bytes, input, inputName } = validBlob(model);
      const ranges = targetRanges(bytes);
      const rand = mulberry32(model.length * 7919);
      const outcomes = { ran: 0, blobError: 0, runtimeError: 0 };
      for (let i = 0; i < CASES; i++) {
        const mutated = mutate(bytes, ranges, rand);
        try {
          const blob = readBlob(mutated, 'mutated.npub');
          runBlob(blob, new Map([[inputName, input]]));
          outcomes.ran++;
        } catch (e) {
          if (e instanceof BlobFormatError) outcomes.blobError++;
          else if (e instanceof RuntimeError) outcomes.runtimeError++;
          else throw new Error(`case ${i}: unclean ${(e as Error).name}: ${(e as Error).message}`);
        }
      }
      // Both outcomes occur: the mutations reach the executor's checks and some still run.
      expect(outcomes.runtimeError).toBeGreaterThan(CASES / 10);
      expect(outcomes.ran).toBeGreaterThan(0);
    }, 120_000);
  }
});
