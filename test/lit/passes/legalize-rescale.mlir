// RUN: npuc opt %s --split-input-file -p "legalize-rescale{multiplier-bits=15}" | FileCheck %s
// RUN: npuc opt %s --split-input-file -p "legalize-rescale{multiplier-bits=15}" --pass-statistics 2>&1 >/dev/null | FileCheck %s --check-prefix=STATS
// RUN: npuc opt %s --split-input-file -p "legalize-rescale{rounding=DOUBLE_ROUND}" | FileCheck %s --check-prefix=TFL
// RUN: npuc opt %s --split-input-file -p "legalize-rescale{multiplier-bits=15 scale16=true}" | FileCheck %s --check-prefix=S16
// RUN: npuc opt %s --split-input-file -p "legalize-rescale{shift-max=31}" | FileCheck %s --check-prefix=SMAX
// RUN: npuc opt %s --split-input-file -p legalize-rescale --pass-statistics 2>&1 >/dev/null | FileCheck %s --check-prefix=NONE
// RUN: not npuc opt %s --split-input-file -p "legalize-rescale{multiplier-bits=15 shift-min=14}" 2>&1 | FileCheck %s --check-prefix=ERR
// REQUIRES: mlir-opt
// RUN: npuc opt %s --split-input-file -p "legalize-rescale{multiplier-bits=15}" | %mlir-opt --split-input-file > /dev/null
// RUN: npuc opt %s --split-input-file -p "legalize-rescale{multiplier-bits=15 scale16=true}" | %mlir-opt --split-input-file > /dev/null

