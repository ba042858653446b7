// Registers every target-independent pass under its CLI name.

import { registerPass, lookupPass } from '../ir/pass.js';
import { canonicalizePass } from './canonicalize.js';
import { csePass } from './cse.js';
import { dcePass } from './dce.js';
import { symbolDcePass } from './symbol-dce.js';
import { cancelTransposesPass } from './cancel-transposes.js';
import { fuseRescalePass } from './fuse-rescale.js';
import { foldConstantsPass } from './fold-constants.js';
import { fuseActivationsPass } from './fuse-activations.js';
import { legalizeOnnxToTosaPass } from './onnx-to-tosa/legalize.js';
import { unstrideConvPass } from './unstride-conv.js';
import { depthwiseToConvPass } from './depthwise-to-conv.js';
import { signedToUnsignedPass, unsignedToSignedPass } from './signed-to-unsigned.js';
import { perChannelToPerTensorPass } from './per-channel-to-per-tensor.js';
import { legalizeRescalePass } from './legalize-rescale.js';
import { foldPadIntoConvPass } from './fold-pad-into-conv.js';

export function registerAllPasses(): void {
  for (const p of [canonicalizePass, csePass, dcePass, symbolDcePass, legalizeOnnxToTosaPass, cancelTransposesPass, fuseRescalePass, foldConstantsPass, fuseActivationsPass, unstrideConvPass, depthwiseToConvPass, signedToUnsignedPass, unsignedToSignedPass, perChannelToPerTensorPass, legalizeRescalePass, foldPadIntoConvPass]) {
    if (!lookupPass(p.name)) registerPass(p);
  }
}

registerAllPasses();

// The target-aware passes (check-target) register alongside.
import '../targets/passes.js';
