// A QDQ group at the onnx level with located ops: int8 input x
// (1x2x4x4), per-channel int8 weights, Conv -> Relu -> QuantizeLinear
// (int8, zero point -10).
func.func @main(%x: tensor<1x2x4x4xi8> {onnx.name = "x"}) -> (tensor<1x2x4x4xi8> {onnx.name = "y"}) {
  %xs = "onnx.Constant"() <{value = dense<5.000000e-01> : tensor<f32>}> : () -> tensor<f32>
  %xz = "onnx.Constant"() <{value = dense<3> : tensor<i8>}> : () -> tensor<i8>
  %w = "onnx.Constant"() <{value = dense<[[[[1]], [[2]]], [[[-1]], [[3]]]]> : tensor<2x2x1x1xi8>}> : () -> tensor<2x2x1x1xi8>
  %ws = "onnx.Constant"() <{value = dense<[2.500000e-01, 1.250000e-01]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %wz = "onnx.Constant"() <{value = dense<0> : tensor<2xi8>}> : () -> tensor<2xi8>
  %ys = "onnx.Constant"() <{value = dense<1.000000e+00> : tensor<f32>}> : () -> tensor<f32>
  %yz = "onnx.Constant"() <{value = dense<-10> : tensor<i8>}> : () -> tensor<i8>
  %xf = "onnx.DequantizeLinear"(%x, %xs, %xz) : (tensor<1x2x4x4xi8>, tensor<f32>, tensor<i8>) -> tensor<1x2x4x4xf32> loc("x_dq")
  %wf = "onnx.DequantizeLinear"(%w, %ws, %wz) <{axis = 0 : i64}> : (tensor<2x2x1x1xi8>, tensor<2xf32>, tensor<2xi8>) -> tensor<2x2x1x1xf32> loc("w_dq")
  %c = "onnx.Conv"(%xf, %wf) : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32> loc("conv1")
  %r = "onnx.Relu"(%c) : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> loc("relu1")
  %y = "onnx.QuantizeLinear"(%r, %ys, %yz) : (tensor<1x2x4x4xf32>, tensor<f32>, tensor<i8>) -> tensor<1x2x4x4xi8> loc("y_q")
  return %y : tensor<1x2x4x4xi8>
}
