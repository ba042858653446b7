// Blobs must not depend on where their input was read from: a model compiled
// as `models/a.mlir` or as `/tmp/x/a.mlir` gives the same bytes. Locations
// therefore name files by their base name once a module is packed (the
// debug locations of NPU operations and the CPU segments' text both print
// them).

import { CallSiteLoc, FileLineColLoc, FusedLoc, NameLoc, type Location } from '../ir/attributes.js';
import type { Operation } from '../ir/operation.js';

const baseName = (file: string): string => file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);

/** `loc` with every file name reduced to its base name (the same object when nothing changes). */
export function portableLocation(loc: Location): Location {
  if (loc instanceof FileLineColLoc) {
    const file = baseName(loc.file);
    return file === loc.file ? loc : new FileLineColLoc(file, loc.line, loc.col, loc.endLine, loc.endCol);
  }
  if (loc instanceof NameLoc) {
    const child = loc.child && portableLocation(loc.child);
    return child === loc.child ? loc : new NameLoc(loc.name, child);
  }
  if (loc instanceof FusedLoc) {
    const locations = loc.locations.map(portableLocation);
    return locations.every((l, i) => l === loc.locations[i]) ? loc : new FusedLoc(locations, loc.metadata);
  }
  if (loc instanceof CallSiteLoc) {
    const callee = portableLocation(loc.callee);
    const caller = portableLocation(loc.caller);
    return callee === loc.callee && caller === loc.caller ? loc : new CallSiteLoc(callee, caller);
  }
  return loc;
}

/** Rewrites the locations of every op and block argument in `module` in place. */
export function makeLocationsPortable(module: Operation): void {
  module.walk((op) => {
    op.loc = portableLocation(op.loc);
    for (const region of op.regions) for (const block of region.blocks) for (const arg of block.args) arg.loc = portableLocation(arg.loc);
  });
}
