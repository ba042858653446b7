// File input and output for the CLI: UTF-8 checked reads, atomic writes.

import { readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FileLineColLoc } from '../ir/attributes.js';
import { Diagnostic, DiagnosticError, computeLineStarts, firstInvalidUtf8 } from '../ir/diagnostics.js';

/** Reads a text input (`-` is stdin); a non-UTF-8 file is a located error. */
export function readTextInput(path: string): { text: string; name: string } {
  const name = path === '-' ? '<stdin>' : path;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path === '-' ? 0 : path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String((e as Error).message);
    throw new DiagnosticError(new Diagnostic('error', `cannot read '${name}': ${why}`, new FileLineColLoc(name, 0, 0)));
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    // Position the error at the offending byte: line from newlines before it.
    const before = bytes.subarray(0, bad).toString('latin1');
    const starts = computeLineStarts(before);
    const line = starts.length;
    const col = bad - starts[starts.length - 1]! + 1;
    throw new DiagnosticError(
      new Diagnostic('error', `file is not valid UTF-8 (byte 0x${bytes[bad]!.toString(16).padStart(2, '0')})`, new FileLineColLoc(name, line, col)),
    );
  }
  return { text: bytes.toString('utf8'), name };
}

/** Writes a file atomically (temp file + rename); `-` is stdout. */
export function writeOutput(path: string, data: string | Uint8Array): void {
  if (path === '-') {
    process.stdout.write(data);
    return;
  }
  // Devices and pipes (-o /dev/null) are written in place: renaming over them would replace them.
  const existing = statOrNull(path);
  if (existing && !existing.isFile()) {
    try {
      writeFileSync(path, data);
    } catch (e) {
      throw new DiagnosticError(
        new Diagnostic('error', `cannot write '${path}': ${(e as Error).message}`, new FileLineColLoc(path, 0, 0)),
      );
    }
    return;
  }
  // A symlink keeps pointing at the file it names: the new contents replace its target.
  const target = existing ? realpathSync(path) : path;
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temp file may not exist
    }
    throw new DiagnosticError(
      new Diagnostic('error', `cannot write '${path}': ${(e as Error).message}`, new FileLineColLoc(path, 0, 0)),
    );
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}
