// RUN: npuc opt %s --split-input-file --verify-diagnostics
// Checks npuc makes beyond upstream's verifier (TOSA 1.0 ERROR_IFs on shapes
// that upstream leaves to later passes), and type constraints.

func.func @conv_channels(%x: tensor<1x4x4x3xi8>, %w: tensor<8x3x3x2xi8>, %b: tensor<8xi32>) -> tensor<1x4x4x8xi32> {
  %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-error @+1 {{'tosa.conv2d' op expect input channels (3) to match weight input channels (2)}}
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x3xi8>, tensor<8x3x3x2xi8>, tensor<8xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x8xi32>
  return %0 : tensor<1x4x4x8xi32>
}

// -----

func.func @conv_result_type(%x: tensor<1x4x4x3xi8>, %w: tensor<8x3x3x3xi8>, %b: tensor<8xi8>) -> tensor<1x4x4x8xi8> {
  %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-error @+1 {{'tosa.conv2d' op expected result element type i32 (the accumulator type), got i8}}
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x3xi8>, tensor<8x3x3x3xi8>, tensor<8xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x8xi8>
  return %0 : tensor<1x4x4x8xi8>
}

// -----

func.func @conv_stride_count(%x: tensor<1x4x4x3xi8>, %w: tensor<8x3x3x3xi8>, %b: tensor<8xi32>) -> tensor<1x4x4x8xi32> {
  %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-error @+1 {{'tosa.conv2d' op attribute 'stride' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements}}
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1, 1>} : (tensor<1x4x4x3xi8>, tensor<8x3x3x3xi8>, tensor<8xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x8xi32>
  return %0 : tensor<1x4x4x8xi32>
}

// -----

