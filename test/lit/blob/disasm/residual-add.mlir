// Disassembly fixture: the zoo model 'residual_add' (QDQ int8), imported and legalized to
// tosa (`npuc import residual_add.onnx --emit tosa --print-debuginfo`), compiled for
// ethos-u55; `npuc inspect --cost` of its blob must match residual-add.disasm line for
// line. After a deliberate change to the encoder, the container or inspect,
// regenerate every fixture with `npm run update-fixtures` and review the diff.
// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: npuc compile %s --target ethos-u55 -o residual-add.npub
// RUN: npuc inspect residual-add.npub --cost > residual-add.txt
// RUN: diff -u %S/residual-add.disasm residual-add.txt

module attributes {onnx.opset = 13 : i64} {
  func.func @main(%arg0: tensor<1x3x12x12xf32> {onnx.name = "input"} loc("input")) -> (tensor<1x8x12x12xf32> {onnx.name = "output"}) {
    %0 = "tosa.const"() <{values = dense<0.0154873524> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32> loc("dequantizelinear_25")
    %1 = "tosa.const"() <{values = dense<-1.280000e+02> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32> loc("dequantizelinear_25")
    %2 = "tosa.const"() <{values = dense<49> : tensor<1xi8>}> : () -> tensor<1xi8> loc("add")
    %3 = "tosa.const"() <{values = dense<1480283746> : tensor<1xi32>}> : () -> tensor<1xi32> loc("add")
    %4 = "tosa.const"() <{values = dense<11> : tensor<1xi8>}> : () -> tensor<1xi8> loc("add")
    %5 = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32> loc("add")
    %6 = "tosa.const"() <{values = dense<12> : tensor<1xi8>}> : () -> tensor<1xi8> loc("add")
    %7 = "tosa.const"() <{values = dense<1145528891> : tensor<1xi32>}> : () -> tensor<1xi32> loc("add")
    %8 = "tosa.const"() <{values = dense<2> : tensor<1xi8>}> : () -> tensor<1xi8> loc(unknown)
    %9 = "tosa.const"() <{values = dense<40> : tensor<1xi8>}> : () -> tensor<1xi8> loc("conv_19")
    %10 = "tosa.const"() <{values = dense<1243817384> : tensor<1xi32>}> : () -> tensor<1xi32> loc("conv_19")
    %11 = "tosa.const"() <{values = dense<[2555, 926, -77, -234, -364, 528, 2649, 598]> : tensor<8xi32>}> : () -> tensor<8xi32> loc("conv_19")
    %12 = "tosa.const"() <{values = dense<"0x57B0F054216CFDE9B101ADF4AFABD0FAA722B0DA79B04F2CBFCDCFA3DB8C9E939B9DA1BD0BCF93089391C716D55864EA88A721F3421453BC180E4106EAD6F8A054CE4E934AA79D3972C71629F7B321AD4CE539D3C3A7730C74FFA6E4420DE6CBFD8CB19CE965340C68CF92E46E25524153BD73BFDEC53912741EA44406A8E4A15A617429F57DFA3A0D5DA3533D07E3EE25CDD179797291996B0F216F518440FC33556D9F6E70EC8D2261A98B0B28CFD338F8FB724BA6B03F69EF5C2B3A81ABA4CDA34F3316CA34B96EAB07BF92A650690E6EE645BB57B1F8F2F8B20ACD344C931CEED86A91FD6F169EC831BDA10E0AAC2201594A34D849D0CBDF004FA79791D53ABB62CABD9A8F2127E9C36A3B15BCCD1D4BAC8F48FB11C6A80A46BB50B48681100522C937400191B7780C77EAF936674A2D4C04A3B93826C9E679E2F7A67BA7474E4435D8A259C741FA2B65D523D9B95AC2699521C21FC3C0C8A93FF1F18918371F1456A9CFDBF38303B934B5C547F7222E6C63E0935BDD22DE6D967A606D11D3C9A778B667B911C9704F49C8C8A88C79FE8246A6132665148CDE7AE871EB5ECD8C30F927B0CB394AC6E8AD48B83F232D3909674426E94640A8CB85D154AD5C017728C757DA7F90BCD20CCCB7497DC09CE4685C716AE0082344A393D58A03E6753541BABDCD3B2E9FB9C608A11C0486414BC213DBB93B33E83D467CB51D79D7A5B162E25A0F4DB432E316BD5FC6C13B3B05595A7AD7D9182209B60C85D78E4E460038662CEC520D22B9836E4A85CCBFED6F8C95A031C80B46FF7FFBE09F2EC1"> : tensor<8x3x3x8xi8>}> : () -> tensor<8x3x3x8xi8> loc("conv_19")
    %13 = "tosa.const"() <{values = dense<1339369746> : tensor<1xi32>}> : () -> tensor<1xi32> loc("conv_10")
    %14 = "tosa.const"() <{values = dense<[800, -1755, 1110, 1107, -2201, -2957, -2634, -3001]> : tensor<8xi32>}> : () -> tensor<8xi32> loc("conv_10")
    %15 = "tosa.const"() <{values = dense<"0xF32E223A64F007A9302457EA340BAB946E7349921B9A98E461C393BC5715DC8A5A3858166F153FD4E6C2BC0B7958D19FB75C65087C3EE4D590BC5B1E58BF16DFB4F83690890F0445E845E76D1DCA8CD93AF00D03B45AC572F677E69557E027C97EC8E946D410478D72DF8DB3D783DCA426DFC4FF37A2C9B44EC7F1F699A6C6284944441CC7F291084D4B380A5C2F83AF08AC4D339F83E624A647D2E7F44AA4EE8CAD302B32A7EC28959445F03308B0FB8357B1CFED628BEAECDDC0BF3C0C16074FD37861B9F19436975D221446FF246A1F595790EC7E9C8CAC59DAF73AAC5A343D0EA8D45BC49AD1F1AEA79DE54B02D9E861140CEE02B4EB0A76205D16CE8D52F64057F16D7DAEB00DFC59FAA2CED274580D9992126DA4D19EBD396810A0CE41061E32C94748382B3C4927DBA44522EA6A8DA54835702F992E382EAE7CE7D6B5541FFBEBD17603EDC83AEBA65AC934C67081E70E73AD2D5E3CE989C6AA0D918423E07DF3E66D189D7710563E38F00065F34C9DD9F292AA3B5460C130D362A4C462098FC781C96E3E18A4E1263D7DE21DB22E400895DED2CD1552F40A58B2B64EC0350347DE29052713844BAAA9CAB10A7FB6DDF8B9CE553E4891075488E57B19FB60077BE2B9DD83F1791C2A4368B438D0412198A442B7ED167EE43B77E216F61D95EC3DBECF9CE42457BE64B61B0758FA3E85CAF128E69230B94A188E5BA8FA50007F7FAAC7718F6A2D1D355D7CDD611A412B764D7CE5083BCE6B45DCBFE794D605BA9EF66AD38DB45A1CCA56EB22B25090C64CE82E8D4ABCF32AB6B400D902"> : tensor<8x3x3x8xi8>}> : () -> tensor<8x3x3x8xi8> loc("conv_10")
    %16 = "tosa.const"() <{values = dense<-128> : tensor<1xi8>}> : () -> tensor<1xi8> loc(unknown)
    %17 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32> loc(unknown)
    %18 = "tosa.const"() <{values = dense<39> : tensor<1xi8>}> : () -> tensor<1xi8> loc(unknown)
    %19 = "tosa.const"() <{values = dense<1405046975> : tensor<1xi32>}> : () -> tensor<1xi32> loc("conv")
    %20 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8> loc(unknown)
    %21 = "tosa.const"() <{values = dense<[2208, -337, -1056, 1895, -807, 1167, -1889, 1815]> : tensor<8xi32>}> : () -> tensor<8xi32> loc("conv")
    %22 = "tosa.const"() <{values = dense<"0x380DCA8AB22CF5960794375543FA0AFB4B83FD6160AAD3D0C4316F455D56EC1AEA372EF7A849FFDE161239154681935B83DF2AFA08DF308F143391E4F70A417A5DAD61D873360A242DCA4073F745440D90EA6321A8730C3150C246D1611F208D7C71597DE4977A19ED15A46388262D2B21149B543ACA30D27E4E7306A199AEB27682A1B2A91CE2FFF357F0DFE30D7D91C795D62C9BC384B0A3F7A1A1475EEAD645BC85C8AB0CB418F74450E3838775B27B65E1D0677C96CBD084D311FA2EC45C5D13AE81754E12042A5FB3D121ABBC5E0D6A5CB63B1A1EF2"> : tensor<8x3x3x3xi8>}> : () -> tensor<8x3x3x3xi8> loc("conv")
    %23 = "tosa.const"() <{values = dense<127.517723> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32> loc("quantizelinear")
    %24 = tosa.mul %arg0, %23, %20 : (tensor<1x3x12x12xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x3x12x12xf32> loc("quantizelinear")
    %25 = tosa.cast %24 : (tensor<1x3x12x12xf32>) -> tensor<1x3x12x12xi32> loc("quantizelinear")
    %26 = tosa.clamp %25 {max_val = 127 : i32, min_val = -128 : i32} : (tensor<1x3x12x12xi32>) -> tensor<1x3x12x12xi32> loc("quantizelinear")
    %27 = tosa.cast %26 : (tensor<1x3x12x12xi32>) -> tensor<1x3x12x12xi8> loc("quantizelinear")
    %28 = tosa.transpose %27 {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x3x12x12xi8>) -> tensor<1x12x12x3xi8> loc("conv")
    %29 = tosa.conv2d %28, %22, %21, %20, %20 {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x12x12x3xi8>, tensor<8x3x3x3xi8>, tensor<8xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x12x12x8xi32> loc("conv")
    %30 = tosa.rescale %29, %19, %18, %17, %16 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x12x12x8xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x12x12x8xi8> loc("conv")
    %31 = tosa.conv2d %30, %15, %14, %16, %20 {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x12x12x8xi8>, tensor<8x3x3x8xi8>, tensor<8xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x12x12x8xi32> loc("conv_10")
    %32 = tosa.rescale %31, %13, %18, %17, %16 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x12x12x8xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x12x12x8xi8> loc("conv_10")
    %33 = tosa.conv2d %32, %12, %11, %16, %20 {acc_type = i32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x12x12x8xi8>, tensor<8x3x3x8xi8>, tensor<8xi32>, tensor<1xi8>, tensor<1xi8>) -> tensor<1x12x12x8xi32> loc("conv_19")
    %34 = tosa.rescale %33, %10, %9, %17, %8 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x12x12x8xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x12x12x8xi8> loc("conv_19")
    %35 = tosa.rescale %30, %7, %6, %16, %17 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x12x12x8xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<1x12x12x8xi32> loc("add")
    %36 = tosa.rescale %34, %5, %4, %8, %17 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x12x12x8xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<1x12x12x8xi32> loc("add")
    %37 = tosa.add %35, %36 : (tensor<1x12x12x8xi32>, tensor<1x12x12x8xi32>) -> tensor<1x12x12x8xi32> loc("add")
    %38 = tosa.rescale %37, %3, %2, %17, %16 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<1x12x12x8xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<1x12x12x8xi8> loc("add")
    %39 = tosa.cast %38 : (tensor<1x12x12x8xi8>) -> tensor<1x12x12x8xf32> loc("dequantizelinear_25")
    %40 = tosa.sub %39, %1 : (tensor<1x12x12x8xf32>, tensor<1x1x1x1xf32>) -> tensor<1x12x12x8xf32> loc("dequantizelinear_25")
    %41 = tosa.mul %40, %0, %20 : (tensor<1x12x12x8xf32>, tensor<1x1x1x1xf32>, tensor<1xi8>) -> tensor<1x12x12x8xf32> loc("dequantizelinear_25")
    %42 = tosa.transpose %41 {perms = array<i32: 0, 3, 1, 2>} : (tensor<1x12x12x8xf32>) -> tensor<1x8x12x12xf32> loc("dequantizelinear_25")
    return %42 : tensor<1x8x12x12xf32> loc(unknown)
  } loc("residual_add")
} loc("/tmp/w/fx/residual_add.onnx")
