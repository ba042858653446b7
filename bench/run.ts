// npm run bench: IR throughput on a generated 100k-op module. Prints a table:
// parse, verify and print times (ops/s, MB/s), peak memory, and the same file
// parsed and printed by upstream mlir-opt when it is installed. Then the model
// benchmark (bench/onnx-model.ts): a MobileNetV2-style quantized model imported
// by npuc and run by onnxruntime-node.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseModule, printOp, verify } from '../src/index.js';
import { generateModule } from './generate.js';
import { memoryPlannerBenchmark } from './memory-planner.js';
import { onnxModelBenchmark } from './onnx-model.js';
import { vipnanoZooBenchmark } from './vipnano-zoo.js';
import { best } from './timing.js';

const MLIR_OPT = process.env.MLIR_OPT ?? '/usr/lib/llvm-22/bin/mlir-opt';

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i]!)).join('  ');
}

const { text, ops } = generateModule(100, 1000);
const mb = Buffer.byteLength(text) / 1e6;
const runs = 3;

const parse = best(runs, () => parseModule(text, { file: 'bench.mlir' }));
const module = parse.value;
const check = best(runs, () => verify(module));
if (check.value.length) throw new Error(`generated module does not verify: ${check.value[0]!.message}`);
const print = best(runs, () => printOp(module));
const printed = print.value;
const peakMb = process.resourceUsage().maxRSS / 1024;

const widths = [24, 10, 12, 10];
const lines = [
  `IR benchmark: generated module, ${ops} ops, ${mb.toFixed(1)} MB of text (best of ${runs})`,
  row(['stage', 'ms', 'ops/s', 'MB/s'], widths),
];
for (const [name, r] of [
  ['npuc parse', parse],
  ['npuc verify', check],
  ['npuc print', print],
] as const) {
  lines.push(row([name, r.ms.toFixed(0), Math.round(ops / (r.ms / 1000)).toLocaleString('en-US'), (mb / (r.ms / 1000)).toFixed(1)], widths));
}
const total = parse.ms + check.ms + print.ms;
lines.push(row(['npuc parse+verify+print', total.toFixed(0), Math.round(ops / (total / 1000)).toLocaleString('en-US'), (mb / (total / 1000)).toFixed(1)], widths));

if (existsSync(MLIR_OPT)) {
  // Upstream reference: mlir-opt parses, verifies and prints the same file (process time included).
  const dir = mkdtempSync(join(tmpdir(), 'npuc-bench-'));
  const file = join(dir, 'bench.mlir');
  writeFileSync(file, text);
  const r = best(runs, () => spawnSync(MLIR_OPT, [file, '-o', join(dir, 'out.mlir')], { encoding: 'utf8' }));
  if (r.value.status === 0) {
    lines.push(row(['mlir-opt (same file)', r.ms.toFixed(0), Math.round(ops / (r.ms / 1000)).toLocaleString('en-US'), (mb / (r.ms / 1000)).toFixed(1)], widths));
  } else {
    lines.push(`mlir-opt failed on the generated module: ${r.value.stderr.split('\n')[0]}`);
  }
  rmSync(dir, { recursive: true, force: true });
} else {
  lines.push('mlir-opt not found: no upstream reference row');
}
lines.push(`peak RSS: ${peakMb.toFixed(0)} MB; printed ${(Buffer.byteLength(printed) / 1e6).toFixed(1)} MB`);
console.log(lines.join('\n'));

console.log('');
console.log(memoryPlannerBenchmark());
console.log('');
console.log(await onnxModelBenchmark());
console.log('');
let ort: typeof import('onnxruntime-node') | null = null;
try {
  ort = await import('onnxruntime-node');
} catch {
  ort = null;
}
console.log(await vipnanoZooBenchmark(ort));
