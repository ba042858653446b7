// `npuc import` as a child process: exit codes (0 success, 1 bad model, 2 usage
// error), the `model.onnx: ...: error:` form on stderr, no stack traces, and no
// output file left behind by a failed import.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';
import { beforeAll, describe, expect, it } from 'vitest';

const { onnx } = onnxProto;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'npuc');
let dir = '';

function npuc(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NPUC_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const vi = (name: string, dims: (number | string)[]): onnxProto.onnx.IValueInfoProto => ({
  name,
  type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
});

function writeModel(file: string, nodes: onnxProto.onnx.INodeProto[], inputs: onnxProto.onnx.IValueInfoProto[], outputs: onnxProto.onnx.IValueInfoProto[]): void {
  const bytes = onnx.ModelProto.encode(
    onnx.ModelProto.create({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }], graph: { name: 'g', node: nodes, input: inputs, output: outputs } }),
  ).finish();
  writeFileSync(join(dir, file), bytes);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'npuc-import-cli-'));
  writeModel('good.onnx', [{ opType: 'Relu', input: ['x'], output: ['y'], name: 'relu1' }], [vi('x', ['N', 4])], [vi('y', ['N', 4])]);
  writeModel('bad.onnx', [{ opType: 'Gather', input: ['x', 'x'], output: ['y'], name: 'g1' }], [vi('x', [2, 4])], [vi('y', [2, 4])]);
  writeFileSync(join(dir, 'junk.onnx'), new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2]));
});

describe('npuc import', () => {
  it('prints the module, with --input-shape fixing a dynamic dimension', () => {
    const r = npuc(['import', 'good.onnx', '--input-shape', 'x=2x4', '--print-debuginfo']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"onnx.Relu"(%arg0) : (tensor<2x4xf32>) -> tensor<2x4xf32> loc("relu1")');
  });

  it('writes -o atomically and only on success', () => {
    expect(npuc(['import', 'good.onnx', '--input-shape', 'x=2x4', '-o', 'out.mlir']).code).toBe(0);
    expect(readFileSync(join(dir, 'out.mlir'), 'utf8')).toContain('onnx.Relu');
    const r = npuc(['import', 'bad.onnx', '-o', 'bad.mlir']);
    expect(r.code).toBe(1);
    expect(existsSync(join(dir, 'bad.mlir'))).toBe(false);
  });

  it('bad models exit 1 with the model error form and no stack trace', () => {
    const dyn = npuc(['import', 'good.onnx']);
    expect(dyn.code).toBe(1);
    expect(dyn.stderr).toBe("good.onnx: error: input 'x' has dynamic dimension 0 ('N'); give its shape with --input-shape x=Nx4\n");
    const bad = npuc(['import', 'bad.onnx']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("bad.onnx: node 'g1' (Gather): error: unsupported operator 'Gather' (domain 'ai.onnx', opset 17)\n");
    const junk = npuc(['import', 'junk.onnx']);
    expect(junk.code).toBe(1);
    expect(junk.stderr).toMatch(/^junk\.onnx: error: not a valid ONNX model: .+\n$/);
    const missing = npuc(['import', 'missing.onnx']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("missing.onnx: error: cannot read 'missing.onnx': no such file\n");
    for (const r of [dyn, bad, junk, missing]) expect(r.stderr).not.toMatch(/\s+at .*\.js/);
  });

  it('usage errors exit 2', () => {
    expect(npuc(['import']).code).toBe(2);
    const r = npuc(['import', 'good.onnx', '--input-shape', 'x=2xq']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("npuc: error: invalid --input-shape: dimensions in 'x=2xq' must be positive integers separated by 'x'\n");
    expect(npuc(['import', 'good.onnx', '--input-shape', 'x=2x4', '--input-shape', 'x=2x4']).code).toBe(2);
  });
});
