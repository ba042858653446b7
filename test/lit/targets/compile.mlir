// `npuc compile`: load, bind, legalize an onnx-level module to tosa, run the
// target's derived pipeline, print.
//
// Inputs/qdq-conv-relu.mlir is a QDQ Conv -> Relu -> QuantizeLinear group with
// a uint8 input, per-channel int8 weights and an int8 output with zero point
// -10, so the Relu is a clamp at -10 in the int8 domain.

// --emit onnx stops after loading: the module is printed as it is.
// RUN: npuc compile %S/Inputs/qdq-conv-relu.mlir --target vipnano --emit onnx | FileCheck %s --check-prefix=ONNX
// ONNX:     func.func @main(%arg0: tensor<1x2x4x4xui8> {onnx.name = "x"}) -> (tensor<1x2x4x4xi8> {onnx.name = "y"})
// ONNX:     "onnx.Conv"
// ONNX:     "onnx.Relu"
// ONNX-NOT: tosa.

// ethos-u55: int8 data (the uint8 input becomes int8), per-channel scales kept,
// DOUBLE_ROUND (TFL), the Relu fused into the rescale ending the conv chain.
// RUN: npuc compile %S/Inputs/qdq-conv-relu.mlir --target ethos-u55 | FileCheck %s --check-prefix=ETHOS
// ETHOS:      func.func @main(%arg0: tensor<1x2x4x4xi8> {onnx.name = "x"}) -> (tensor<1x2x4x4xi8> {onnx.name = "y"})
// ETHOS:      %[[ACC:.*]] = tosa.conv2d {{.*}} -> tensor<1x4x4x2xi32>
// ETHOS-NEXT: %[[R:.*]] = tosa.rescale %[[ACC]], {{.*}}npuc.fused_activation = {max_val = 127 : i8, min_val = -10 : i8}, output_unsigned = false, per_channel = true, rounding_mode = DOUBLE_ROUND
// ETHOS-NEXT: tosa.clamp %[[R]] {max_val = 127 : i8, min_val = -10 : i8}
// ETHOS-NOT:  onnx.

// rknpu: int8, one scale per tensor, SINGLE_ROUND.
// RUN: npuc compile %S/Inputs/qdq-conv-relu.mlir --target rknpu | FileCheck %s --check-prefix=RK
// RK:      func.func @main(%arg0: tensor<1x2x4x4xi8> {onnx.name = "x"}) -> (tensor<1x2x4x4xi8> {onnx.name = "y"})
// RK:      %[[ACC:.*]] = tosa.conv2d {{.*}} -> tensor<1x4x4x2xi32>
// RK-NEXT: %[[R:.*]] = tosa.rescale %[[ACC]], {{.*}}npuc.fused_activation = {max_val = 127 : i8, min_val = -10 : i8}, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND
// RK-NEXT: tosa.clamp %[[R]] {max_val = 127 : i8, min_val = -10 : i8}

// vipnano: uint8 (the Relu's bound -10 becomes 118), per tensor, SINGLE_ROUND;
// the clamp follows the last rescale of the conv chain.
// RUN: npuc compile %S/Inputs/qdq-conv-relu.mlir --target vipnano | FileCheck %s --check-prefix=VIP
// VIP:      func.func @main(%arg0: tensor<1x2x4x4xui8> {onnx.name = "x"}) -> (tensor<1x2x4x4xui8> {onnx.name = "y"})
// VIP:      tosa.conv2d {{.*}} : (tensor<1x4x4x2xui8>, tensor<2x1x1x2xui8>, {{.*}}) -> tensor<1x4x4x2xi32>
// VIP-NOT:  per_channel = true
// VIP:      %[[R:.*]] = tosa.rescale {{.*}}npuc.fused_activation = {max_val = 255 : ui8, min_val = 118 : ui8}, output_unsigned = true, per_channel = false, rounding_mode = SINGLE_ROUND
// VIP-NEXT: tosa.clamp %[[R]] {max_val = 255 : ui8, min_val = 118 : ui8}