// 15-bit unit (vipnano, rknpu): m = 1518500250 (0x5A827999, already in
// [2^30, 2^31)), shift 36. m / 2^16 = 23170 rest 31130 < 32768: m' = 23170,
// shift 36 - 16 = 20. The scale moves by 23170 * 2^16 / 1518500250 - 1
// = -31130 / 1518500250 = -2.05005e-5, 20501 ppb (rounded up).
// CHECK-LABEL: func.func @narrow
// CHECK-DAG:   %[[M:.*]] = "tosa.const"() <{values = dense<23170> : tensor<1xi32>}>
// CHECK-DAG:   %[[S:.*]] = "tosa.const"() <{values = dense<20> : tensor<1xi8>}>
// CHECK:       tosa.rescale %arg0, %[[M]], %[[S]], %{{.*}}, %{{.*}} {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true}
// STATS:       'legalize-rescale'
// STATS-NEXT:  (S)    1 num-rescales
// STATS-NEXT:  (S)    1 num-changed
// STATS-NEXT:  (S)    0 num-rounding-changed
// STATS-NEXT:  (S)    1 num-scale-moved
// STATS-NEXT:  (S) 20501 max-scale-change-ppb
// With the 31-bit unit (the default) only the rounding changes: TFL = DOUBLE_ROUND.
// TFL-LABEL:   func.func @narrow
// TFL:         tosa.rescale %arg0, {{.*}} rounding_mode = DOUBLE_ROUND, scale32 = true
// scale16: a 15-bit multiplier with SINGLE_ROUND fits TOSA's scale32 = false (i16 multiplier).
// S16-LABEL:   func.func @narrow
// S16-DAG:     %[[M:.*]] = "tosa.const"() <{values = dense<23170> : tensor<1xi16>}>
// S16:         tosa.rescale %arg0, %[[M]], {{.*}} scale32 = false} : (tensor<4xi32>, tensor<1xi16>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<4xi8>
// A shift range capped at 31: (1518500250 + 2^4) >> 5 = 47453133, shift 31.
// SMAX-LABEL:  func.func @narrow
// SMAX-DAG:    "tosa.const"() <{values = dense<47453133> : tensor<1xi32>}>
// SMAX-DAG:    "tosa.const"() <{values = dense<31> : tensor<1xi8>}>
// NONE:        'legalize-rescale'
// NONE-NEXT:   (S)    1 num-rescales
// NONE-NEXT:   (S)    0 num-changed
func.func @narrow(%x: tensor<4xi32>) -> tensor<4xi8> {
  %m = "tosa.const"() <{values = dense<1518500250> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<36> : tensor<1xi8>}> : () -> tensor<1xi8>
  %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %z8 = "tosa.const"() <{values = dense<3> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.rescale %x, %m, %s, %z32, %z8 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<4xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// Per channel, each channel on its own, with the carry of rounding up:
//   channel 0: 2147450880 / 2^16 = 32767.5 -> 32768 = 2^15, one bit too many:
//              m' = 16384, shift 40 - 16 - 1 = 23 (scale +1.5259e-5, 15260 ppb);
//   channel 1: 1395864371 / 2^16 = 21299.14 -> 21299, shift 31 - 16 = 15 (-9.39e-6).
// DOUBLE_ROUND stays (scale32 = true).
// CHECK-LABEL: func.func @per_channel
// CHECK-DAG:   %[[M:.*]] = "tosa.const"() <{values = dense<[16384, 21299]> : tensor<2xi32>}>
// CHECK-DAG:   %[[S:.*]] = "tosa.const"() <{values = dense<[23, 15]> : tensor<2xi8>}>
// CHECK:       tosa.rescale %arg0, %[[M]], %[[S]], {{.*}} per_channel = true, rounding_mode = DOUBLE_ROUND, scale32 = true
// STATS:       'legalize-rescale'
// STATS:       (S) 15260 max-scale-change-ppb
// DOUBLE_ROUND rules out scale32 = false: the multipliers stay i32.
// S16-LABEL:   func.func @per_channel
// S16:         tosa.rescale {{.*}} : (tensor<2x2xi32>, tensor<2xi32>, tensor<2xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<2x2xi8>
func.func @per_channel(%x: tensor<2x2xi32>) -> tensor<2x2xi8> {
  %m = "tosa.const"() <{values = dense<[2147450880, 1395864371]> : tensor<2xi32>}> : () -> tensor<2xi32>
  %s = "tosa.const"() <{values = dense<[40, 31]> : tensor<2xi8>}> : () -> tensor<2xi8>
  %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %z8 = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.rescale %x, %m, %s, %z32, %z8 {input_unsigned = false, output_unsigned = false, per_channel = true, rounding_mode = DOUBLE_ROUND, scale32 = true} : (tensor<2x2xi32>, tensor<2xi32>, tensor<2xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<2x2xi8>
  return %0 : tensor<2x2xi8>
}

// -----

// Exact at any width: 3 >> 2 = 0.75 holds in 15 bits as it is and stays;
// the zero-point move 2^30 >> 30 = 1 does not fit 15 bits as written
// (2^30 >= 2^15) and becomes 2^14 >> 14, still exactly 1.
// CHECK-LABEL: func.func @exact
// CHECK-DAG:   %[[M:.*]] = "tosa.const"() <{values = dense<16384> : tensor<1xi32>}>
// CHECK-DAG:   %[[S:.*]] = "tosa.const"() <{values = dense<14> : tensor<1xi8>}>
// CHECK-DAG:   %[[THREE:.*]] = "tosa.const"() <{values = dense<3> : tensor<1xi32>}>
// CHECK-DAG:   %[[S2:.*]] = "tosa.const"() <{values = dense<2> : tensor<1xi8>}>
// CHECK:       tosa.rescale %arg0, %[[M]], %[[S]]
// CHECK:       tosa.rescale %arg0, %[[THREE]], %[[S2]]
// STATS:       'legalize-rescale'
// STATS-NEXT:  (S)    2 num-rescales
// STATS-NEXT:  (S)    1 num-changed
// STATS-NEXT:  (S)    0 num-rounding-changed
// STATS-NEXT:  (S)    0 num-scale-moved
// STATS-NEXT:  (S)    0 max-scale-change-ppb
func.func @exact(%x: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>) {
  %one = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s30 = "tosa.const"() <{values = dense<30> : tensor<1xi8>}> : () -> tensor<1xi8>
  %three = "tosa.const"() <{values = dense<3> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s2 = "tosa.const"() <{values = dense<2> : tensor<1xi8>}> : () -> tensor<1xi8>
  %z = "tosa.const"() <{values = dense<-5> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.rescale %x, %one, %s30, %z, %z {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<4xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<4xi8>
  %1 = tosa.rescale %x, %three, %s2, %z, %z {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<4xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi8>) -> tensor<4xi8>
  return %0, %1 : tensor<4xi8>, tensor<4xi8>
}

// -----

// A scale of 4 (2^30 >> 28) needs shift 12 with a 15-bit multiplier (2^14 >> 12);
// a unit whose shift starts at 14 would need 2^16: it cannot express it.
// ERR: error: legalize-rescale: scale 1073741824 * 2^-28 cannot be expressed with a 15-bit multiplier and shift >= 14
func.func @too_large(%x: tensor<4xi8>) -> tensor<4xi32> {
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s = "tosa.const"() <{values = dense<28> : tensor<1xi8>}> : () -> tensor<1xi8>
  %z = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %0 = tosa.rescale %x, %m, %s, %z, %z32 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<4xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// Add headroom. A quantized add scales its inputs up into i32 (2^18 and 2^17
// here, as TFLite's lowering does) and the sum down (2^-19). A 15-bit
// multiplier at shift >= 2 holds at most (2^15 - 1) / 4 < 2^13, so 2^6 moves
// from the inputs to the output: 2^12 = 16384 >> 2, 2^11 = 16384 >> 3, and
// 2^-13 = 16384 >> 27. In real numbers the add is unchanged.
// CHECK-LABEL: func.func @add_headroom
// CHECK:       %[[M1:.*]] = "tosa.const"() <{values = dense<16384> : tensor<1xi32>}>
// CHECK-NEXT:  %[[S2:.*]] = "tosa.const"() <{values = dense<2> : tensor<1xi8>}>
// CHECK-NEXT:  %[[A:.*]] = tosa.rescale %arg0, %[[M1]], %[[S2]],
// CHECK-NEXT:  %[[M2:.*]] = "tosa.const"() <{values = dense<16384> : tensor<1xi32>}>
// CHECK-NEXT:  %[[S3:.*]] = "tosa.const"() <{values = dense<3> : tensor<1xi8>}>
// CHECK-NEXT:  %[[B:.*]] = tosa.rescale %arg1, %[[M2]], %[[S3]],
// CHECK-NEXT:  %[[SUM:.*]] = tosa.add %[[A]], %[[B]]
// CHECK-NEXT:  %[[M3:.*]] = "tosa.const"() <{values = dense<16384> : tensor<1xi32>}>
// CHECK-NEXT:  %[[S27:.*]] = "tosa.const"() <{values = dense<27> : tensor<1xi8>}>
// CHECK-NEXT:  tosa.rescale %[[SUM]], %[[M3]], %[[S27]],
// STATS:       (S)    1 num-add-headroom-reduced
func.func @add_headroom(%x: tensor<4xi8>, %y: tensor<4xi8>) -> tensor<4xi8> {
  %m = "tosa.const"() <{values = dense<1073741824> : tensor<1xi32>}> : () -> tensor<1xi32>
  %s12 = "tosa.const"() <{values = dense<12> : tensor<1xi8>}> : () -> tensor<1xi8>
  %s13 = "tosa.const"() <{values = dense<13> : tensor<1xi8>}> : () -> tensor<1xi8>
  %s49 = "tosa.const"() <{values = dense<49> : tensor<1xi8>}> : () -> tensor<1xi8>
  %z = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %z32 = "tosa.const"() <{values = dense<0> : tensor<1xi32>}> : () -> tensor<1xi32>
  %0 = tosa.rescale %x, %m, %s12, %z, %z32 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<4xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<4xi32>
  %1 = tosa.rescale %y, %m, %s13, %z, %z32 {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<4xi8>, tensor<1xi32>, tensor<1xi8>, tensor<1xi8>, tensor<1xi32>) -> tensor<4xi32>
  %2 = tosa.add %0, %1 : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %3 = tosa.rescale %2, %m, %s49, %z32, %z {input_unsigned = false, output_unsigned = false, per_channel = false, rounding_mode = SINGLE_ROUND, scale32 = true} : (tensor<4xi32>, tensor<1xi32>, tensor<1xi8>, tensor<1xi32>, tensor<1xi8>) -> tensor<4xi8>
  return %3 : tensor<4xi8>
}

