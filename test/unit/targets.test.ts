// Target capabilities and the pipelines derived from them: the declarations
// are consistent, each derivation rule reacts to exactly its capability, the
// derived pipelines run, and `npuc compile` / `npuc targets` behave as a CLI
// (exit codes, --bind, --print-pipeline, JSON).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, CompileUsageError, knownTargets, lookupTarget, targetPipelineText, Tensor, IntegerType, writeNpy } from '../../src/index.js';
import { lookupPass, parsePipeline } from '../../src/ir/pass.js';
import { lookupOp } from '../../src/ir/registry.js';
import type { TargetCapabilities } from '../../src/targets/capabilities.js';
import { deriveTargetPipeline, formatTargetPipeline } from '../../src/targets/pipeline.js';
import { targetPipelineEntries } from '../../src/driver/compile.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'npuc');
const qdq = join(root, 'test', 'lit', 'targets', 'Inputs', 'qdq-conv-relu.mlir');
let dir = '';

function npuc(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NPUC_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // The CLI runs the compiled library: build it from the current sources.
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stdout}${r.stderr}`);
  dir = mkdtempSync(join(tmpdir(), 'npuc-targets-'));
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const passes = (caps: TargetCapabilities): string[] => deriveTargetPipeline(caps).map((s) => s.pass);
const base = lookupTarget('rknpu')!;
const variant = (patch: (c: TargetCapabilities) => TargetCapabilities): TargetCapabilities => patch(structuredClone(base));

describe('capability declarations', () => {
  it('declares the three targets, sorted, with unique names', () => {
    expect(knownTargets().map((t) => t.name)).toEqual(['ethos-u55', 'rknpu', 'vipnano']);
  });

  for (const caps of knownTargets()) {
    it(`${caps.name}: ops are registered tosa ops, depthwise support agrees with them`, () => {
      for (const op of caps.ops) expect(lookupOp(op), op).toBeDefined();
      expect(caps.ops.includes('tosa.depthwise_conv2d')).toBe(caps.depthwise.native);
      expect(caps.ops).toContain('tosa.rescale');
      expect(caps.requantization.multiplierBits).toBeGreaterThanOrEqual(1);
      expect(caps.requantization.multiplierBits).toBeLessThanOrEqual(31);
    });
    it(`${caps.name}: the derived pipeline names only registered passes and parses`, () => {
      for (const p of passes(caps)) expect(lookupPass(p), p).toBeDefined();
      expect(() => parsePipeline(targetPipelineText(caps.name))).not.toThrow();
    });
  }

  it('records the facts each target is built on', () => {
    // shared/targets/ethos-u55.md: int8, native per-channel, stride 1-3, dilation 1-2,
    // depthwise multiplier 1, 6-bit shift, TFL rounding, 48 x 1 KiB SHRAM.
    const e = lookupTarget('ethos-u55')!;
    expect([e.activations, e.perChannel, e.convolution.maxStride, e.convolution.maxDilation, e.depthwise.maxMultiplier]).toEqual(['int8', true, 3, 2, 1]);
    expect(e.requantization).toMatchObject({ multiplierBits: 31, shift: { min: 0, max: 63 }, rounding: 'DOUBLE_ROUND' });
    expect(e.sramBytes).toBe(49152);
    // shared/targets/vipnano.md: uint8, per-tensor, stride 1, no depthwise, 15-bit post_multiplier, round half up.
    const v = lookupTarget('vipnano')!;
    expect([v.activations, v.weights, v.perChannel, v.convolution.maxStride, v.depthwise.native]).toEqual(['uint8', 'uint8', false, 1, false]);
    expect(v.requantization).toMatchObject({ multiplierBits: 15, rounding: 'SINGLE_ROUND' });
    // shared/targets/rknpu.md: int8, per-tensor, native depthwise, 15-bit OUT_CVT scale, 12 x 32 KiB CBUF.
    const r = lookupTarget('rknpu')!;
    expect([r.activations, r.perChannel, r.depthwise.native, r.requantization.multiplierBits, r.sramBytes]).toEqual(['int8', false, true, 15, 393216]);
  });
});

describe('pipeline derivation rules', () => {
  it('signedness picks the conversion direction', () => {
    expect(passes(base)[0]).toBe('unsigned-to-signed');
    const u = variant((c) => ({ ...c, activations: 'uint8', weights: 'uint8' }));
    expect(passes(u)[0]).toBe('signed-to-unsigned');
    expect(passes(u)).not.toContain('unsigned-to-signed');
  });
  it('per-channel support drops per-channel-to-per-tensor', () => {
    expect(passes(base)).toContain('per-channel-to-per-tensor');
    expect(passes(variant((c) => ({ ...c, perChannel: true })))).not.toContain('per-channel-to-per-tensor');
  });
  it('no native depthwise adds depthwise-to-conv before unstride-conv', () => {
    expect(passes(base)).not.toContain('depthwise-to-conv');
    const p = passes(variant((c) => ({ ...c, depthwise: { native: false, maxMultiplier: null }, convolution: { ...c.convolution, maxStride: 1 } })));
    expect(p.indexOf('depthwise-to-conv')).toBeGreaterThanOrEqual(0);
    expect(p.indexOf('depthwise-to-conv')).toBeLessThan(p.indexOf('unstride-conv'));
  });
  it('a native depthwise multiplier limit converts only the larger multipliers', () => {
    const text = formatTargetPipeline(deriveTargetPipeline(variant((c) => ({ ...c, depthwise: { native: true, maxMultiplier: 1 } }))));
    expect(text).toContain('depthwise-to-conv{min-multiplier=2}');
  });
  it('a stride limit unstrides the larger strides', () => {
    expect(passes(base)).not.toContain('unstride-conv');
    const text = formatTargetPipeline(deriveTargetPipeline(variant((c) => ({ ...c, convolution: { ...c.convolution, maxStride: 2 } }))));
    expect(text).toContain('unstride-conv{max-stride=2}');
  });
  it('the requantization unit sets legalize-rescale; a shift range narrower than TOSA 2..62 is passed on', () => {
    const text = (c: TargetCapabilities): string => formatTargetPipeline(deriveTargetPipeline(c));
    expect(text(base)).toContain('legalize-rescale{multiplier-bits=15 rounding=SINGLE_ROUND scale16=true}');
    const narrow = variant((c) => ({ ...c, requantization: { ...c.requantization, multiplierBits: 20, shift: { min: 0, max: 40 }, rounding: 'DOUBLE_ROUND' } }));
    expect(text(narrow)).toContain('legalize-rescale{multiplier-bits=20 shift-min=2 shift-max=40 rounding=DOUBLE_ROUND}');
    const wide = variant((c) => ({ ...c, requantization: { ...c.requantization, shift: { min: 0, max: 63 } } }));
    expect(text(wide)).toContain('legalize-rescale{multiplier-bits=15 rounding=SINGLE_ROUND scale16=true}');
  });
  it('always ends with legalize-rescale, fuse-activations, canonicalize, cse, check-target after the cleanups', () => {
    for (const caps of knownTargets()) {
      const p = passes(caps);
      expect(p.slice(-5)).toEqual(['legalize-rescale', 'fuse-activations', 'canonicalize', 'cse', 'check-target']);
      expect(p.slice(-11, -5)).toEqual(['cancel-transposes', 'fuse-rescale', 'fold-constants', 'fold-pad-into-conv', 'canonicalize', 'cse']);
      expect(formatTargetPipeline(deriveTargetPipeline(caps))).toMatch(new RegExp(`check-target\\{target=${caps.name}\\}$`));
      expect(formatTargetPipeline(deriveTargetPipeline(caps, { cpuFallback: false }))).toMatch(/no-cpu-fallback=true\}$/);
    }
  });
});

describe('compile (library)', () => {
  it('a pipeline naming a pass that does not exist is a clear error', () => {
    const steps = [...deriveTargetPipeline(base), { pass: 'no-such-pass', options: {}, reason: 'a future capability' }];
    expect(() => targetPipelineEntries('rknpu', steps, 'model.onnx')).toThrow(
      "target 'rknpu' needs pass 'no-such-pass' (a future capability), which this build of npuc does not provide yet",
    );
    const bad = [{ pass: 'legalize-rescale', options: { 'no-such-option': 1 }, reason: 'x' }];
    expect(() => targetPipelineEntries('rknpu', bad, 'model.onnx')).toThrow(/the pipeline derived for target 'rknpu' is invalid: pass 'legalize-rescale' has no option 'no-such-option'/);
  });

  it('rejects unknown targets and levels as usage errors', () => {
    expect(() => compile(qdq, { target: 'npu9000' })).toThrow(CompileUsageError);
    expect(() => compile(qdq, { target: 'rknpu', emit: 'asm' })).toThrow(/--emit asm is not supported by compile yet/);
  });

  for (const name of ['ethos-u55', 'rknpu', 'vipnano']) {
    it(`${name}: fuses the Relu of the QDQ conv`, () => {
      const r = compile(qdq, { target: name });
      expect(r.pipeline).toBe(targetPipelineText(name));
      let tags = 0;
      r.module.walk((op) => {
        expect(op.name.startsWith('onnx.'), op.name).toBe(false);
        if (op.attributes.has('npuc.fused_activation')) tags++;
      });
      expect(tags).toBe(1);
    });
  }

  it('--bind freezes an input before lowering', () => {
    const file = join(dir, 'x.npy');
    const t = Tensor.zeros([1, 2, 4, 4], IntegerType.get(8, 'unsigned'));
    for (let i = 0; i < t.size; i++) (t.data as unknown as number[])[i] = (i * 37) % 256;
    writeFileSync(file, writeNpy(t));
    const onnx = compile(qdq, { target: 'vipnano', emit: 'onnx', binds: [`x=${file}`] });
    expect(onnx.output).toContain('func.func @main() -> (tensor<1x2x4x4xi8> {onnx.name = "y"})');
    expect(onnx.output).toMatch(/"onnx.Constant"\(\) <\{value = dense<.*> : tensor<1x2x4x4xui8>\}>/);
    // With every input bound, the whole function folds to a constant.
    const tosa = compile(qdq, { target: 'rknpu', binds: [`x=${file}`] });
    const ops = new Set<string>();
    tosa.module.walk((op) => void ops.add(op.name));
    expect([...ops].filter((n) => n.startsWith('tosa.'))).toEqual(['tosa.const']);
  });
});

describe('npuc compile / npuc targets (CLI)', () => {
  it('--print-pipeline exits 0 with one line', () => {
    const r = npuc(['compile', '--target', 'ethos-u55', '--print-pipeline']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${targetPipelineText('ethos-u55')}\n`);
  });
  it('an unknown target is a usage error (exit 2) listing the known ones', () => {
    const r = npuc(['compile', qdq, '--target', 'ethos-u85']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("npuc: error: unknown target 'ethos-u85' (known targets: ethos-u55, rknpu, vipnano)\n");
  });
  it('a missing target or model is a usage error', () => {
    expect(npuc(['compile', qdq]).code).toBe(2);
    expect(npuc(['compile', '--target', 'rknpu']).code).toBe(2);
    expect(npuc(['compile', qdq, '--target', 'rknpu', '--emit', 'asm']).code).toBe(2);
  });
  it('a bad model exits 1 with a located error and no stack trace', () => {
    writeFileSync(join(dir, 'bad.mlir'), 'func.func @f( {\n');
    const r = npuc(['compile', 'bad.mlir', '--target', 'rknpu']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bad\.mlir:1:\d+: error: /);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
  it('writes -o atomically and exits 0', () => {
    const r = npuc(['compile', qdq, '--target', 'vipnano', '-o', 'out.mlir']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'out.mlir'), 'utf8')).toContain('npuc.fused_activation = {max_val = 255 : ui8, min_val = 118 : ui8}');
  });
  it('targets --json lists every target with its capabilities and pipeline', () => {
    const r = npuc(['targets', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as { targets: (TargetCapabilities & { pipeline: string; pipelineSteps: { pass: string; reason: string }[] })[] };
    expect(data.targets.map((t) => t.name)).toEqual(['ethos-u55', 'rknpu', 'vipnano']);
    for (const t of data.targets) {
      expect(t).toEqual(expect.objectContaining(JSON.parse(JSON.stringify(lookupTarget(t.name)!)) as object));
      expect(t.pipeline).toBe(targetPipelineText(t.name));
      for (const s of t.pipelineSteps) expect(s.reason.length).toBeGreaterThan(0);
    }
  });
  it('targets prints one block per target', () => {
    const r = npuc(['targets']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^\S+: /gm)).toEqual(['ethos-u55: ', 'rknpu: ', 'vipnano: ']);
    expect(r.stdout).toContain(`  pipeline:        ${targetPipelineText('vipnano')}\n`);
  });
});
