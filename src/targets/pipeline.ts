// The tosa pass pipeline a target needs, derived from its capabilities. No
// target has a hand-written pipeline: each step below is chosen by one rule
// over `TargetCapabilities`, and the rule is recorded as the step's reason.
//
// Order:
//   1. data-domain conversions, which change constants and zero points:
//      signedness first (later passes then see the target's domain), then
//      per-tensor requantization of weights, then depthwise -> full
//      convolution (its block-diagonal kernel is simplest with one weight zero
//      point), then unstriding of strides above the target's limit (which
//      also covers the strided convolutions depthwise-to-conv produced);
//   2. cleanups, so the rescales and constants those passes leave are folded
//      before requantization is legalized;
//   3. legalize-rescale, to the target's multiplier width and rounding;
//   4. fuse-activations last among the rewrites, so the producers it tags are
//      the final ones; then a last canonicalize and cse;
//   5. check-target, which reports each op the NPU cannot run and the
//      capability it lacks (an error with `cpuFallback: false`).
//
// The pipeline may name passes that are not registered (yet): the text is
// produced without looking passes up, and running it reports the missing pass.

import type { TargetCapabilities } from './capabilities.js';

export type PipelineOptionValue = string | number | boolean;

export interface TargetPipelineStep {
  /** The pass's CLI name. */
  readonly pass: string;
  /** Options, printed as `pass{key=value ...}` in this order. */
  readonly options: Readonly<Record<string, PipelineOptionValue>>;
  /** The capability that put the step in the pipeline. */
  readonly reason: string;
}

/** The shift range of TOSA's apply_scale_32 (DESIGN.md section 6). */
const TOSA_SHIFT_MIN = 2;
const TOSA_SHIFT_MAX = 62;

const CLEANUPS = ['cancel-transposes', 'fuse-rescale', 'fold-constants', 'fold-pad-into-conv', 'canonicalize', 'cse'] as const;

/** The steps of `caps`'s pipeline, in order, each with the rule that chose it. */
export interface TargetPipelineOptions {
  /** Whether ops the NPU cannot run may be left to the CPU (default); false makes them an error. */
  readonly cpuFallback?: boolean;
}

export function deriveTargetPipeline(caps: TargetCapabilities, opts: TargetPipelineOptions = {}): TargetPipelineStep[] {
  const steps: TargetPipelineStep[] = [];
  const add = (pass: string, reason: string, options: Record<string, PipelineOptionValue> = {}): void => {
    steps.push({ pass, options, reason });
  };

  if (caps.activations === 'uint8') add('signed-to-unsigned', 'computes on uint8: signed tensors move to uint8 (zero points + 128)');
  else add('unsigned-to-signed', 'computes on int8: unsigned tensors move to int8 (zero points - 128)');
  if (!caps.perChannel) add('per-channel-to-per-tensor', 'output scaling is per tensor: per-axis weights are requantized to one scale');
  if (!caps.depthwise.native) add('depthwise-to-conv', 'no native depthwise convolution: it becomes a block-diagonal full convolution');
  else if (caps.depthwise.maxMultiplier !== null) {
    const max = caps.depthwise.maxMultiplier;
    add('depthwise-to-conv', `native depthwise takes channel multiplier <= ${max}: larger ones become a block-diagonal full convolution`, { 'min-multiplier': max + 1 });
  }
  const maxStride = caps.convolution.maxStride;
  if (maxStride !== null) {
    add('unstride-conv', `convolution stride <= ${maxStride}: larger strides become space-to-depth plus a smaller stride`, { 'max-stride': maxStride });
  }

  for (const p of CLEANUPS) add(p, 'cleanup after the data-domain conversions');

  // The shifts a rescale may use are those both the unit and TOSA's
  // apply_scale_32 (2 <= shift <= 62) take; the options appear only when the
  // unit narrows TOSA's range.
  const rq = caps.requantization;
  const options: Record<string, PipelineOptionValue> = { 'multiplier-bits': rq.multiplierBits };
  if (rq.shift) {
    const lo = Math.max(rq.shift.min, TOSA_SHIFT_MIN);
    const hi = Math.min(rq.shift.max, TOSA_SHIFT_MAX);
    if (lo !== TOSA_SHIFT_MIN || hi !== TOSA_SHIFT_MAX) Object.assign(options, { 'shift-min': lo, 'shift-max': hi });
  }
  options.rounding = rq.rounding;
  // A multiplier of at most 15 bits fits TOSA's scale32 = false form
  // (apply_scale_16), which computes the same SINGLE_ROUND result without
  // scale32's REQUIRE that |value| < 2^(shift - 1): the small shifts a narrow
  // multiplier needs (an add's input scaling uses shift 2..8) would break it.
  if (rq.multiplierBits <= 15 && rq.rounding !== 'DOUBLE_ROUND') options.scale16 = true;
  add('legalize-rescale', `requantization unit: ${rq.multiplierBits}-bit multiplier, ${rq.rounding}`, options);
  add('fuse-activations', 'activations run in the producing operation\'s output stage');
  add('canonicalize', 'final cleanup');
  add('cse', 'final cleanup');
  const check: Record<string, PipelineOptionValue> = { target: caps.name };
  if (opts.cpuFallback === false) check['no-cpu-fallback'] = true;
  add('check-target', 'ops the NPU cannot run, and the capability each lacks', check);
  return steps;
}

/** Pipeline text (`a,b{k=v},c`) as `npuc opt -p` takes it. */
export function formatTargetPipeline(steps: readonly TargetPipelineStep[]): string {
  return steps
    .map((s) => {
      const opts = Object.entries(s.options);
      return opts.length ? `${s.pass}{${opts.map(([k, v]) => `${k}=${v}`).join(' ')}}` : s.pass;
    })
    .join(',');
}

/** The pipeline text for `caps`. */
export function targetPipeline(caps: TargetCapabilities, opts: TargetPipelineOptions = {}): string {
  return formatTargetPipeline(deriveTargetPipeline(caps, opts));
}
