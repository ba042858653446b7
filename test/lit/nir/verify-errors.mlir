// nir verifier errors: placement of buffers, constants and views, intrinsic
// geometry, requantization properties, and the schedule checks (read before
// write, overlapping live buffers, overlapping constants, writes to the
// coefficients region), each reported at the offending op.
// RUN: npuc opt %s --split-input-file --verify-diagnostics

func.func @view_outside_buffer() {
  %r = "nir.region"() <{kind = "scratch", size = 256 : i64}> : () -> !nir.region
  %b = "nir.buffer"(%r) <{offset = 0 : i64, size = 64 : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer
  // 1x4x4x4 i8 spans 64 bytes; at offset 16 it reaches byte 80.
  // expected-error @+1 {{'nir.view' op view [16, 80) lies outside its buffer of 64 bytes}}
  %v = "nir.view"(%b) <{offset = 16 : i64, shape = array<i64: 1, 4, 4, 4>, strides = array<i64: 64, 16, 4, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  return
}

// -----

func.func @view_outside_buffer_brick() {
  %r = "nir.region"() <{kind = "scratch", size = 256 : i64}> : () -> !nir.region
  %b = "nir.buffer"(%r) <{offset = 0 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  // NHCWB16 1x2x2x17: ceil(17/16) = 2 bricks; the largest element index is
  // (((0*2 + 1)*2 + 1)*2 + 1)*16 + 0 = 112, so the view spans 113 bytes.
  // expected-error @+1 {{'nir.view' op view [0, 113) lies outside its buffer of 64 bytes}}
  %v = "nir.view"(%b) <{offset = 0 : i64, shape = array<i64: 1, 2, 2, 17>, element_type = i8, layout = "NHCWB16", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  return
}

// -----

func.func @buffer_outside_region() {
  %r = "nir.region"() <{kind = "scratch", size = 256 : i64}> : () -> !nir.region
  // expected-error @+1 {{'nir.buffer' op buffer [192, 320) lies outside its 'scratch' region of 256 bytes}}
  %b = "nir.buffer"(%r) <{offset = 192 : i64, size = 128 : i64, alignment = 64 : i64}> : (!nir.region) -> !nir.buffer
  return
}

// -----

func.func @misaligned_buffer() {
  %r = "nir.region"() <{kind = "scratch", size = 256 : i64}> : () -> !nir.region
  // expected-error @+1 {{'nir.buffer' op offset 24 is not a multiple of its alignment 16}}
  %b = "nir.buffer"(%r) <{offset = 24 : i64, size = 16 : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer
  return
}

// -----

func.func @alignment_not_power_of_two() {
  %r = "nir.region"() <{kind = "scratch", size = 256 : i64}> : () -> !nir.region
  // expected-error @+1 {{'nir.buffer' op alignment 24 is not a power of two}}
  %b = "nir.buffer"(%r) <{offset = 48 : i64, size = 16 : i64, alignment = 24 : i64}> : (!nir.region) -> !nir.buffer
  return
}

// -----

func.func @constant_too_large() {
  %c = "nir.region"() <{kind = "coefficients", size = 16 : i64}> : () -> !nir.region
  // 5 i32 values are 20 bytes.
  // expected-error @+1 {{'nir.constant' op constant of 20 bytes at [0, 20) lies outside its 'coefficients' region of 16 bytes}}
  %w = "nir.constant"(%c) <{offset = 0 : i64, values = dense<[1, 2, 3, 4, 5]> : tensor<5xi32>}> : (!nir.region) -> !nir.buffer
  return
}

// -----

func.func @constant_i48_size() {
  %c = "nir.region"() <{kind = "coefficients", size = 16 : i64}> : () -> !nir.region
  // i48 elements take 8 bytes each: 3 of them are 24 bytes.
  // expected-error @+1 {{'nir.constant' op constant of 24 bytes at [0, 24) lies outside its 'coefficients' region of 16 bytes}}
  %w = "nir.constant"(%c) <{offset = 0 : i64, values = dense<[1, -2, 3]> : tensor<3xi48>}> : (!nir.region) -> !nir.buffer
  return
}

// -----

func.func @constant_outside_coefficients() {
  %s = "nir.region"() <{kind = "scratch", size = 64 : i64}> : () -> !nir.region
  // expected-error @+1 {{'nir.constant' op must be placed in a 'coefficients' region, not in the 'scratch' region}}
  %w = "nir.constant"(%s) <{offset = 0 : i64, values = dense<1> : tensor<4xi8>}> : (!nir.region) -> !nir.buffer
  return
}

// -----

func.func @constant_float() {
  %c = "nir.region"() <{kind = "coefficients", size = 64 : i64}> : () -> !nir.region
  // expected-error @+1 {{'nir.constant' op values of type tensor<4xf32> cannot be stored}}
  %w = "nir.constant"(%c) <{offset = 0 : i64, values = dense<1.0> : tensor<4xf32>}> : (!nir.region) -> !nir.buffer
  return
}

// -----

func.func @two_scratch_regions() {
  %a = "nir.region"() <{kind = "scratch", size = 64 : i64}> : () -> !nir.region
  // expected-error @+1 {{'nir.region' op a function has at most one 'scratch' region}}
  %b = "nir.region"() <{kind = "scratch", size = 64 : i64}> : () -> !nir.region
  return
}

// -----

func.func @unknown_region_kind() {
  // expected-error @+1 {{'nir.region' op attribute 'kind' failed to satisfy constraint: string attribute, one of "io", "scratch", "coefficients"}}
  %a = "nir.region"() <{kind = "sram", size = 64 : i64}> : () -> !nir.region
  return
}

// -----

func.func @view_needs_strides() {
  %r = "nir.region"() <{kind = "scratch", size = 64 : i64}> : () -> !nir.region
  %b = "nir.buffer"(%r) <{offset = 0 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  // expected-error @+1 {{'nir.view' op layout 'NHWC' needs strides}}
  %v = "nir.view"(%b) <{offset = 0 : i64, shape = array<i64: 1, 2, 2, 4>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  return
}

// -----

func.func @brick_needs_rank4() {
  %r = "nir.region"() <{kind = "scratch", size = 64 : i64}> : () -> !nir.region
  %b = "nir.buffer"(%r) <{offset = 0 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  // expected-error @+1 {{'nir.view' op layout 'NC1HWC2' needs a rank-4 shape, got rank 2}}
  %v = "nir.view"(%b) <{offset = 0 : i64, shape = array<i64: 2, 4>, element_type = i8, layout = "NC1HWC2", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  return
}

// -----

func.func @zero_point_range() {
  %r = "nir.region"() <{kind = "scratch", size = 64 : i64}> : () -> !nir.region
  %b = "nir.buffer"(%r) <{offset = 0 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  // expected-error @+1 {{'nir.view' op zero point -1 is outside the range of ui8}}
  %v = "nir.view"(%b) <{offset = 0 : i64, shape = array<i64: 4>, strides = array<i64: 1>, element_type = ui8, layout = "NHWC", zero_point = -1 : i64}> : (!nir.buffer) -> !nir.view
  return
}

// -----

// A 3x3 stride-2 convolution of a 7x7 input without padding gives 3x3, not 4x4.
func.func @conv_geometry() {
  %s = "nir.region"() <{kind = "scratch", size = 1024 : i64}> : () -> !nir.region
  %c = "nir.region"() <{kind = "coefficients", size = 1024 : i64}> : () -> !nir.region
  %bi = "nir.buffer"(%s) <{offset = 0 : i64, size = 256 : i64}> : (!nir.region) -> !nir.buffer
  %bo = "nir.buffer"(%s) <{offset = 256 : i64, size = 256 : i64}> : (!nir.region) -> !nir.buffer
  %w = "nir.constant"(%c) <{offset = 0 : i64, values = dense<1> : tensor<8x3x3x4xi8>}> : (!nir.region) -> !nir.buffer
  %b = "nir.constant"(%c) <{offset = 512 : i64, values = dense<0> : tensor<8xi32>}> : (!nir.region) -> !nir.buffer
  %vi = "nir.view"(%bi) <{offset = 0 : i64, shape = array<i64: 1, 7, 7, 4>, strides = array<i64: 196, 28, 4, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vw = "nir.view"(%w) <{offset = 0 : i64, shape = array<i64: 8, 3, 3, 4>, strides = array<i64: 36, 12, 4, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vb = "nir.view"(%b) <{offset = 0 : i64, shape = array<i64: 8>, strides = array<i64: 1>, element_type = i32, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vo = "nir.view"(%bo) <{offset = 0 : i64, shape = array<i64: 1, 4, 4, 8>, strides = array<i64: 128, 32, 8, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  "nir.fill"(%vi) <{value = 1 : i64}> : (!nir.view) -> ()
  // expected-error @+1 {{'nir.conv2d' op ofm shape [1, 4, 4, 8] does not match the conv2d geometry: expected [1, 3, 3, 8]}}
  "nir.conv2d"(%vi, %vw, %vb, %vo) <{stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, multiplier = array<i64: 1073741824>, shift = array<i64: 31>}> : (!nir.view, !nir.view, !nir.view, !nir.view) -> ()
  return
}

// -----

func.func @conv_weight_channels() {
  %s = "nir.region"() <{kind = "scratch", size = 1024 : i64}> : () -> !nir.region
  %c = "nir.region"() <{kind = "coefficients", size = 1024 : i64}> : () -> !nir.region
  %bi = "nir.buffer"(%s) <{offset = 0 : i64, size = 256 : i64}> : (!nir.region) -> !nir.buffer
  %bo = "nir.buffer"(%s) <{offset = 256 : i64, size = 256 : i64}> : (!nir.region) -> !nir.buffer
  %w = "nir.constant"(%c) <{offset = 0 : i64, values = dense<1> : tensor<8x3x3x2xi8>}> : (!nir.region) -> !nir.buffer
  %b = "nir.constant"(%c) <{offset = 512 : i64, values = dense<0> : tensor<8xi32>}> : (!nir.region) -> !nir.buffer
  %vi = "nir.view"(%bi) <{offset = 0 : i64, shape = array<i64: 1, 8, 8, 4>, strides = array<i64: 256, 32, 4, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vw = "nir.view"(%w) <{offset = 0 : i64, shape = array<i64: 8, 3, 3, 2>, strides = array<i64: 18, 6, 2, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vb = "nir.view"(%b) <{offset = 0 : i64, shape = array<i64: 8>, strides = array<i64: 1>, element_type = i32, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vo = "nir.view"(%bo) <{offset = 0 : i64, shape = array<i64: 1, 3, 3, 8>, strides = array<i64: 72, 24, 8, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  "nir.fill"(%vi) <{value = 1 : i64}> : (!nir.view) -> ()
  // expected-error @+1 {{'nir.conv2d' op weights [OC, KH, KW, IC] = [8, 3, 3, 2] do not match the ifm's 4 channels}}
  "nir.conv2d"(%vi, %vw, %vb, %vo) <{stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, multiplier = array<i64: 1073741824>, shift = array<i64: 31>}> : (!nir.view, !nir.view, !nir.view, !nir.view) -> ()
  return
}

// -----

// A 2x2 stride-2 pool of a 5x5 input without padding has no whole output size.
func.func @pool_geometry() {
  %s = "nir.region"() <{kind = "scratch", size = 256 : i64}> : () -> !nir.region
  %bi = "nir.buffer"(%s) <{offset = 0 : i64, size = 32 : i64}> : (!nir.region) -> !nir.buffer
  %bo = "nir.buffer"(%s) <{offset = 32 : i64, size = 32 : i64}> : (!nir.region) -> !nir.buffer
  %vi = "nir.view"(%bi) <{offset = 0 : i64, shape = array<i64: 1, 5, 5, 1>, strides = array<i64: 25, 5, 1, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vo = "nir.view"(%bo) <{offset = 0 : i64, shape = array<i64: 1, 2, 2, 1>, strides = array<i64: 4, 2, 1, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  "nir.fill"(%vi) <{value = 1 : i64}> : (!nir.view) -> ()
  // expected-error @+1 {{'nir.pool' op ifm 5x5 with kernel 2x2, pad [0, 0, 0, 0], stride [2, 2] gives no whole output size}}
  "nir.pool"(%vi, %vo) <{kind = "avg", kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>}> : (!nir.view, !nir.view) -> ()
  return
}

// -----

func.func @reshuffle_geometry() {
  %s = "nir.region"() <{kind = "scratch", size = 256 : i64}> : () -> !nir.region
  %bi = "nir.buffer"(%s) <{offset = 0 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  %bo = "nir.buffer"(%s) <{offset = 64 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  %vi = "nir.view"(%bi) <{offset = 0 : i64, shape = array<i64: 1, 3, 4, 2>, strides = array<i64: 24, 8, 2, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vo = "nir.view"(%bo) <{offset = 0 : i64, shape = array<i64: 1, 2, 2, 8>, strides = array<i64: 32, 16, 8, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  "nir.fill"(%vi) <{value = 1 : i64}> : (!nir.view) -> ()
  // expected-error @+1 {{'nir.reshuffle' op padded ifm 3x4 is not a whole number of 2x2 blocks}}
  "nir.reshuffle"(%vi, %vo) <{block = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>}> : (!nir.view, !nir.view) -> ()
  return
}

// -----

func.func @requant_errors() {
  %s = "nir.region"() <{kind = "scratch", size = 256 : i64}> : () -> !nir.region
  %ba = "nir.buffer"(%s) <{offset = 0 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  %bo = "nir.buffer"(%s) <{offset = 64 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  %bp = "nir.buffer"(%s) <{offset = 128 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  %va = "nir.view"(%ba) <{offset = 0 : i64, shape = array<i64: 1, 2, 2, 4>, strides = array<i64: 16, 8, 4, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vo = "nir.view"(%bo) <{offset = 0 : i64, shape = array<i64: 1, 2, 2, 4>, strides = array<i64: 16, 8, 4, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vp = "nir.view"(%bp) <{offset = 0 : i64, shape = array<i64: 1, 2, 2, 4>, strides = array<i64: 16, 8, 4, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  "nir.fill"(%va) <{value = 1 : i64}> : (!nir.view) -> ()
  // expected-error @+1 {{'nir.eltwise' op DOUBLE_ROUND requires scale32 = true}}
  "nir.eltwise"(%va, %vo) <{op = "copy", multiplier = array<i64: 16384>, shift = array<i64: 14>, rounding = "DOUBLE_ROUND", scale32 = false}> : (!nir.view, !nir.view) -> ()
  // expected-error @+1 {{'nir.eltwise' op expected 1 or 4 (one per output channel) multipliers, got 2}}
  "nir.eltwise"(%va, %vo) <{op = "copy", multiplier = array<i64: 1073741824, 1073741824>, shift = array<i64: 30, 30>}> : (!nir.view, !nir.view) -> ()
  // expected-error @+1 {{'nir.eltwise' op input multiplier 1073741824 is outside [0, 2^15) for scale32 = false}}
  "nir.eltwise"(%va, %va, %vo) <{op = "add", input_multiplier = array<i64: 1073741824, 16384>, input_shift = array<i64: 30, 14>, multiplier = array<i64: 16384>, shift = array<i64: 14>, scale32 = false}> : (!nir.view, !nir.view, !nir.view) -> ()
  // expected-error @+1 {{'nir.eltwise' op 'add' takes 2 input views and the ofm, got 2 operands}}
  "nir.eltwise"(%va, %vo) <{op = "add", input_multiplier = array<i64: 1073741824>, input_shift = array<i64: 30>, multiplier = array<i64: 1073741824>, shift = array<i64: 30>}> : (!nir.view, !nir.view) -> ()
  // expected-error @+1 {{'nir.eltwise' op 'copy' has no input scaling: 'input_multiplier' and 'input_shift' must be absent}}
  "nir.eltwise"(%va, %vo) <{op = "copy", input_multiplier = array<i64: 1073741824>, input_shift = array<i64: 30>, multiplier = array<i64: 1073741824>, shift = array<i64: 30>}> : (!nir.view, !nir.view) -> ()
  // expected-error @+1 {{'nir.eltwise' op 'max' needs 'input_multiplier' and 'input_shift'}}
  "nir.eltwise"(%va, %va, %vo) <{op = "max", multiplier = array<i64: 1073741824>, shift = array<i64: 30>}> : (!nir.view, !nir.view, !nir.view) -> ()
  // expected-error @+1 {{'nir.eltwise' op clamp [-200, 100] exceeds the range of i8}}
  "nir.eltwise"(%va, %vo) <{op = "copy", multiplier = array<i64: 1073741824>, shift = array<i64: 30>, clamp = array<i64: -200, 100>}> : (!nir.view, !nir.view) -> ()
  // expected-error @+1 {{'nir.eltwise' op without requantization ('multiplier') the ofm must be i32, got i8}}
  "nir.eltwise"(%va, %vp) <{op = "copy"}> : (!nir.view, !nir.view) -> ()
  return
}

// -----

func.func @lut_table() {
  %s = "nir.region"() <{kind = "scratch", size = 256 : i64}> : () -> !nir.region
  %c = "nir.region"() <{kind = "coefficients", size = 256 : i64}> : () -> !nir.region
  %bi = "nir.buffer"(%s) <{offset = 0 : i64, size = 16 : i64}> : (!nir.region) -> !nir.buffer
  %bo = "nir.buffer"(%s) <{offset = 16 : i64, size = 16 : i64}> : (!nir.region) -> !nir.buffer
  %t = "nir.constant"(%c) <{offset = 0 : i64, values = dense<3> : tensor<128xi8>}> : (!nir.region) -> !nir.buffer
  %vi = "nir.view"(%bi) <{offset = 0 : i64, shape = array<i64: 16>, strides = array<i64: 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vt = "nir.view"(%t) <{offset = 0 : i64, shape = array<i64: 128>, strides = array<i64: 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vo = "nir.view"(%bo) <{offset = 0 : i64, shape = array<i64: 16>, strides = array<i64: 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  "nir.fill"(%vi) <{value = 1 : i64}> : (!nir.view) -> ()
  // expected-error @+1 {{'nir.lut' op table shape [128] must be [256]}}
  "nir.lut"(%vi, %vt, %vo) : (!nir.view, !nir.view, !nir.view) -> ()
  return
}

// -----

func.func @input_type(%x: tensor<1x4xi16>) {
  %io = "nir.region"() <{kind = "io", size = 64 : i64}> : () -> !nir.region
  %b = "nir.buffer"(%io) <{offset = 0 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  %v = "nir.view"(%b) <{offset = 0 : i64, shape = array<i64: 1, 4>, strides = array<i64: 4, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  // expected-error @+1 {{'nir.input' op tensor type tensor<1x4xi16> does not match the view (shape [1, 4], element type i8)}}
  "nir.input"(%x, %v) : (tensor<1x4xi16>, !nir.view) -> ()
  return
}

// -----

// %vb is read by the dma, but nothing wrote its buffer before.
func.func @read_before_write() {
  %s = "nir.region"() <{kind = "scratch", size = 256 : i64}> : () -> !nir.region
  %ba = "nir.buffer"(%s) <{offset = 0 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  %bb = "nir.buffer"(%s) <{offset = 64 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  %va = "nir.view"(%ba) <{offset = 0 : i64, shape = array<i64: 64>, strides = array<i64: 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vb = "nir.view"(%bb) <{offset = 0 : i64, shape = array<i64: 64>, strides = array<i64: 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  // expected-error @+1 {{'nir.dma' op reads scratch buffer [64, 128) (line 272) before any op writes it}}
  "nir.dma"(%vb, %va) : (!nir.view, !nir.view) -> ()
  "nir.fill"(%vb) <{value = 0 : i64}> : (!nir.view) -> ()
  return
}

// -----

// The same buffer read and written by one op counts as read first.
func.func @read_before_write_in_place() {
  %s = "nir.region"() <{kind = "scratch", size = 256 : i64}> : () -> !nir.region
  %ba = "nir.buffer"(%s) <{offset = 0 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  %va = "nir.view"(%ba) <{offset = 0 : i64, shape = array<i64: 1, 4, 4, 4>, strides = array<i64: 64, 16, 4, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  // expected-error @+1 {{'nir.pool' op reads scratch buffer [0, 64)}}
  "nir.pool"(%va, %va) <{kind = "max", kernel = array<i64: 1, 1>, stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>}> : (!nir.view, !nir.view) -> ()
  return
}

// -----

// %ba is written by the first fill and read by the dma; %bb overlaps it in
// bytes [32, 64) and is written in between.
func.func @overlapping_live_buffers() {
  %s = "nir.region"() <{kind = "scratch", size = 256 : i64}> : () -> !nir.region
  %ba = "nir.buffer"(%s) <{offset = 0 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  %bb = "nir.buffer"(%s) <{offset = 32 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  %bc = "nir.buffer"(%s) <{offset = 128 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  %va = "nir.view"(%ba) <{offset = 0 : i64, shape = array<i64: 64>, strides = array<i64: 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vb = "nir.view"(%bb) <{offset = 0 : i64, shape = array<i64: 64>, strides = array<i64: 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vc = "nir.view"(%bc) <{offset = 0 : i64, shape = array<i64: 64>, strides = array<i64: 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  "nir.fill"(%va) <{value = 1 : i64}> : (!nir.view) -> ()
  // expected-error @+1 {{'nir.fill' op writes scratch buffer [32, 96) (line 300) while scratch buffer [0, 64) (line 299) is live, and they overlap in bytes [32, 64)}}
  "nir.fill"(%vb) <{value = 2 : i64}> : (!nir.view) -> ()
  "nir.dma"(%va, %vc) : (!nir.view, !nir.view) -> ()
  return
}

// -----

// The same bytes reused once the first buffer is dead: no error.
func.func @reuse_after_last_read() {
  %s = "nir.region"() <{kind = "scratch", size = 256 : i64}> : () -> !nir.region
  %ba = "nir.buffer"(%s) <{offset = 0 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  %bb = "nir.buffer"(%s) <{offset = 32 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  %bc = "nir.buffer"(%s) <{offset = 128 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  %va = "nir.view"(%ba) <{offset = 0 : i64, shape = array<i64: 64>, strides = array<i64: 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vb = "nir.view"(%bb) <{offset = 0 : i64, shape = array<i64: 64>, strides = array<i64: 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vc = "nir.view"(%bc) <{offset = 0 : i64, shape = array<i64: 64>, strides = array<i64: 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  "nir.fill"(%va) <{value = 1 : i64}> : (!nir.view) -> ()
  "nir.dma"(%va, %vc) : (!nir.view, !nir.view) -> ()
  "nir.dma"(%vc, %vb) : (!nir.view, !nir.view) -> ()
  return
}

// -----

// An op may not write a buffer overlapping one it reads (other than itself).
func.func @overlap_within_one_op() {
  %s = "nir.region"() <{kind = "scratch", size = 256 : i64}> : () -> !nir.region
  %ba = "nir.buffer"(%s) <{offset = 0 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  %bb = "nir.buffer"(%s) <{offset = 48 : i64, size = 64 : i64}> : (!nir.region) -> !nir.buffer
  %va = "nir.view"(%ba) <{offset = 0 : i64, shape = array<i64: 64>, strides = array<i64: 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vb = "nir.view"(%bb) <{offset = 0 : i64, shape = array<i64: 64>, strides = array<i64: 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  "nir.fill"(%va) <{value = 1 : i64}> : (!nir.view) -> ()
  // expected-error @+1 {{'nir.dma' op writes scratch buffer [48, 112)}}
  "nir.dma"(%va, %vb) : (!nir.view, !nir.view) -> ()
  return
}

// -----

func.func @overlapping_constants() {
  %c = "nir.region"() <{kind = "coefficients", size = 64 : i64}> : () -> !nir.region
  %w0 = "nir.constant"(%c) <{offset = 0 : i64, values = dense<1> : tensor<16xi8>}> : (!nir.region) -> !nir.buffer
  // expected-error @+1 {{'nir.constant' op constant [8, 12) (line 350) overlaps constant [0, 16) (line 348) in bytes [8, 12)}}
  %w1 = "nir.constant"(%c) <{offset = 8 : i64, values = dense<2> : tensor<1xi32>}> : (!nir.region) -> !nir.buffer
  return
}

// -----

func.func @write_to_coefficients() {
  %c = "nir.region"() <{kind = "coefficients", size = 64 : i64}> : () -> !nir.region
  %w = "nir.constant"(%c) <{offset = 0 : i64, values = dense<1> : tensor<16xi8>}> : (!nir.region) -> !nir.buffer
  %v = "nir.view"(%w) <{offset = 0 : i64, shape = array<i64: 16>, strides = array<i64: 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  // expected-error @+1 {{'nir.fill' op writes constant [0, 16) (line 358), but the coefficients region is read-only}}
  "nir.fill"(%v) <{value = 0 : i64}> : (!nir.view) -> ()
  return
}
