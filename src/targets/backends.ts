// The targets that can emit and run blobs, by `--target` name: each entry is
// the target folder's backend (src/codegen/backend.ts). A target listed in
// registry.ts but not here compiles down to nir only.

import type { TargetBackend } from '../codegen/backend.js';
import { ethosU55Backend } from './ethos-u55/backend.js';
import { vipnanoBackend } from './vipnano/backend.js';

const BACKENDS: readonly TargetBackend[] = [ethosU55Backend, vipnanoBackend];

export function lookupBackend(name: string): TargetBackend | undefined {
  return BACKENDS.find((b) => b.name === name);
}

/** Names of the targets with a backend, sorted. */
export function backendNames(): string[] {
  return BACKENDS.map((b) => b.name).sort();
}
