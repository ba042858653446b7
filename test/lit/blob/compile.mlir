// `npuc compile -o model.npub`: the target pipeline, partition, lower-to-nir
// and the backend's encoding, packed into a blob. Inputs/conv-relu.mlir is a
// QDQ Conv -> Relu -> QuantizeLinear group at the onnx level.

// RUN: rm -rf %t && mkdir %t
// RUN: npuc compile %S/Inputs/conv-relu.mlir --target ethos-u55 -o %t/a.npub
// RUN: npuc inspect %t/a.npub | FileCheck %s --check-prefix=HEAD
// HEAD:      a.npub: npuc blob, format version 1, {{[0-9]+}} bytes
// HEAD-NEXT:   compiler:  npuc {{[0-9]+\.[0-9]+\.[0-9]+}}
// HEAD-NEXT:   target:    ethos-u55
// HEAD-NEXT:   options:   cpu-fallback=true target=ethos-u55
// HEAD:      segments (3, in execution order):
// HEAD-NEXT:   #0 main_cpu0 (cpu)
// HEAD:        #1 main_npu1 (npu)
// HEAD:        #2 main_cpu2 (cpu)

// The same blob, byte for byte, with --emit blob, and from a run that
// records the same options.
// RUN: npuc compile %S/Inputs/conv-relu.mlir --target ethos-u55 --emit blob -o %t/b.npub
// RUN: cmp %t/a.npub %t/b.npub

// A partitioned input (--emit nir) skips partitioning and lowering: same blob.
// RUN: npuc compile %S/Inputs/conv-relu.mlir --target ethos-u55 --emit nir --print-debuginfo -o %t/a.nir.mlir
// RUN: npuc compile %t/a.nir.mlir --target ethos-u55 -o %t/c.npub
// RUN: cmp %t/a.npub %t/c.npub
// RUN: not npuc compile %t/a.nir.mlir --target rknpu --emit nir 2>&1 | FileCheck %s --check-prefix=OTHER
// OTHER: a.nir.mlir: error: the input was partitioned for target 'ethos-u55', not 'rknpu'

// A blob is binary: stdout only with an explicit -o -.
// RUN: not npuc compile %S/Inputs/conv-relu.mlir --target ethos-u55 --emit blob 2>&1 | FileCheck %s --check-prefix=STDOUT
// STDOUT: npuc: error: a blob is binary: give -o FILE.npub (or -o - to write it to stdout)
// RUN: npuc compile %S/Inputs/conv-relu.mlir --target ethos-u55 --emit blob -o - > %t/d.npub
// RUN: cmp %t/a.npub %t/d.npub

// A target without a backend: a clear error and no file.
// RUN: not npuc compile %S/Inputs/conv-relu.mlir --target rknpu -o %t/v.npub 2>&1 | FileCheck %s --check-prefix=NOBACKEND
// NOBACKEND: conv-relu.mlir: error: target 'rknpu' has no blob backend yet: it compiles to nir only (--emit nir); targets with a backend: ethos-u55, vipnano
// RUN: not ls %t/v.npub

// `npuc targets` says which targets have one.
// RUN: npuc targets | FileCheck %s --check-prefix=TARGETS
// TARGETS:      ethos-u55: Arm Ethos-U55
// TARGETS:        blob backend:    yes (compile -o model.npub, run, inspect, golden, check)
// TARGETS:      rknpu: Rockchip RK3588 NPU
// TARGETS:        blob backend:    no (compiles to nir only)
// TARGETS:      vipnano: VeriSilicon VIPNano-QI
// TARGETS:        blob backend:    yes (compile -o model.npub, run, inspect, golden, check)
