// Tensors for the error tests, written by `npuc run tensors.mlir -d DIR`:
// x_2x4 has the wrong shape for conv-relu.mlir's input x (1x2x4x4xi8),
// x_f32 the wrong element type, y_wrong the right shape and type for its
// output y with every value -10 (a Relu output at its floor).
func.func @main() -> (tensor<1x2x4xi8> {onnx.name = "x_2x4"}, tensor<1x2x4x4xf32> {onnx.name = "x_f32"}, tensor<1x2x4x4xi8> {onnx.name = "y_wrong"}) {
  %0 = "tosa.const"() <{values = dense<1> : tensor<1x2x4xi8>}> : () -> tensor<1x2x4xi8>
  %1 = "tosa.const"() <{values = dense<1.0> : tensor<1x2x4x4xf32>}> : () -> tensor<1x2x4x4xf32>
  %2 = "tosa.const"() <{values = dense<-10> : tensor<1x2x4x4xi8>}> : () -> tensor<1x2x4x4xi8>
  return %0, %1, %2 : tensor<1x2x4xi8>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xi8>
}
