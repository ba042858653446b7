// Debug locations in a backend's disassembly: each operation of an NPU
// segment records the nir op (and so the model node) it came from. A
// backend's listing marks where operation N starts with a line `; op N: ...`
// (src/codegen/backend.ts); the location goes at the end of that line. A
// listing without such lines gets the locations as a list after it.

const OP_LINE = /^(\s*;\s*op (\d+):.*?)\s*$/;

/** `text` with `locations[i]` appended to the line of operation i (`; op i: ... at loc("conv1")`). */
export function annotateDisassembly(text: string, locations: readonly string[]): string {
  let marked = 0;
  const lines = text.split('\n').map((line) => {
    const m = OP_LINE.exec(line);
    if (!m) return line;
    marked++;
    const loc = locations[Number(m[2])];
    return loc ? `${m[1]}  at ${loc}` : m[1]!;
  });
  let out = lines.join('\n');
  if (!out.endsWith('\n')) out += '\n';
  if (marked === 0 && locations.some((l) => l !== '')) {
    out += locations.map((l, i) => `; op ${i}: ${l || 'unknown location'}\n`).join('');
  }
  return out;
}
