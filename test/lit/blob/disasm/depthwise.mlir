// Disassembly fixture: the zoo model 'depthwise' (QDQ int8), imported and legalized to
// tosa (`npuc import depthwise.onnx --emit tosa --print-debuginfo`), compiled for
// ethos-u55; `npuc inspect --cost` of its blob must match depthwise.disasm line for
// line. After a deliberate change to the encoder, the container or inspect,
// regenerate every fixture with `npm run update-fixtures` and review the diff.
// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: npuc compile %s --target ethos-u55 -o depthwise.npub
// RUN: npuc inspect depthwise.npub --cost > depthwise.txt
// RUN: diff -u %S/depthwise.disasm depthwise.txt

module attributes {onnx.opset = 13 : i64} {
  func.func @main(%arg0: tensor<1x3x16x16xf32> {onnx.name = "input"} loc("input")) -> (tensor<1x8x8x8xf32> {onnx.name = "output"}) {
    %0 = "tosa.const"() <{values = dense<0.0463819727> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32> loc("dequantizelinear_30")
    %1 = "tosa.const"() <{values = dense<-1.500000e+01> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32> loc("dequantizelinear_30")
    %2 = "tosa.const"() <{values = dense<-15> : tensor<1xi8>}> : () -> tensor<1xi8> loc("conv_28")
    %3 = "tosa.const"() <{values = dense<[39, 39, 39, 39, 38, 38, 39, 39]> : tensor<8xi8>}> : () -> tensor<8xi8> loc("conv_28")
    %4 = "tosa.const"() <{values = dense<[1648553325, 1473085260, 1980390900, 2078763235, 1122015846, 1112625217, 1873362584, 1703112625]> : tensor<8xi32>}> : () -> tensor<8xi32> loc("conv_28")
    %5 = "tosa.const"() <{values = dense<[-635, 87, 346, 424, 447, 138, 101, 181]> : tensor<8xi32>}> : () -> tensor<8xi32> loc("conv_28")
    %6 = "tosa.const"() <{values = dense<"0x5255A952F84B6F7FCA8F287F545E122D55E18632094481FEA9ED64482DB81646B131EF81B5EC4245E1D42A2BCC58E4AE441CB5DF4347BE8935B7346C92845E7F347885B53D9BD16893DC7EFE9EF0327F0299B63A7FA3726AAE5B8E7514C60D64ACAB70EB9DBA0F5DFC50D5312EEC7FA4813EBA44935C902AC9B7BDA42C943D18"> : tensor<8x1x1x16xi8>}> : () -> tensor<8x1x1x16xi8> loc("conv_28")
    %7 = "tosa.const"() <{values = dense<[38, 39, 38, 38, 39, 38, 38, 38, 38, 39, 39, 39, 38, 38, 39, 38]> : tensor<16xi8>}> : () -> tensor<16xi8> loc("conv_19")
    %8 = "tosa.const"() <{values = dense<[1197184090, 1735675369, 1346942399, 1216736034, 1877068361, 1214733914, 1265756379, 1183206939, 1230289091, 1851725231, 1840343818, 1697438351, 1167312146, 1101281334, 1991424283, 1129465431]> : tensor<16xi32>}> : () -> tensor<16xi32> loc("conv_19")
    %9 = "tosa.const"() <{values = dense<[-121, 436, -635, 240, -548, -104, 572, -377, -481, 406, -699, -785, 343, -335, 502, 44]> : tensor<16xi32>}> : () -> tensor<16xi32> loc("conv_19")
    %10 = "tosa.const"() <{values = dense<"0x527F16C80E2AE81088087F958949EE82E5086890906B44CE73F688C81A59817F50522A2CF8287C7844DE25E4075A5B39CFF6E4617F3D5F933E729BAE4A98A2E457137FA1B2E32E348195400759AA793F8120619900B704816A6B2E81074947F8B3A8E47F297F7E9095810BB9097FB39CFA6D2939C2B0DEFDC6F8332581719FDD1F9BD7027F4981F0EA81C915944FAC2C"> : tensor<3x3x16x1xi8>}> : () -> tensor<3x3x16x1xi8> loc("conv_19")
    %11 = "tosa.const"() <{values = dense<[1190633114, 1573670539, 1594897968, 1170245957, 1473705574, 1355500573, 1807424435, 1368811992, 1230816107, 1784282690, 1659845882, 1426189176, 1657229599, 1302575418, 1167888741, 1668713668]> : tensor<16xi32>}> : () -> tensor<16xi32> loc("conv_10")
    %12 = "tosa.const"() <{values = dense<[-107, -9, -204, 171, -324, 553, 474, -98, -934, -612, 342, -360, -156, -558, 724, -703]> : tensor<16xi32>}> : () -> tensor<16xi32> loc("conv_10")
    %13 = "tosa.const"() <{values = dense<"0x88F21951D7A42D5B85811A2F8112A78314BA05D3EED081AA2D09ADA0DD2EDE7F0415B4D17F67160D98008CF56FD97FF738F6A83D6CC34AAF6487FEAAE1FB85007F12C1810AC8DF8183DD542AEF1BFF44ED0552DF55615BDF81030986024778BB03CEB1E8A5818F629B6A23342D8EB80692817F52E0B62C176CA52559EC81B34C5C68BB64CF90303F9B2A7F8191618745"> : tensor<3x3x16x1xi8>}> : () -> tensor<3x3x16x1xi8> loc("conv_10")
    %14 = "tosa.const"() <{values = dense<-128> : tensor<1xi8>}> : () -> tensor<1xi8> loc(unknown)
    %15 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32> loc(unknown)
    %16 = "tosa.const"() <{values = dense<38> : tensor<16xi8>}> : () -> tensor<16xi8> loc(unknown)
    %17 = "tosa.const"() <{values = dense<[1634287501, 1366396577, 1719760126, 1103379361, 1554906865, 1741664972, 1642536825, 1503983782, 1421701287, 1076684092, 1649487753, 1642505578, 1438250446, 1272876677, 1687272298, 1705376289]> : tensor<16xi32>}> : () -> tensor<16xi32> loc("conv")
    %18 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8> loc(unknown)
    %19 = "tosa.const"() <{values = dense<[410, -1129, 438, 822, 305, -394, -339, 324, -888, -932, 453, 931, 292, -975, 149, 841]> : tensor<16xi32>}> : () -> tensor<16xi32> loc("conv")
    %20 = "tosa.const"() <{values = dense<[[[[60, -127, -55]]], [[[127, 96, 33]]], [[[-127, -36, 72]]], [[[-98, 73, 127]]], [[[-19, 85, -127]]], [[[127, 44, -34]]], [[[120, 127, 106]]], [[[-112, -95, -127]]], [[[-127, 112, -12]]], [[[34, -127, -68]]], [[[127, -39, -114]]], [[[127, -103, -113]]], [[[117, -127, -127]]], [[[123, 127, 120]]], [[[7, 127, 45]]], [[[-127, 71, 105]]]]> : tensor<16x1x1x3xi8>}> : () -> tensor<16x1x1x3xi8> loc("conv")
    %21 = "tosa.const"() <{values = dense<127.519402> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32> loc("quantizelinear")
    %22 = tosa.mul %arg0, %21, %18 : (tensor<1x3x16x16xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x3x16x16xf32> loc("quantizelinear")
    %23 = tosa.cast %22 : (tensor<1x3x16x16xf32>) -> tensor<1x3x16x16xi32> loc("quantizelinear")
    %24 = tosa.clamp %23 {max_val = 127 : i32, min_val = -128 : i32} : (tensor<1x3x16x16xi32>) -> tensor<1x3x16x16xi32> loc("quantizelinear")
    %25 = tosa.cast %24 : (tensor<1x3x16x16xi32>) -> tensor<1x3x16x16xi8> loc("quantizelinear")
    %26 = tosa.transpose %25 {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x3x16x16xi8>) -> tensor<1x16x16x3xi8> loc("conv")
    %27 = tosa.conv2d %26, %20, %19, %18, %18 {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x16x16x3xi8>, tensor<16x1x1x3xi8>, tensor<16xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x16x16x16xi32> loc("conv")
    %28 = tosa.rescale %27, %17, %16, %15, %14 {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x16x16x16xi32>, tensor<16xi32>, tensor<16xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x16x16x16xi8> loc("conv")
    %29 = tosa.depthwise_conv2d %28, %13, %12, %14, %18 {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x16x16x16xi8>, tensor<3x3x16x1xi8>, tensor<16xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x16x16x16xi32> loc("conv_10")
    %30 = tosa.rescale %29, %11, %16, %15, %14 {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x16x16x16xi32>, tensor<16xi32>, tensor<16xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x16x16x16xi8> loc("conv_10")
    %31 = tosa.depthwise_conv2d %30, %10, %9, %14, %18 {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 2, 2>} : (tensor<1x16x16x16xi8>, tensor<3x3x16x1xi8>, tensor<16xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x8x8x16xi32> loc("conv_19")
    %32 = tosa.rescale %31, %8, %7, %15, %14 {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x8x8x16xi32>, tensor<16xi32>, tensor<16xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x8x8x16xi8> loc("conv_19")
    %33 = tosa.conv2d %32, %6, %5, %14, %18 {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x8x8x16xi8>, tensor<8x1x1x16xi8>, tensor<8xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x8x8x8xi32> loc("conv_28")
    %34 = tosa.rescale %33, %4, %3, %15, %2 {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x8x8x8xi32>, tensor<8xi32>, tensor<8xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x8x8x8xi8> loc("conv_28")
    %35 = tosa.cast %34 : (tensor<1x8x8x8xi8>) -> tensor<1x8x8x8xf32> loc("dequantizelinear_30")
    %36 = tosa.sub %35, %1 : (tensor<1x8x8x8xf32>, tensor<1x1x1x1xf32>) -> tensor<1x8x8x8xf32> loc("dequantizelinear_30")
    %37 = tosa.mul %36, %0, %18 : (tensor<1x8x8x8xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x8x8x8xf32> loc("dequantizelinear_30")
    %38 = tosa.transpose %37 {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> loc("dequantizelinear_30")
    return %38 : tensor<1x8x8x8xf32> loc(unknown)
  } loc("depthwise")
} loc("/tmp/w/fx/depthwise.onnx")
