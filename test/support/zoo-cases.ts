// The differential-test zoo (onnx-model-builder.ts) as named test cases:
// every zoo model in the forms a test asks for, plus the MobileNetV2-style
// model at 32x32. Shared by the tests that run passes or lowerings over the
// zoo (exact passes, partition, nir lowering).

import { mobilenetv2Like, zoo, type BuiltModel, type ZooOptions } from './onnx-model-builder.js';

/** The forms the zoo builds each model in. */
export const ZOO_FORMS = {
  'qdq u8 per-channel': { activations: 'uint8', perChannel: true },
  'qdq u8 per-tensor': { activations: 'uint8', perChannel: false },
  'qdq i8 per-channel': { activations: 'int8', perChannel: true },
  'qdq i8 per-tensor': { activations: 'int8', perChannel: false },
  'qoperator u8 per-channel 7-bit': { format: 'qoperator', activations: 'uint8', reduceRange: true },
  'qoperator i8 per-tensor 7-bit': { format: 'qoperator', activations: 'int8', perChannel: false, reduceRange: true },
  float: { format: 'float' },
} as const satisfies Record<string, ZooOptions>;

export type ZooForm = keyof typeof ZOO_FORMS;
export const ALL_ZOO_FORMS = Object.keys(ZOO_FORMS) as ZooForm[];

export interface ZooCase {
  /** `<model> <form>`, e.g. `conv_stack qdq u8 per-channel`. */
  readonly name: string;
  /** The zoo model's name. */
  readonly model: string;
  readonly form: ZooForm;
  readonly build: () => BuiltModel;
}

/** Every zoo model in each of `forms`, model by model. */
export function zooCases(forms: readonly ZooForm[]): ZooCase[] {
  return Object.entries(zoo).flatMap(([model, build]) =>
    forms.map((form): ZooCase => ({ name: `${model} ${form}`, model, form, build: () => build({ ...ZOO_FORMS[form] }) })),
  );
}

/** mobilenetv2Like at 32x32, QDQ uint8 per-channel; two calibration inputs instead of 8 keep it quick to build. */
export const mobilenetCase: ZooCase = {
  name: 'mobilenetv2Like@32 qdq u8 per-channel',
  model: 'mobilenetv2Like',
  form: 'qdq u8 per-channel',
  build: () => mobilenetv2Like(7, { resolution: 32, calibrationSamples: 2 }),
};

/**
 * Whether partitioning `model` (a zoo model name, quantized) for `target`
 * leaves some work on the NPU. matmul_mlp is two matmuls (no target runs a
 * matmul) whose i32 results are requantized by rescales; on an NPU whose
 * feature maps are 8-bit only (vipnano) none of it runs on the NPU.
 */
export function expectsNpuWork(model: string, target: { readonly eightBitFeatureMapsOnly: boolean }): boolean {
  return !(model === 'matmul_mlp' && target.eightBitFeatureMapsOnly);
}
