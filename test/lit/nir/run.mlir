// `npuc run` on a nir function: a conv2d whose result lives in scratch in
// the NHCWB16 brick layout, then a dma, an eltwise copy and a max pool read
// it back into io buffers.
//
// x = 1..9 (1x3x3x1, zero point 0), w = [[1, -1], [2, 3]] (zero point 0),
// bias 10. The four 2x2 windows give
//   1*1 + 2*-1 + 4*2 + 5*3 = 22,  2 - 3 + 10 + 18 = 27,
//   4 - 5 + 14 + 24 = 37,         5 - 6 + 16 + 27 = 42,
// plus the bias: 32, 37, 47, 52. Requantized by 2^30 / 2^31 = 1/2 with
// SINGLE_ROUND (round half up): 16, 18.5 -> 19, 23.5 -> 24, 26.
//   y1: dma of the conv result:                      [16, 19, 24, 26]
//   y2: eltwise copy at unit scale, zero point 0 -> 5: [21, 24, 29, 31]
//   y3: 2x2 max pool = 26, clamped to [0, 25]:        [25]

// RUN: npuc run %s -i arg0=%S/Inputs/x.npy | FileCheck %s
// CHECK: result0: tensor<1x2x2x1xi8> = [16, 19, 24, 26]
// CHECK: result1: tensor<1x2x2x1xi8> = [21, 24, 29, 31]
// CHECK: result2: tensor<1x1x1x1xi8> = [25]

func.func @main(%x: tensor<1x3x3x1xi8>) -> (tensor<1x2x2x1xi8>, tensor<1x2x2x1xi8>, tensor<1x1x1x1xi8>) {
  %io = "nir.region"() <{kind = "io", size = 64 : i64}> : () -> !nir.region
  %scratch = "nir.region"() <{kind = "scratch", size = 128 : i64}> : () -> !nir.region
  %coef = "nir.region"() <{kind = "coefficients", size = 64 : i64}> : () -> !nir.region
  %bx = "nir.buffer"(%io) <{offset = 0 : i64, size = 16 : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer
  %by1 = "nir.buffer"(%io) <{offset = 16 : i64, size = 16 : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer
  %by2 = "nir.buffer"(%io) <{offset = 32 : i64, size = 16 : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer
  %by3 = "nir.buffer"(%io) <{offset = 48 : i64, size = 16 : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer
  %bacc = "nir.buffer"(%scratch) <{offset = 0 : i64, size = 64 : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer
  %w = "nir.constant"(%coef) <{offset = 0 : i64, alignment = 16 : i64, values = dense<[[[[1], [-1]], [[2], [3]]]]> : tensor<1x2x2x1xi8>}> : (!nir.region) -> !nir.buffer
  %b = "nir.constant"(%coef) <{offset = 16 : i64, alignment = 16 : i64, values = dense<10> : tensor<1xi32>}> : (!nir.region) -> !nir.buffer
  %vx = "nir.view"(%bx) <{offset = 0 : i64, shape = array<i64: 1, 3, 3, 1>, strides = array<i64: 9, 3, 1, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vw = "nir.view"(%w) <{offset = 0 : i64, shape = array<i64: 1, 2, 2, 1>, strides = array<i64: 4, 2, 1, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vb = "nir.view"(%b) <{offset = 0 : i64, shape = array<i64: 1>, strides = array<i64: 1>, element_type = i32, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  // NHCWB16: element (0, h, w, 0) sits at byte (h*2 + w)*16.
  %vacc = "nir.view"(%bacc) <{offset = 0 : i64, shape = array<i64: 1, 2, 2, 1>, element_type = i8, layout = "NHCWB16", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vy1 = "nir.view"(%by1) <{offset = 0 : i64, shape = array<i64: 1, 2, 2, 1>, strides = array<i64: 4, 2, 1, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vy2 = "nir.view"(%by2) <{offset = 0 : i64, shape = array<i64: 1, 2, 2, 1>, strides = array<i64: 4, 2, 1, 1>, element_type = i8, layout = "NHWC", zero_point = 5 : i64}> : (!nir.buffer) -> !nir.view
  %vy3 = "nir.view"(%by3) <{offset = 0 : i64, shape = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1, 1, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  "nir.input"(%x, %vx) : (tensor<1x3x3x1xi8>, !nir.view) -> ()
  "nir.conv2d"(%vx, %vw, %vb, %vacc) <{stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, multiplier = array<i64: 1073741824>, shift = array<i64: 31>, rounding = "SINGLE_ROUND", scale32 = true}> : (!nir.view, !nir.view, !nir.view, !nir.view) -> ()
  "nir.dma"(%vacc, %vy1) : (!nir.view, !nir.view) -> ()
  "nir.eltwise"(%vacc, %vy2) <{op = "copy", multiplier = array<i64: 1073741824>, shift = array<i64: 30>}> : (!nir.view, !nir.view) -> ()
  "nir.pool"(%vacc, %vy3) <{kind = "max", kernel = array<i64: 2, 2>, stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, clamp = array<i64: 0, 25>}> : (!nir.view, !nir.view) -> ()
  %y1 = "nir.output"(%vy1) : (!nir.view) -> tensor<1x2x2x1xi8>
  %y2 = "nir.output"(%vy2) : (!nir.view) -> tensor<1x2x2x1xi8>
  %y3 = "nir.output"(%vy3) : (!nir.view) -> tensor<1x1x1x1xi8>
  return %y1, %y2, %y3 : tensor<1x2x2x1xi8>, tensor<1x2x2x1xi8>, tensor<1x1x1x1xi8>
}

// A REQUIRE of TOSA's apply_scale_32: with shift 2 the input must lie in
// [-2, 2), and x holds 1..9, so the eltwise copy fails at x = 2.
// RUN: not npuc run %s --function require -i arg0=%S/Inputs/x.npy 2>&1 | FileCheck %s --check-prefix=REQUIRE
// REQUIRE: run.mlir:[[@LINE+9]]:3: error: 'nir.eltwise' op evaluation failed: apply_scale_32: input 2 outside [-2^1, 2^1)

func.func @require(%x: tensor<1x3x3x1xi8>) -> tensor<1x3x3x1xi8> {
  %io = "nir.region"() <{kind = "io", size = 32 : i64}> : () -> !nir.region
  %bx = "nir.buffer"(%io) <{offset = 0 : i64, size = 16 : i64}> : (!nir.region) -> !nir.buffer
  %by = "nir.buffer"(%io) <{offset = 16 : i64, size = 16 : i64}> : (!nir.region) -> !nir.buffer
  %vx = "nir.view"(%bx) <{offset = 0 : i64, shape = array<i64: 1, 3, 3, 1>, strides = array<i64: 9, 3, 1, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vy = "nir.view"(%by) <{offset = 0 : i64, shape = array<i64: 1, 3, 3, 1>, strides = array<i64: 9, 3, 1, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  "nir.input"(%x, %vx) : (tensor<1x3x3x1xi8>, !nir.view) -> ()
  "nir.eltwise"(%vx, %vy) <{op = "copy", multiplier = array<i64: 1073741824>, shift = array<i64: 2>}> : (!nir.view, !nir.view) -> ()
  %y = "nir.output"(%vy) : (!nir.view) -> tensor<1x3x3x1xi8>
  return %y : tensor<1x3x3x1xi8>
}
