// Writes the bundled example model (examples/example-model.ts) to a file.
//
// Usage: node dist/examples/make-example-model.js OUT.onnx

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { exampleModel } from './example-model.js';

function main(argv: readonly string[]): number {
  const out = argv[0];
  if (argv.length !== 1 || out === undefined || out.startsWith('-')) {
    process.stderr.write('usage: make-example-model OUT.onnx\n');
    return 2;
  }
  const model = exampleModel();
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  try {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(tmp, model.bytes);
    renameSync(tmp, out);
  } catch (e) {
    process.stderr.write(`${out}: error: cannot write: ${(e as Error).message}\n`);
    return 1;
  }
  const io = (xs: readonly { name: string; dtype: string; shape: number[] }[]): string => xs.map((x) => `${x.name} ${x.dtype} [${x.shape.join(', ')}]`).join(', ');
  process.stdout.write(`${out}: ${model.name}, ${model.bytes.length} bytes, ${model.convCount} convolutions; inputs ${io(model.inputs)}; outputs ${io(model.outputs)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
