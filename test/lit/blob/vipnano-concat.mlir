// vipnano: a concatenation along channels costs nothing. Its inputs are
// planar images, so the two convolutions write straight into channel slices
// of one planar buffer and the third reads it whole: one NPU segment, three
// NN jobs, no copy. Running the blob gives exactly what the vipnano-legal
// tosa computes.
// RUN: rm -rf %t && mkdir -p %t
// RUN: npuc compile %S/Inputs/concat.mlir --target vipnano --emit nir | FileCheck %s --check-prefix=NIR
// NIR-COUNT-1: npuc.segment = "npu"
// NIR-NOT:     npuc.segment
// NIR-COUNT-3: "nir.conv2d"
// NIR-NOT:     "nir.eltwise"
// NIR-NOT:     "nir.dma"
// RUN: npuc compile %S/Inputs/concat.mlir --target vipnano -o %t/m.npub
// RUN: npuc inspect %t/m.npub | FileCheck %s --check-prefix=JOBS
// JOBS-COUNT-3: kick NN descriptor
// RUN: npuc run %t/m.npub -i arg0=%S/Inputs/concat-x.npy -d %t/blob
// RUN: npuc compile %S/Inputs/concat.mlir --target vipnano -o %t/legal.mlir
// RUN: npuc run %t/legal.mlir -i 0=%S/Inputs/concat-x.npy -d %t/tosa
// RUN: diff %t/blob/result0.npy %t/tosa/result0.npy
