// Round trip of every nir op through npuc's printer and parser: the generic
// form, with the opaque types !nir.region, !nir.buffer and !nir.view.
// Properties print sorted by name; `alignment` (default 1), `rounding`
// (default "SINGLE_ROUND") and `scale32` (default true) are filled in.
// RUN: npuc opt %s | FileCheck %s
// RUN: npuc opt %s | npuc opt | FileCheck %s
// dce, cse and canonicalize keep every op with memory effects.
// RUN: npuc opt %s -p canonicalize,cse,dce | FileCheck %s --check-prefix=KEEP

// CHECK-LABEL: func.func @every_op
// CHECK-SAME:    (%[[X:.*]]: tensor<1x4x4x8xi8>)
// CHECK:  %[[IO:.*]] = "nir.region"() <{kind = "io", size = 256 : i64}> : () -> !nir.region
// CHECK:  %[[SCRATCH:.*]] = "nir.region"() <{kind = "scratch", size = 4096 : i64}> : () -> !nir.region
// CHECK:  %[[COEF:.*]] = "nir.region"() <{kind = "coefficients", size = 1024 : i64}> : () -> !nir.region
// CHECK:  %[[BX:.*]] = "nir.buffer"(%[[IO]]) <{alignment = 64 : i64, offset = 0 : i64, size = 128 : i64}> : (!nir.region) -> !nir.buffer
// CHECK:  %[[S0:.*]] = "nir.buffer"(%[[SCRATCH]]) <{alignment = 16 : i64, offset = 0 : i64, size = 256 : i64}> : (!nir.region) -> !nir.buffer
// CHECK:  %[[W:.*]] = "nir.constant"(%[[COEF]]) <{alignment = 16 : i64, offset = 0 : i64, values = dense<{{\[\[\[\[}}1, -1, 2, -2, 3, -3, 4, -4]]], {{.*}}> : tensor<8x1x1x8xi8>}> : (!nir.region) -> !nir.buffer
// CHECK:  "nir.constant"(%[[COEF]]) <{alignment = 16 : i64, offset = 512 : i64, values = dense<2> : tensor<1x32x4xui8>}>
// CHECK:  "nir.constant"(%[[COEF]]) <{alignment = 8 : i64, offset = 640 : i64, values = dense<[-140737488355328, 140737488355327]> : tensor<2xi48>}>
// CHECK:  "nir.constant"(%[[COEF]]) <{alignment = 8 : i64, offset = 656 : i64, values = dense<-9223372036854775808> : tensor<1xi64>}>
// CHECK:  %[[VX:.*]] = "nir.view"(%[[BX]]) <{element_type = i8, layout = "NHWC", offset = 0 : i64, shape = array<i64: 1, 4, 4, 8>, strides = array<i64: 128, 32, 8, 1>, zero_point = -128 : i64}> : (!nir.buffer) -> !nir.view
// CHECK:  "nir.view"(%[[W]]) <{element_type = i8, layout = "NHWC", offset = 0 : i64, shape = array<i64: 8, 1, 1, 8>, strides = array<i64: 8, 8, 8, 1>, zero_point = 0 : i64}>
// CHECK:  element_type = ui8, layout = "NHWC", offset = 0 : i64, shape = array<i64: 1, 32, 4>, strides = array<i64: 128, 4, 1>, zero_point = 128 : i64
// CHECK:  %[[V0:.*]] = "nir.view"(%[[S0]]) <{element_type = i8, layout = "NHCWB16", offset = 0 : i64, shape = array<i64: 1, 4, 4, 8>, zero_point = -1 : i64}>
// CHECK:  "nir.view"({{.*}}) <{element_type = i8, layout = "NC1HWC2", offset = 0 : i64, shape = array<i64: 1, 4, 4, 8>, zero_point = 3 : i64}>
// CHECK:  "nir.input"(%[[X]], %[[VX]]) : (tensor<1x4x4x8xi8>, !nir.view) -> ()
// CHECK:  "nir.conv2d"(%[[VX]], {{.*}}, %[[V0]]) <{clamp = array<i64: -128, 127>, dilation = array<i64: 1, 1>, multiplier = array<i64: 1073741824, 1073741824, 1073741824, 1073741824, 1431655765, 1431655765, 1431655765, 1431655765>, pad = array<i64: 0, 0, 0, 0>, rounding = "DOUBLE_ROUND", scale32 = true, shift = array<i64: 36, 36, 36, 36, 37, 37, 37, 37>, stride = array<i64: 1, 1>}> : (!nir.view, !nir.view, !nir.view, !nir.view) -> ()
// CHECK:  "nir.depthwise_conv2d"(%[[V0]], {{.*}}) <{dilation = array<i64: 1, 1>, multiplier = array<i64: 16384>, pad = array<i64: 1, 1, 1, 1>, rounding = "SINGLE_ROUND", scale32 = false, shift = array<i64: 17>, stride = array<i64: 1, 1>}>
// CHECK:  "nir.pool"({{.*}}) <{kernel = array<i64: 2, 2>, kind = "avg", pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}> : (!nir.view, !nir.view) -> ()
// CHECK:  "nir.pool"({{.*}}) <{clamp = array<i64: -100, 100>, kernel = array<i64: 2, 2>, kind = "max", pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}>
// CHECK:  "nir.eltwise"({{.*}}, {{.*}}, {{.*}}) <{input_multiplier = array<i64: 1073741824, 1073741824>, input_shift = array<i64: 20, 20>, multiplier = array<i64: 1073741824>, op = "add", rounding = "SINGLE_ROUND", scale32 = true, shift = array<i64: 41>}> : (!nir.view, !nir.view, !nir.view) -> ()
// CHECK:  "nir.lut"({{.*}}) : (!nir.view, !nir.view, !nir.view) -> ()
// CHECK:  "nir.transpose"({{.*}}) <{perms = array<i64: 0, 3, 1, 2>}> : (!nir.view, !nir.view) -> ()
// CHECK:  "nir.reshuffle"({{.*}}) <{block = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>}> : (!nir.view, !nir.view) -> ()
// CHECK:  "nir.matmul"({{.*}}) <{rounding = "SINGLE_ROUND", scale32 = true}> : (!nir.view, !nir.view, !nir.view) -> ()
// CHECK:  "nir.fill"({{.*}}) <{value = -7 : i64}> : (!nir.view) -> ()
// CHECK:  "nir.eltwise"({{.*}}) <{multiplier = array<i64: 1073741824, 1073741824, 1073741824, 1073741824>, op = "copy", rounding = "DOUBLE_ROUND", scale32 = true, shift = array<i64: 32, 33, 34, 35>}> : (!nir.view, !nir.view) -> ()
// CHECK:  "nir.dma"({{.*}}) : (!nir.view, !nir.view) -> ()
// CHECK:  %[[Y:.*]] = "nir.output"({{.*}}) : (!nir.view) -> tensor<1x1x4xi8>
// CHECK:  %[[Y2:.*]] = "nir.output"({{.*}}) : (!nir.view) -> tensor<1x8x2x2xi8>
// CHECK:  %[[Y3:.*]] = "nir.output"({{.*}}) : (!nir.view) -> tensor<4xi16>
// CHECK:  return %[[Y]], %[[Y2]], %[[Y3]]
// KEEP-LABEL: func.func @every_op
// KEEP-COUNT-3: "nir.region"
// KEEP-COUNT-13: "nir.buffer"
// KEEP-COUNT-8: "nir.constant"
// KEEP: "nir.input"
// KEEP: "nir.conv2d"
// KEEP: "nir.depthwise_conv2d"
// KEEP-COUNT-2: "nir.pool"
// KEEP: "nir.eltwise"
// KEEP: "nir.lut"
// KEEP: "nir.transpose"
// KEEP: "nir.reshuffle"
// KEEP: "nir.matmul"
// KEEP: "nir.fill"
// KEEP: "nir.eltwise"
// KEEP: "nir.dma"
// KEEP-COUNT-3: "nir.output"