// Every target's output verifies in upstream mlir-opt.
// RUN: npuc compile %S/Inputs/qdq-conv-relu.mlir --target ethos-u55 | %if mlir-opt %{ %mlir-opt > /dev/null %} %else %{ cat > /dev/null %}
// RUN: npuc compile %S/Inputs/qdq-conv-relu.mlir --target rknpu | %if mlir-opt %{ %mlir-opt > /dev/null %} %else %{ cat > /dev/null %}
// RUN: npuc compile %S/Inputs/qdq-conv-relu.mlir --target vipnano | %if mlir-opt %{ %mlir-opt > /dev/null %} %else %{ cat > /dev/null %}

// -o writes the file; --print-ir-after-all dumps after the legalization and
// every target pass; --pass-remarks says what fuse-activations did.
// RUN: npuc compile %S/Inputs/qdq-conv-relu.mlir --target rknpu -o %t.rk.mlir --print-ir-after-all --pass-remarks 2> %t.log
// RUN: FileCheck %s --check-prefix=RK < %t.rk.mlir
// RUN: FileCheck %s --check-prefix=DUMPS < %t.log
// DUMPS: IR Dump After legalize-onnx-to-tosa
// DUMPS: IR Dump After unsigned-to-signed
// DUMPS: IR Dump After per-channel-to-per-tensor
// DUMPS: IR Dump After legalize-rescale
// DUMPS: remark: [fuse-activations] fused [-10, 127] into tosa.rescale ending a tosa.conv2d chain
// DUMPS: IR Dump After fuse-activations
// DUMPS: IR Dump After cse

// A tosa-level input skips legalization and runs the target pipeline only.
// RUN: npuc compile %t.rk.mlir --target rknpu | FileCheck %s --check-prefix=RK

// Levels compile cannot produce yet are usage errors; a tosa-level input
// cannot be printed at the onnx level.
// RUN: not npuc compile %S/Inputs/qdq-conv-relu.mlir --target rknpu --emit asm 2>&1 | FileCheck %s --check-prefix=EMIT
// EMIT: npuc: error: --emit asm is not supported by compile yet (expected onnx or tosa or nir)
// RUN: not npuc compile %t.rk.mlir --target rknpu --emit onnx 2>&1 | FileCheck %s --check-prefix=LEVEL
// LEVEL: rk.mlir: error: cannot emit onnx: the input is already at the tosa level
// RUN: not npuc compile --target rknpu 2>&1 | FileCheck %s --check-prefix=NOMODEL
// NOMODEL: npuc: error: missing input model (or use --print-pipeline)

// An .onnx model from ONNX's test data: a float Relu stays a float clamp.
// RUN: %if onnx-testdata %{ npuc compile %onnx_testdata/test_relu/model.onnx --target ethos-u55 | FileCheck %s --check-prefix=FLOAT %} %else %{ true %}
// FLOAT: tosa.clamp %arg0 {max_val = 0x7F800000 : f32, min_val = 0.000000e+00 : f32}

// --emit nir: the target-legal module partitioned (the layout transposes at
// the edges stay on the CPU) and its NPU segment lowered to nir: one conv2d
// intrinsic carrying the per-channel requantization and the Relu's clamp.
// RUN: npuc compile %S/Inputs/qdq-conv-relu.mlir --target ethos-u55 --emit nir | FileCheck %s --check-prefix=NIR
// NIR:      call @main_cpu0(
// NIR-NEXT: call @main_npu1(
// NIR-NEXT: call @main_cpu2(
// NIR:      func.func private @main_npu1({{.*}} attributes {npuc.segment = "npu", npuc.target = "ethos-u55"}
// NIR-NOT:  tosa.
// NIR:      "nir.conv2d"({{.*}}) <{clamp = array<i64: -10, 127>, {{.*}}rounding = "DOUBLE_ROUND"
// NIR:      "nir.output"
// NIR:      func.func private @main_cpu2(
// RUN: npuc compile %S/Inputs/qdq-conv-relu.mlir --target ethos-u55 --emit nir | %if mlir-opt %{ %mlir-opt --allow-unregistered-dialect > /dev/null %} %else %{ cat > /dev/null %}
