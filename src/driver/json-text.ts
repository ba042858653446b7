// JSON as the blob workflow prints it (golden.json, `--json` reports):
// indented by two spaces, with arrays of numbers (shapes, strides, scales)
// kept on one line.

// An indented array of numbers: JSON.stringify puts a line break after its
// '[', which no string value can contain, so strings are never touched.
const NUMBER_ARRAY = /\[\n\s*(-?[\d.eE+-]+(?:,\n\s*-?[\d.eE+-]+)*)\n\s*\]/g;

/** `value` as indented JSON with number arrays on one line, and a final newline. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(NUMBER_ARRAY, (_, body: string) => `[${body.split(/,\n\s*/).join(', ')}]`) + '\n';
}