func.func @every_op(%x: tensor<1x4x4x8xi8>) -> (tensor<1x1x4xi8>, tensor<1x8x2x2xi8>, tensor<4xi16>) {
  %io = "nir.region"() <{kind = "io", size = 256 : i64}> : () -> !nir.region
  %scratch = "nir.region"() <{kind = "scratch", size = 4096 : i64}> : () -> !nir.region
  %coef = "nir.region"() <{kind = "coefficients", size = 1024 : i64}> : () -> !nir.region
  %bx = "nir.buffer"(%io) <{offset = 0 : i64, size = 128 : i64, alignment = 64 : i64}> : (!nir.region) -> !nir.buffer
  %by = "nir.buffer"(%io) <{offset = 128 : i64, size = 4 : i64, alignment = 64 : i64}> : (!nir.region) -> !nir.buffer
  %by2 = "nir.buffer"(%io) <{offset = 192 : i64, size = 32 : i64, alignment = 64 : i64}> : (!nir.region) -> !nir.buffer
  %s0 = "nir.buffer"(%scratch) <{offset = 0 : i64, size = 256 : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer
  %s1 = "nir.buffer"(%scratch) <{offset = 256 : i64, size = 256 : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer
  %s2 = "nir.buffer"(%scratch) <{offset = 512 : i64, size = 256 : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer
  %s3 = "nir.buffer"(%scratch) <{offset = 768 : i64, size = 256 : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer
  %s4 = "nir.buffer"(%scratch) <{offset = 1024 : i64, size = 256 : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer
  %s5 = "nir.buffer"(%scratch) <{offset = 1280 : i64, size = 256 : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer
  %s6 = "nir.buffer"(%scratch) <{offset = 1536 : i64, size = 256 : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer
  %s7 = "nir.buffer"(%scratch) <{offset = 1792 : i64, size = 256 : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer
  %s8 = "nir.buffer"(%scratch) <{offset = 2048 : i64, size = 256 : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer
  %s9 = "nir.buffer"(%scratch) <{offset = 2304 : i64, size = 256 : i64, alignment = 16 : i64}> : (!nir.region) -> !nir.buffer
  %w = "nir.constant"(%coef) <{offset = 0 : i64, alignment = 16 : i64, values = dense<[[[[1, -1, 2, -2, 3, -3, 4, -4]]], [[[0, 1, 0, 1, 0, 1, 0, 1]]], [[[1, 1, 1, 1, 1, 1, 1, 1]]], [[[-1, -1, -1, -1, -1, -1, -1, -1]]], [[[2, 0, 0, 0, 0, 0, 0, 0]]], [[[0, 2, 0, 0, 0, 0, 0, 0]]], [[[0, 0, 2, 0, 0, 0, 0, 0]]], [[[0, 0, 0, 2, 0, 0, 0, 0]]]]> : tensor<8x1x1x8xi8>}> : (!nir.region) -> !nir.buffer
  %b = "nir.constant"(%coef) <{offset = 64 : i64, alignment = 16 : i64, values = dense<[0, 1, 2, 3, 4, 5, 6, 7]> : tensor<8xi32>}> : (!nir.region) -> !nir.buffer
  %wdw = "nir.constant"(%coef) <{offset = 128 : i64, alignment = 16 : i64, values = dense<1> : tensor<3x3x8x1xi8>}> : (!nir.region) -> !nir.buffer
  %bdw = "nir.constant"(%coef) <{offset = 208 : i64, alignment = 16 : i64, values = dense<-3> : tensor<8xi32>}> : (!nir.region) -> !nir.buffer
  %table = "nir.constant"(%coef) <{offset = 256 : i64, alignment = 16 : i64, values = dense<7> : tensor<256xi8>}> : (!nir.region) -> !nir.buffer
  %mb = "nir.constant"(%coef) <{offset = 512 : i64, alignment = 16 : i64, values = dense<2> : tensor<1x32x4xui8>}> : (!nir.region) -> !nir.buffer
  %c48 = "nir.constant"(%coef) <{offset = 640 : i64, alignment = 8 : i64, values = dense<[-140737488355328, 140737488355327]> : tensor<2xi48>}> : (!nir.region) -> !nir.buffer
  %c64 = "nir.constant"(%coef) <{offset = 656 : i64, alignment = 8 : i64, values = dense<-9223372036854775808> : tensor<1xi64>}> : (!nir.region) -> !nir.buffer
  %vx = "nir.view"(%bx) <{offset = 0 : i64, shape = array<i64: 1, 4, 4, 8>, strides = array<i64: 128, 32, 8, 1>, element_type = i8, layout = "NHWC", zero_point = -128 : i64}> : (!nir.buffer) -> !nir.view
  %vw = "nir.view"(%w) <{offset = 0 : i64, shape = array<i64: 8, 1, 1, 8>, strides = array<i64: 8, 8, 8, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vb = "nir.view"(%b) <{offset = 0 : i64, shape = array<i64: 8>, strides = array<i64: 1>, element_type = i32, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vwdw = "nir.view"(%wdw) <{offset = 0 : i64, shape = array<i64: 3, 3, 8, 1>, strides = array<i64: 24, 8, 1, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vbdw = "nir.view"(%bdw) <{offset = 0 : i64, shape = array<i64: 8>, strides = array<i64: 1>, element_type = i32, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vtable = "nir.view"(%table) <{offset = 0 : i64, shape = array<i64: 256>, strides = array<i64: 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vmb = "nir.view"(%mb) <{offset = 0 : i64, shape = array<i64: 1, 32, 4>, strides = array<i64: 128, 4, 1>, element_type = ui8, layout = "NHWC", zero_point = 128 : i64}> : (!nir.buffer) -> !nir.view
  %v0 = "nir.view"(%s0) <{offset = 0 : i64, shape = array<i64: 1, 4, 4, 8>, element_type = i8, layout = "NHCWB16", zero_point = -1 : i64}> : (!nir.buffer) -> !nir.view
  %v1 = "nir.view"(%s1) <{offset = 0 : i64, shape = array<i64: 1, 4, 4, 8>, element_type = i8, layout = "NC1HWC2", zero_point = 3 : i64}> : (!nir.buffer) -> !nir.view
  %v2 = "nir.view"(%s2) <{offset = 0 : i64, shape = array<i64: 1, 2, 2, 8>, strides = array<i64: 32, 16, 8, 1>, element_type = i8, layout = "NHWC", zero_point = 3 : i64}> : (!nir.buffer) -> !nir.view
  %v3 = "nir.view"(%s3) <{offset = 0 : i64, shape = array<i64: 1, 1, 1, 8>, strides = array<i64: 8, 8, 8, 1>, element_type = i8, layout = "NHWC", zero_point = 3 : i64}> : (!nir.buffer) -> !nir.view
  %v4 = "nir.view"(%s4) <{offset = 0 : i64, shape = array<i64: 1, 2, 2, 8>, strides = array<i64: 32, 16, 8, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %v5 = "nir.view"(%s5) <{offset = 0 : i64, shape = array<i64: 1, 2, 2, 8>, strides = array<i64: 32, 16, 8, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %v6 = "nir.view"(%s6) <{offset = 0 : i64, shape = array<i64: 1, 8, 2, 2>, strides = array<i64: 32, 4, 2, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %v7 = "nir.view"(%s7) <{offset = 0 : i64, shape = array<i64: 1, 1, 1, 32>, strides = array<i64: 32, 32, 32, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %v7r = "nir.view"(%s7) <{offset = 0 : i64, shape = array<i64: 1, 1, 32>, strides = array<i64: 32, 32, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %v8 = "nir.view"(%s8) <{offset = 0 : i64, shape = array<i64: 1, 1, 4>, strides = array<i64: 4, 4, 1>, element_type = i32, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %v9 = "nir.view"(%s9) <{offset = 0 : i64, shape = array<i64: 4>, strides = array<i64: 1>, element_type = i16, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %vy = "nir.view"(%by) <{offset = 0 : i64, shape = array<i64: 1, 1, 4>, strides = array<i64: 4, 4, 1>, element_type = i8, layout = "NHWC", zero_point = -5 : i64}> : (!nir.buffer) -> !nir.view
  %vy2 = "nir.view"(%by2) <{offset = 0 : i64, shape = array<i64: 1, 8, 2, 2>, strides = array<i64: 32, 4, 2, 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  "nir.input"(%x, %vx) : (tensor<1x4x4x8xi8>, !nir.view) -> ()
  "nir.conv2d"(%vx, %vw, %vb, %v0) <{stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, multiplier = array<i64: 1073741824, 1073741824, 1073741824, 1073741824, 1431655765, 1431655765, 1431655765, 1431655765>, shift = array<i64: 36, 36, 36, 36, 37, 37, 37, 37>, rounding = "DOUBLE_ROUND", scale32 = true, clamp = array<i64: -128, 127>}> : (!nir.view, !nir.view, !nir.view, !nir.view) -> ()
  "nir.depthwise_conv2d"(%v0, %vwdw, %vbdw, %v1) <{stride = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilation = array<i64: 1, 1>, multiplier = array<i64: 16384>, shift = array<i64: 17>, rounding = "SINGLE_ROUND", scale32 = false}> : (!nir.view, !nir.view, !nir.view, !nir.view) -> ()
  "nir.pool"(%v1, %v2) <{kind = "avg", kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>}> : (!nir.view, !nir.view) -> ()
  "nir.pool"(%v2, %v3) <{kind = "max", kernel = array<i64: 2, 2>, stride = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, clamp = array<i64: -100, 100>}> : (!nir.view, !nir.view) -> ()
  "nir.eltwise"(%v2, %v3, %v4) <{op = "add", input_multiplier = array<i64: 1073741824, 1073741824>, input_shift = array<i64: 20, 20>, multiplier = array<i64: 1073741824>, shift = array<i64: 41>}> : (!nir.view, !nir.view, !nir.view) -> ()
  "nir.lut"(%v4, %vtable, %v5) : (!nir.view, !nir.view, !nir.view) -> ()
  "nir.transpose"(%v5, %v6) <{perms = array<i64: 0, 3, 1, 2>}> : (!nir.view, !nir.view) -> ()
  "nir.reshuffle"(%v5, %v7) <{block = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>}> : (!nir.view, !nir.view) -> ()
  "nir.matmul"(%v7r, %vmb, %v8) : (!nir.view, !nir.view, !nir.view) -> ()
  "nir.fill"(%v9) <{value = -7 : i64}> : (!nir.view) -> ()
  "nir.eltwise"(%v8, %vy) <{op = "copy", multiplier = array<i64: 1073741824, 1073741824, 1073741824, 1073741824>, shift = array<i64: 32, 33, 34, 35>, rounding = "DOUBLE_ROUND", scale32 = true}> : (!nir.view, !nir.view) -> ()
  "nir.dma"(%v6, %vy2) : (!nir.view, !nir.view) -> ()
  %y = "nir.output"(%vy) : (!nir.view) -> tensor<1x1x4xi8>
  %y2 = "nir.output"(%vy2) : (!nir.view) -> tensor<1x8x2x2xi8>
  %y3 = "nir.output"(%v9) : (!nir.view) -> tensor<4xi16>
  return %y, %y2, %y3 : tensor<1x1x4xi8>, tensor<1x8x2x2xi8>, tensor<4xi16>
}

// An unused view is dead (views are Pure); an unread write, an unused
// output and two outputs of one view around a write all stay.
// CHECK-LABEL: func.func @effects
// KEEP-LABEL:  func.func @effects
// KEEP:        %[[B:.*]] = "nir.buffer"
// KEEP-NEXT:   %[[V:.*]] = "nir.view"(%[[B]])
// KEEP-NEXT:   "nir.fill"(%[[V]]) <{value = 1 : i64}>
// KEEP-NEXT:   %[[A:.*]] = "nir.output"(%[[V]])
// KEEP-NEXT:   "nir.fill"(%[[V]]) <{value = 2 : i64}>
// KEEP-NEXT:   %[[C:.*]] = "nir.output"(%[[V]])
// KEEP-NEXT:   "nir.output"(%[[V]])
// KEEP-NEXT:   "nir.fill"(%[[V]]) <{value = 3 : i64}>
// KEEP-NEXT:   return %[[A]], %[[C]]
func.func @effects() -> (tensor<4xi8>, tensor<4xi8>) {
  %s = "nir.region"() <{kind = "scratch", size = 64 : i64}> : () -> !nir.region
  %b = "nir.buffer"(%s) <{offset = 0 : i64, size = 4 : i64}> : (!nir.region) -> !nir.buffer
  %v = "nir.view"(%b) <{offset = 0 : i64, shape = array<i64: 4>, strides = array<i64: 1>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  %unused = "nir.view"(%b) <{offset = 0 : i64, shape = array<i64: 2>, strides = array<i64: 2>, element_type = i8, layout = "NHWC", zero_point = 0 : i64}> : (!nir.buffer) -> !nir.view
  "nir.fill"(%v) <{value = 1 : i64}> : (!nir.view) -> ()
  %a = "nir.output"(%v) : (!nir.view) -> tensor<4xi8>
  "nir.fill"(%v) <{value = 2 : i64}> : (!nir.view) -> ()
  %c = "nir.output"(%v) : (!nir.view) -> tensor<4xi8>
  %d = "nir.output"(%v) : (!nir.view) -> tensor<4xi8>
  "nir.fill"(%v) <{value = 3 : i64}> : (!nir.view) -> ()
  return %a, %c : tensor<4xi8>, tensor<4xi8>
}
