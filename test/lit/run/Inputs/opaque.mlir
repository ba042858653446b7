// An op without reference semantics (for errors.mlir).
func.func @opaque(%a: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %0 = "foo.bar"(%a) : (tensor<2x3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}
