// `npuc targets`: the description of every target (src/targets/describe.ts)
// plus whether it has a blob backend, i.e. whether `compile -o model.npub`,
// `run`, `inspect` and `golden` work for it.

import { backendNames } from '../targets/backends.js';
import { describeTargets, describeTargetsJson } from '../targets/describe.js';

const BACKEND_LINE = (has: boolean): string =>
  `  blob backend:    ${has ? 'yes (compile -o model.npub, run, inspect, golden, check)' : 'no (compiles to nir only)'}`;

/** The target list as text (one block per target, the backend line last) or JSON (`blobBackend` per target). */
export function describeTargetsWithBackends(json: boolean): string {
  const backends = new Set(backendNames());
  if (json) {
    const data = JSON.parse(describeTargetsJson()) as { targets: { name: string }[] };
    const targets = data.targets.map((t) => ({ ...t, blobBackend: backends.has(t.name) }));
    return JSON.stringify({ ...data, targets }, null, 2) + '\n';
  }
  // Each block starts with `name: ...` and ends with a blank line (or the end).
  return describeTargets()
    .split('\n\n')
    .map((block) => {
      const name = /^(\S+):/.exec(block)?.[1];
      if (name === undefined) return block;
      const body = block.endsWith('\n') ? block.slice(0, -1) : block;
      return `${body}\n${BACKEND_LINE(backends.has(name))}${block.endsWith('\n') ? '\n' : ''}`;
    })
    .join('\n\n');
}
