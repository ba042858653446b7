// Diagnostics: located errors, warnings, notes and remarks, rendered the way
// MLIR's source manager handler renders them:
//
//   file.mlir:3:8: error: message
//     %0 = "foo.bar"() : () -> ()
//          ^
//   file.mlir:1:1: note: see ...

import { fileLocationOf, type Location } from './attributes.js';

export type Severity = 'error' | 'warning' | 'note' | 'remark';

export class Diagnostic {
  readonly notes: Diagnostic[] = [];
  constructor(
    readonly severity: Severity,
    readonly message: string,
    readonly loc: Location,
    /**
     * Where the problem is when that is not a position in a text file, e.g.
     * `model.onnx: node 'conv1' (Conv)` for a binary model; rendered in place
     * of the location: `model.onnx: node 'conv1' (Conv): error: message`.
     */
    readonly origin: string | null = null,
  ) {}
  attachNote(message: string, loc: Location = this.loc): Diagnostic {
    const note = new Diagnostic('note', message, loc);
    this.notes.push(note);
    return note;
  }
}

/** Thrown for the first unrecoverable problem (parse errors, bad files). */
export class DiagnosticError extends Error {
  /** `cause`: the underlying error, when this one locates it (e.g. an op's evaluation failure). */
  constructor(
    readonly diagnostic: Diagnostic,
    cause?: unknown,
  ) {
    super(diagnostic.message, cause === undefined ? undefined : { cause });
  }
}

/** Source texts by file name, so diagnostics can quote the offending line. */
export class SourceManager {
  private readonly files = new Map<string, { text: string; lineStarts: number[] | null; lineOffset: number }>();

  /** `load` supplies the text of a file not registered with `add` (null if unavailable). */
  constructor(private readonly load: ((name: string) => string | null) | null = null) {}

  /** Registers a buffer; `lineOffset` is added to its line numbers (split input chunks). */
  add(name: string, text: string, lineOffset = 0): void {
    this.files.set(name, { text, lineStarts: null, lineOffset });
  }

  lineText(name: string, line: number): string | null {
    let f = this.files.get(name);
    if (!f && this.load) {
      const text = this.load(name);
      if (text !== null) this.add(name, text);
      f = this.files.get(name);
    }
    if (!f) return null;
    f.lineStarts ??= computeLineStarts(f.text);
    const idx = line - 1 - f.lineOffset;
    if (idx < 0 || idx >= f.lineStarts.length) return null;
    const start = f.lineStarts[idx]!;
    const end = f.text.indexOf('\n', start);
    return f.text.slice(start, end < 0 ? f.text.length : end).replace(/\r$/, '');
  }

  render(d: Diagnostic): string {
    const out: string[] = [];
    this.renderOne(d, out);
    for (const n of d.notes) this.renderOne(n, out);
    return out.join('\n');
  }

  private renderOne(d: Diagnostic, out: string[]): void {
    if (d.origin !== null) {
      out.push(`${d.origin}: ${d.severity}: ${d.message}`);
      return;
    }
    const file = fileLocationOf(d.loc);
    if (!file) {
      const prefix = d.loc.kind === 'loc_unknown' ? '' : `${d.loc}: `;
      out.push(`${prefix}${d.severity}: ${d.message}`);
      return;
    }
    out.push(`${file.file}:${file.line}:${file.col}: ${d.severity}: ${d.message}`);
    const line = this.lineText(file.file, file.line);
    if (line !== null && line.length < 500) {
      // Tabs are expanded to 8-column stops in both lines, as LLVM's SourceMgr
      // does, so the caret stays under the column it marks.
      out.push(expandTabs(line));
      out.push(' '.repeat(expandTabs(line.slice(0, Math.max(0, file.col - 1))).length) + '^');
    }
  }
}

function expandTabs(s: string): string {
  if (!s.includes('\t')) return s;
  let out = '';
  for (const ch of s) out += ch === '\t' ? ' '.repeat(8 - (out.length % 8)) : ch;
  return out;
}

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Collects diagnostics; a handler may print them as they arrive. */
export class DiagnosticEngine {
  readonly diagnostics: Diagnostic[] = [];
  constructor(private readonly handler: ((d: Diagnostic) => void) | null = null) {}
  emit(d: Diagnostic): Diagnostic {
    this.diagnostics.push(d);
    this.handler?.(d);
    return d;
  }
  error(message: string, loc: Location): Diagnostic {
    return this.emit(new Diagnostic('error', message, loc));
  }
  get errorCount(): number {
    return this.diagnostics.filter((d) => d.severity === 'error').length;
  }
}

/**
 * Finds the first byte that is not valid UTF-8, or -1. Used to report a
 * non-UTF-8 file with a position instead of decoding it to replacement chars.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let n = 0;
    let min = 0;
    if (b < 0x80) {
      i++;
      continue;
    } else if ((b & 0xe0) === 0xc0) {
      n = 1;
      min = 0x80;
    } else if ((b & 0xf0) === 0xe0) {
      n = 2;
      min = 0x800;
    } else if ((b & 0xf8) === 0xf0) {
      n = 3;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + n >= bytes.length) return i; // truncated sequence
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}
