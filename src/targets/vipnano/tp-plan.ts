// How an nir data movement becomes one TP job (tp-execute.ts has the model):
// the elements to move as a list of dimensions, innermost first in the order
// the TP core reads them, each with its input and output stride; the input
// dimensions grouped into the image's x (stride 1), y (in_image_stride) and
// z (in_image_slice) axes, and the dimensions merged into output loops.
// Everything here is in elements (= bytes: 8-bit data only).

/** One dimension of the element set: `count` steps of `inStride` in the input and `outStride` in the output. */
export interface TpDim {
  readonly count: number;
  readonly inStride: number;
  readonly outStride: number;
}

/** The input image (window = the whole image unless padding is given) and the output loops of a TP job. */
export interface TpPlan {
  readonly xSize: number;
  readonly ySize: number;
  readonly zSize: number;
  readonly stride: number;
  readonly slice: number;
  /** Window in image coordinates, ends inclusive. */
  readonly window: { x0: number; x1: number; y0: number; y1: number };
  /** Output loops, innermost first, at most 7 (the 7th is loop 6, without a count). */
  readonly loops: readonly { count: number; inc: number }[];
}

export const U16 = 0xffff;
export const U32 = 0xffffffff;

/** Splits dimensions whose count exceeds a 16-bit field into two (inner factor as large as possible); null when a count has no such factor. */
export function factorDims(dims: readonly TpDim[]): TpDim[] | null {
  const out: TpDim[] = [];
  for (const d of dims) {
    if (d.count <= U16) {
      out.push(d);
      continue;
    }
    let f = U16;
    while (f > 1 && (d.count % f !== 0 || d.count / f > U16)) f--;
    if (f <= 1) return null;
    out.push({ count: f, inStride: d.inStride, outStride: d.outStride });
    out.push({ count: d.count / f, inStride: d.inStride * f, outStride: d.outStride * f });
  }
  return out;
}

/** Merges consecutive dimensions (counts up to 16 bits) that are contiguous in the output into loops of up to 16-bit counts; null beyond 7 loops. */
export function outputLoops(dims: readonly TpDim[]): { count: number; inc: number }[] | null {
  const loops: { count: number; inc: number }[] = [];
  for (const d of dims) {
    const prev = loops[loops.length - 1];
    if (prev && prev.inc * prev.count === d.outStride && prev.count * d.count <= U16) prev.count *= d.count;
    else loops.push({ count: d.count, inc: d.outStride });
  }
  if (loops.length === 0) loops.push({ count: 1, inc: 0 });
  // Loops 0-5 have 16-bit counts (every dimension's count is at most 16 bits and merges stay so), loop 6 none.
  if (loops.length > 7 || loops.some((l) => l.inc > U32)) return null;
  return loops;
}

interface Axis {
  readonly size: number;
  readonly stride: number;
}

/** A run of dimensions contiguous in the input as one image axis, or null. */
function runAxis(run: readonly TpDim[]): Axis | null {
  let size = 1;
  for (let i = 0; i < run.length; i++) {
    if (i > 0 && run[i]!.inStride !== run[i - 1]!.inStride * run[i - 1]!.count) return null;
    size *= run[i]!.count;
  }
  return { size, stride: run[0]!.inStride };
}

/**
 * The plan for a pure permutation of elements (transpose, dma): the
 * dimensions (count > 1) sorted by input stride, cut into at most three runs
 * that are contiguous in the input and become the x, y and z axes (x only
 * with stride 1), the whole image as the window, and the output loops in
 * read order. Null when no cut fits the fields.
 */
export function permutationPlan(dimsIn: readonly TpDim[]): TpPlan | null {
  const sorted = [...dimsIn].filter((d) => d.count > 1).sort((a, b) => a.inStride - b.inStride || a.outStride - b.outStride);
  const dims = factorDims(sorted);
  if (!dims) return null;
  const m = dims.length;
  if (m === 0) return finish({ size: 1, stride: 1 }, { size: 1, stride: 1 }, { size: 1, stride: 1 }, dims);
  // Cut positions: every subset of the m - 1 gaps with at most 2 cuts, fewest cuts first.
  const cuts: number[][] = [[]];
  for (let a = 1; a < m; a++) cuts.push([a]);
  for (let a = 1; a < m; a++) for (let b = a + 1; b < m; b++) cuts.push([a, b]);
  for (const cut of cuts) {
    const bounds = [0, ...cut, m];
    const axes: Axis[] = [];
    let ok = true;
    for (let i = 0; i + 1 < bounds.length && ok; i++) {
      const a = runAxis(dims.slice(bounds[i], bounds[i + 1]));
      if (!a || a.size > U16) ok = false;
      else axes.push(a);
    }
    if (!ok) continue;
    const plan = assign(axes, dims);
    if (plan) return plan;
  }
  return null;
}

/** Puts runs (innermost first) on x, y, z: x needs stride 1, y a 16-bit stride, z a 32-bit slice. */
function assign(axes: readonly Axis[], dims: readonly TpDim[]): TpPlan | null {
  const one: Axis = { size: 1, stride: 0 };
  const options: Axis[][] = [];
  if (axes.length === 1) options.push([axes[0]!, one, one], [one, axes[0]!, one], [one, one, axes[0]!]);
  if (axes.length === 2) options.push([axes[0]!, axes[1]!, one], [axes[0]!, one, axes[1]!], [one, axes[0]!, axes[1]!]);
  if (axes.length === 3) options.push([axes[0]!, axes[1]!, axes[2]!]);
  for (const [x, y, z] of options) {
    if (x!.size > 1 && x!.stride !== 1) continue;
    if (y!.stride > U16 || z!.stride > U32) continue;
    const plan = finish(x!, y!, z!, dims);
    if (plan) return plan;
  }
  return null;
}

function finish(x: Axis, y: Axis, z: Axis, dims: readonly TpDim[]): TpPlan | null {
  const loops = outputLoops(dims);
  if (!loops) return null;
  return {
    xSize: x.size,
    ySize: y.size,
    zSize: z.size,
    stride: y.size > 1 ? y.stride : x.size,
    slice: z.size > 1 ? z.stride : x.size * y.size,
    window: { x0: 0, x1: x.size - 1, y0: 0, y1: y.size - 1 },
    loops,
  };
}
