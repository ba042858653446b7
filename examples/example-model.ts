// The bundled example network (examples/make-example-model.ts writes it): a
// small quantized ONNX model in the QDQ form onnxruntime's quantizer writes
// (int8 activations, per-channel int8 weights), built in code from a fixed
// seed, so that no model file is stored in the repository and every build
// gives the same bytes.
//
//   input 1x3x16x16 (float) -> QuantizeLinear
//   conv 3x3, 8 channels, Relu
//   depthwise conv 3x3, Relu
//   add (residual: conv output + depthwise output)
//   average pool 2x2, stride 2
//   conv 1x1, 4 channels
//   -> DequantizeLinear -> output 1x4x8x8 (float)

import { Net, type BuiltModel } from '../test/support/onnx-model-builder.js';

export function exampleModel(): BuiltModel {
  const n = new Net([1, 3, 16, 16], { seed: 7, activations: 'int8', perChannel: true, name: 'npuc_example' });
  const stem = n.conv(n.input, { out: 8, kernel: 3, act: 'relu' });
  const dw = n.depthwise(stem, { kernel: 3, act: 'relu' });
  const sum = n.add(stem, dw);
  const pooled = n.avgPool(sum, { kernel: 2, stride: 2 });
  const head = n.conv(pooled, { out: 4, kernel: 1 });
  return n.output(head, 'output').build({ format: 'qdq' });
}