func.func @conv_rank(%x: tensor<4x4x3xi8>, %w: tensor<8x3x3x3xi8>, %b: tensor<8xi32>) -> tensor<1x4x4x8xi32> {
  %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-error @+1 {{'tosa.conv2d' op operand #0 ('input') must be 4-d tosa-conformant tensor of number values, but got 'tensor<4x4x3xi8>'}}
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<4x4x3xi8>, tensor<8x3x3x3xi8>, tensor<8xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x8xi32>
  return %0 : tensor<1x4x4x8xi32>
}

// -----

func.func @depthwise_channels(%x: tensor<1x4x4x3xi8>, %w: tensor<3x3x3x2xi8>, %b: tensor<6xi32>) -> tensor<1x4x4x5xi32> {
  %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-error @+1 {{'tosa.depthwise_conv2d' op expect output channels (5) to be 6}}
  %0 = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x4x4x3xi8>, tensor<3x3x3x2xi8>, tensor<6xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x4x4x5xi32>
  return %0 : tensor<1x4x4x5xi32>
}

// -----

func.func @matmul_inner(%a: tensor<1x2x3xi8>, %b: tensor<1x4x4xi8>) -> tensor<1x2x4xi32> {
  %zp = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-error @+1 {{'tosa.matmul' op expect A's inner dimension (3) to match B's rows (4)}}
  %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x2x3xi8>, tensor<1x4x4xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x2x4xi32>
  return %0 : tensor<1x2x4xi32>
}

// -----

func.func @matmul_float_zp(%a: tensor<1x2x3xf32>, %b: tensor<1x3x4xf32>) -> tensor<1x2x4xf32> {
  %zp = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @+1 {{'tosa.matmul' op A zero point must be zero for floating-point types}}
  %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x2x3xf32>, tensor<1x3x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x4xf32>
  return %0 : tensor<1x2x4xf32>
}

// -----

func.func @slice_bounds(%a: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %st = tosa.const_shape {values = dense<[0, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %sz = tosa.const_shape {values = dense<[2, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  // expected-error @+1 {{'tosa.slice' op expect start + size to be within the input dim 1: 2 + 2 > 3}}
  %0 = tosa.slice %a, %st, %sz : (tensor<2x3xf32>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @pad_output(%a: tensor<2x3xf32>) -> tensor<4x4xf32> {
  %ps = tosa.const_shape {values = dense<[1, 1, 0, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %pc = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  // expected-error @+1 {{'tosa.pad' op expected output shape dim 1 to be 5 (input 3 + padding 0 + 2), got 4}}
  %0 = tosa.pad %a, %ps, %pc : (tensor<2x3xf32>, !tosa.shape<4>, tensor<1xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @table_size(%a: tensor<2x3xi8>) -> tensor<2x3xi8> {
  %tb = "tosa.const"() <{values = dense<0> : tensor<255xi8>}> : () -> tensor<255xi8>
  // expected-error @+1 {{'tosa.table' op expected table of 256 entries for i8 input, got 255}}
  %0 = tosa.table %a, %tb : (tensor<2x3xi8>, tensor<255xi8>) -> tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}

// -----

func.func @table_i16_result(%a: tensor<4xi16>) -> tensor<4xi16> {
  %tb = "tosa.const"() <{values = dense<0> : tensor<513xi16>}> : () -> tensor<513xi16>
  // expected-error @+1 {{'tosa.table' op expected i16 table and i32 output for i16 input}}
  %0 = tosa.table %a, %tb : (tensor<4xi16>, tensor<513xi16>) -> tensor<4xi16>
  return %0 : tensor<4xi16>
}

// -----

func.func @select_condition(%c: tensor<2x3xi8>, %a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'tosa.select' op operand #0 ('input1') must be tosa-conformant tensor of 1-bit signless integer values, but got 'tensor<2x3xi8>'}}
  %0 = tosa.select %c, %a, %a : (tensor<2x3xi8>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @signed_element(%a: tensor<2xsi8>) -> tensor<2xsi8> {
  // npuc reports every operand and result that fails its constraint (upstream stops at the first).
  // expected-error @+3 {{'tosa.add' op operand #0 ('input1') must be tosa-conformant tensor of number values, but got 'tensor<2xsi8>'}}
  // expected-error @+2 {{'tosa.add' op operand #1 ('input2') must be tosa-conformant tensor of number values, but got 'tensor<2xsi8>'}}
  // expected-error @+1 {{'tosa.add' op result #0 ('output') must be tosa-conformant tensor of number values, but got 'tensor<2xsi8>'}}
  %0 = tosa.add %a, %a : (tensor<2xsi8>, tensor<2xsi8>) -> tensor<2xsi8>
  return %0 : tensor<2xsi8>
}

// -----

func.func @nan_mode_case(%a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'tosa.maximum' op attribute 'nan_mode' failed to satisfy constraint: Tosa nan_mode enum (PROPAGATE, IGNORE)}}
  %0 = tosa.maximum %a, %a {nan_mode = SOMETIMES} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @rescale_multiplier_type(%x: tensor<4xi32>) -> tensor<4xi8> {
  %m = "tosa.const"() <{values = dense<16384> : tensor<1xi16>}> : () -> tensor<1xi16>
  %s = "tosa.const"() <{values = dense<31> : tensor<1xi8>}> : () -> tensor<1xi8>
  %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %z8 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  // expected-error @+1 {{'tosa.rescale' op expect i32 element type for multiplier for scale32=true, got i16}}
  %0 = tosa.rescale %x, %m, %s, %z32, %z8 {rounding_mode = SINGLE_ROUND, scale32 = true, per_channel = false, input_unsigned = false, output_unsigned = false} : (tensor<4xi32>, tensor<1xi16>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @reshape_shape_rank(%a: tensor<2x3xf32>) -> tensor<6xf32> {
  %s = tosa.const_shape {values = dense<[3, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  // expected-error @+1 {{'tosa.reshape' op expected shape of rank 1 (the result rank), got !tosa.shape<2>}}
  %0 = tosa.reshape %a, %s : (tensor<2x3xf32>, !tosa.shape<2>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}
