// A blob does not depend on the path its input was read from: the same
// module parsed as `deep/dir/model.mlir` and as `model.mlir` packs to the
// same bytes, and its CPU text and debug locations name the file by base name.

import { describe, expect, it } from 'vitest';
import '../../src/dialects/index.js';
import '../../src/passes/index.js';
import { readFileSync } from 'node:fs';
import { lowerModuleToNir } from '../../src/codegen/lower-to-nir.js';
import { readBlob } from '../../src/codegen/blob.js';
import { packModule } from '../../src/codegen/pack.js';
import { EMIT_PIPELINES, runPipeline } from '../../src/driver/pipelines.js';
import { parseModule } from '../../src/ir/parser.js';
import { ethosU55Backend } from '../../src/targets/ethos-u55/backend.js';
import { targetPipeline } from '../../src/targets/pipeline.js';
import { lookupTarget } from '../../src/targets/registry.js';

const text = readFileSync(new URL('../../examples/qdq-conv-relu.mlir', import.meta.url), 'utf8');

function pack(file: string): Uint8Array {
  const m = parseModule(text, { file });
  runPipeline(m, EMIT_PIPELINES.tosa);
  runPipeline(m, targetPipeline(lookupTarget('ethos-u55')!));
  runPipeline(m, 'partition{target=ethos-u55}');
  lowerModuleToNir(m);
  return packModule(m, ethosU55Backend, { compiler: 'npuc test', options: {} });
}

describe('portable locations', () => {
  it('packs the same bytes whatever directory the input was read from', () => {
    const a = pack('deep/dir/qdq-conv-relu.mlir');
    const b = pack('qdq-conv-relu.mlir');
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const blob = readBlob(a, 'a.npub');
    const texts = blob.segments.map((s) => (s.kind === 'cpu' ? s.program : s.locations.join('\n'))).join('\n');
    expect(texts).toContain('"qdq-conv-relu.mlir"');
    expect(texts).not.toContain('deep/dir');
  });
});
