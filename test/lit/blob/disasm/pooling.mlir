// Disassembly fixture: the zoo model 'pooling' (QDQ int8), imported and legalized to
// tosa (`npuc import pooling.onnx --emit tosa --print-debuginfo`), compiled for
// ethos-u55; `npuc inspect --cost` of its blob must match pooling.disasm line for
// line. After a deliberate change to the encoder, the container or inspect,
// regenerate every fixture with `npm run update-fixtures` and review the diff.
// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: npuc compile %s --target ethos-u55 -o pooling.npub
// RUN: npuc inspect pooling.npub --cost > pooling.txt
// RUN: diff -u %S/pooling.disasm pooling.txt

module attributes {onnx.opset = 13 : i64} {
  func.func @main(%arg0: tensor<1x3x16x16xf32> {onnx.name = "input"} loc("input")) -> (tensor<1x8x4x4xf32> {onnx.name = "output"}) {
    %0 = "tosa.const"() <{values = dense<0.0184277762> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32> loc("dequantizelinear_19")
    %1 = "tosa.const"() <{values = dense<-3.000000e+01> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32> loc("dequantizelinear_19")
    %2 = "tosa.const"() <{values = dense<-1> : tensor<1x1x1x1xi32>}> : () -> tensor<1x1x1x1xi32> loc("quantizelinear")
    %3 = "tosa.const"() <{values = dense<-30> : tensor<1xi8>}> : () -> tensor<1xi8> loc("averagepool")
    %4 = "tosa.const"() <{values = dense<37> : tensor<1xi8>}> : () -> tensor<1xi8> loc("averagepool")
    %5 = "tosa.const"() <{values = dense<1969379683> : tensor<1xi32>}> : () -> tensor<1xi32> loc("averagepool")
    %6 = "tosa.const"() <{values = dense<0> : tensor<1xi16>}> : () -> tensor<1xi16> loc(unknown)
    %7 = "tosa.const"() <{values = dense<23> : tensor<1xi8>}> : () -> tensor<1xi8> loc("averagepool")
    %8 = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32> loc("averagepool")
    %9 = "tosa.const"() <{values = dense<-34> : tensor<1xi8>}> : () -> tensor<1xi8> loc(unknown)
    %10 = "tosa.const"() <{values = dense<[40, 41, 40, 41, 41, 40, 41, 40]> : tensor<8xi8>}> : () -> tensor<8xi8> loc("conv_12")
    %11 = "tosa.const"() <{values = dense<[1148370469, 1970903917, 1109534933, 1806441693, 1819240129, 1342530100, 2026639240, 1239121236]> : tensor<8xi32>}> : () -> tensor<8xi32> loc("conv_12")
    %12 = "tosa.const"() <{values = dense<[-2317, -1437, 2456, -718, 197, -1449, -185, 2184]> : tensor<8xi32>}> : () -> tensor<8xi32> loc("conv_12")
    %13 = "tosa.const"() <{values = dense<"0x39B9FA30D2085BE5F9406D79D0F2D3287BC6732FEC126AC39EDA26FC907FFD2092C17B838E7F167E70D819754C3B7687793504A5DE933F7A9C5926516F7E0CA3429E60E7AF04DAF66529A24A032695F46790E4546D983B79BE0982534A852CBF829EDA91A5E2AF27F17C0E632F367FDB59CCFF3BDC9B642C85BB8A1C0616E33E16C82245417994355CC757ABDC4C72721BB4E5BC2C5DB8964F76127FBB3F3B9BB1FCFB0DF77271E4EA0FA840588A4FC454C23E9394AFD5405099A3413CB41DBAD79C27AB8D82F79E4D7BC25116C6C6846345483B282119489571E5F15A3EA64D4258CFACD0653FFCA0B96513B8AD2A21F9CD9ADB7C22A2AE5ECF33882940398BBC41CA6AF217AA6EF6B60FA070D4297ED981239654D52EF307C5AFE640758EE367D300814EFC47231420E5B6A3F10C91001C9DC38BDA44ADC894DFA432A95DEB0692F5EFE59DCDCB95AA5C6A3E41774B34947265310BBBF99894608DB85F39927E74A70D3C9859E40D0A43A0D00FDB0D295335FF244C3A6116747F48C5AD6E84BDD0EA424DA226079EF7AE5F3B69D7A432C8F15B02A2598B38046B020882191F393A5EBED8B76A1F75075501CF31DF88013B6BE99B62396350C9148F44D12593A0C7387D9C1A1F20F4E9882BE66013291EC90473933792DCE6096FA5F90C8282E204991507925D1DB516A8284F0D5A7F110CD329C1C4A9C593A8EC5A5ABC2F992D4211E150998B0045D3D0F05D8947062BE97A856F2924C8E582BF30C95C4E8D75EE892410998981D7604206E6FB519E187D8C3129F4292553C670951156E898"> : tensor<8x3x3x8xi8>}> : () -> tensor<8x3x3x8xi8> loc("conv_12")
    %14 = "tosa.const"() <{values = dense<-128> : tensor<1xi8>}> : () -> tensor<1xi8> loc(unknown)
    %15 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32> loc(unknown)
    %16 = "tosa.const"() <{values = dense<[40, 39, 40, 40, 39, 39, 39, 40]> : tensor<8xi8>}> : () -> tensor<8xi8> loc("conv")
    %17 = "tosa.const"() <{values = dense<[1752130510, 1075961954, 1797872262, 1922528879, 1219128398, 1219093928, 1274016987, 1992258912]> : tensor<8xi32>}> : () -> tensor<8xi32> loc("conv")
    %18 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8> loc(unknown)
    %19 = "tosa.const"() <{values = dense<-1> : tensor<1xi8>}> : () -> tensor<1xi8> loc("conv")
    %20 = "tosa.const"() <{values = dense<[-1363, -1355, -1786, -22, -612, 1678, 2446, -1829]> : tensor<8xi32>}> : () -> tensor<8xi32> loc("conv")
    %21 = "tosa.const"() <{values = dense<"0x6C313CD5816EB9DF7A953BF9BC60D9020749943EC579EC401FFE07D8D56BF50CDA8390B0FC20280AC700430E9299A6444E747FE85A82FB337A67821D30BEC80E01357B7F45CA5ACF449374DDF646F723AF7C2BC0E29E217A663B6E6F7FF52F5D9FDA6F95E236832B9C9E692959E8F1A76648C802E33C8DC9E031727F7F7F6A66D6881D964310419446F9534C15D16781F4D93F1FF8A4A50C405D176EEEEE1763DBB2DD532530B1E6E4DE37D6617F0B9040629621F9A38524AA9DE70617701F45167D1E8A3D60A947AC6E79372C8E4763632D607C4F8104B2"> : tensor<8x3x3x3xi8>}> : () -> tensor<8x3x3x3xi8> loc("conv")
    %22 = "tosa.const"() <{values = dense<127.512451> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32> loc("quantizelinear")
    %23 = tosa.mul %arg0, %22, %18 : (tensor<1x3x16x16xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x3x16x16xf32> loc("quantizelinear")
    %24 = tosa.cast %23 : (tensor<1x3x16x16xf32>) -> tensor<1x3x16x16xi32> loc("quantizelinear")
    %25 = tosa.add %24, %2 : (tensor<1x3x16x16xi32>, tensor<1x1x1x1xi32>) -> tensor<1x3x16x16xi32> loc("quantizelinear")
    %26 = tosa.clamp %25 {max_val = 127 : i32, min_val = -128 : i32} : (tensor<1x3x16x16xi32>) -> tensor<1x3x16x16xi32> loc("quantizelinear")
    %27 = tosa.cast %26 : (tensor<1x3x16x16xi32>) -> tensor<1x3x16x16xi8> loc("quantizelinear")
    %28 = tosa.transpose %27 {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x3x16x16xi8>) -> tensor<1x16x16x3xi8> loc("conv")
    %29 = tosa.conv2d %28, %21, %20, %19, %18 {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x16x16x3xi8>, tensor<8x3x3x3xi8>, tensor<8xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x16x16x8xi32> loc("conv")
    %30 = tosa.rescale %29, %17, %16, %15, %14 {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x16x16x8xi32>, tensor<8xi32>, tensor<8xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x16x16x8xi8> loc("conv")
    %31 = tosa.max_pool2d %30 {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x16x16x8xi8>) -> tensor<1x8x8x8xi8> loc("maxpool")
    %32 = tosa.conv2d %31, %13, %12, %14, %18 {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x8xi8>, tensor<8x3x3x8xi8>, tensor<8xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x8x8x8xi32> loc("conv_12")
    %33 = tosa.rescale %32, %11, %10, %15, %9 {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x8x8x8xi32>, tensor<8xi32>, tensor<8xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x8x8x8xi8> loc("conv_12")
    %34 = tosa.rescale %33, %8, %7, %9, %6 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x8x8x8xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi16>) -> tensor<1x8x8x8xi16> loc("averagepool")
    %35 = tosa.avg_pool2d %34, %6, %6 {acc_type = i32, kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x8x8x8xi16>, tensor<1xi16>, tensor<1xi16>) -> tensor<1x8x8x8xi16> loc("averagepool")
    %36 = tosa.rescale %35, %5, %4, %6, %3 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x8x8x8xi16>, tensor<1xi32>, tensor<1xi8>, tensor<1xi16>, tensor<1xi8>) -> tensor<1x8x8x8xi8> loc("averagepool")
    %37 = tosa.max_pool2d %36 {kernel = array<i64: 3, 3>, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 2, 2>} : (tensor<1x8x8x8xi8>) -> tensor<1x4x4x8xi8> loc("maxpool_17")
    %38 = tosa.cast %37 : (tensor<1x4x4x8xi8>) -> tensor<1x4x4x8xf32> loc("dequantizelinear_19")
    %39 = tosa.sub %38, %1 : (tensor<1x4x4x8xf32>, tensor<1x1x1x1xf32>) -> tensor<1x4x4x8xf32> loc("dequantizelinear_19")
    %40 = tosa.mul %39, %0, %18 : (tensor<1x4x4x8xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x4x4x8xf32> loc("dequantizelinear_19")
    %41 = tosa.transpose %40 {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x4x4x8xf32>) -> tensor<1x8x4x4xf32> loc("dequantizelinear_19")
    return %41 : tensor<1x8x4x4xf32> loc(unknown)
  } loc("pooling")
} loc("/tmp/w/fx/pooling.onnx")
