import { describe, expect, it } from 'vitest';
import { Tensor } from '../../src/ir/tensor.js';
import { IntegerType, FloatType } from '../../src/ir/types.js';
import { NpyError, readNpy, writeNpy } from '../../src/runtime/npy.js';

/** Builds a .npy file byte by byte, following the NPY format specification. */
function npyBytes(header: string, data: number[], version = 1): Uint8Array {
  const pre = version === 1 ? 10 : 12;
  let h = header;
  h += ' '.repeat((64 - ((pre + h.length + 1) % 64)) % 64) + '\n';
  const out = [0x93, ...Buffer.from('NUMPY'), version, 0];
  if (version === 1) out.push(h.length & 0xff, h.length >> 8);
  else out.push(h.length & 0xff, (h.length >> 8) & 0xff, 0, 0);
  return Uint8Array.from([...out, ...Buffer.from(h, 'latin1'), ...data]);
}

describe('.npy reader', () => {
  it('reads int8 and int32 arrays as NumPy writes them', () => {
    const t = readNpy(npyBytes("{'descr': '|i1', 'fortran_order': False, 'shape': (2, 3), }", [1, 2, 3, 0xff, 0x80, 0x7f]));
    expect(t.shape).toEqual([2, 3]);
    expect(t.elementType).toBe(IntegerType.get(8));
    expect(Array.from(t.data)).toEqual([1, 2, 3, -1, -128, 127]);
    const u = readNpy(npyBytes("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", [1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff], 2));
    expect(Array.from(u.data)).toEqual([1, -2]);
    const s = readNpy(npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", [0, 0, 0xc0, 0x3f]));
    expect(s.shape).toEqual([]);
    expect(s.elementType).toBe(FloatType.get('f32'));
    expect(Array.from(s.data)).toEqual([1.5]);
  });

  it('round-trips through the writer with a 64-byte aligned header', () => {
    const t = new Tensor([1, 4], IntegerType.get(8, 'unsigned'), Uint8Array.from([0, 1, 128, 255]));
    const bytes = writeNpy(t);
    const headerLen = bytes[8]! | (bytes[9]! << 8);
    expect((10 + headerLen) % 64).toBe(0);
    expect(Buffer.from(bytes.subarray(10, 10 + headerLen)).toString('latin1')).toMatch(
      /^\{'descr': '\|u1', 'fortran_order': False, 'shape': \(1, 4\), \} *\n$/,
    );
    const back = readNpy(bytes);
    expect(back.shape).toEqual([1, 4]);
    expect(Array.from(back.data)).toEqual([0, 1, 128, 255]);
  });

  it('reads and writes float16 as IEEE binary16 bit patterns', () => {
    // 0x3C00 = 1.0, 0xC000 = -2.0, 0x3555 = 0.333251953125, 0x7C00 = +inf (IEEE 754 binary16)
    const t = readNpy(npyBytes("{'descr': '<f2', 'fortran_order': False, 'shape': (4,), }", [0x00, 0x3c, 0x00, 0xc0, 0x55, 0x35, 0x00, 0x7c]));
    expect(t.elementType).toBe(FloatType.get('f16'));
    expect(Array.from(t.data)).toEqual([1, -2, 0.333251953125, Infinity]);
    const bytes = writeNpy(t);
    expect(Array.from(bytes.subarray(bytes.length - 8))).toEqual([0x00, 0x3c, 0x00, 0xc0, 0x55, 0x35, 0x00, 0x7c]);
    expect(Buffer.from(bytes).toString('latin1')).toContain("'descr': '<f2'");
  });

  it('copies data out of pooled Node buffers', () => {
    const file = npyBytes("{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }", [1, 0, 0xff, 0x7f]);
    const t = readNpy(Buffer.from(file)); // small Buffers share one pooled ArrayBuffer
    expect(Array.from(t.data)).toEqual([1, 32767]);
  });

  const bad: [string, Uint8Array, RegExp][] = [
    ['empty file', new Uint8Array(0), /bad magic/],
    ['wrong magic', Uint8Array.from(Buffer.from('PK\x03\x04 not numpy')), /bad magic/],
    ['unknown version', Uint8Array.from([0x93, ...Buffer.from('NUMPY'), 9, 0, 0, 0]), /version 9/],
    ['header past the end', Uint8Array.from([0x93, ...Buffer.from('NUMPY'), 1, 0, 0xff, 0xff]), /past the end/],
    ['not a dictionary', npyBytes('[1, 2]', []), /not a dictionary/],
    ['missing shape', npyBytes("{'descr': '|i1', 'fortran_order': False, }", []), /exactly/],
    ['fortran order', npyBytes("{'descr': '|i1', 'fortran_order': True, 'shape': (1,), }", [1]), /Fortran/],
    ['unknown dtype', npyBytes("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", [0, 0, 0, 0, 0, 0, 0, 0]), /dtype/],
    ['big-endian dtype', npyBytes("{'descr': '>i4', 'fortran_order': False, 'shape': (1,), }", [0, 0, 0, 1]), /dtype/],
    ['truncated data', npyBytes("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", [1, 0, 0, 0]), /needs 8/],
    ['huge declared shape', npyBytes("{'descr': '|i1', 'fortran_order': False, 'shape': (100000, 100000, 100000), }", [1]), /needs/],
    ['negative dimension', npyBytes("{'descr': '|i1', 'fortran_order': False, 'shape': (-1,), }", [1]), /invalid dimension/],
  ];
  for (const [what, bytes, message] of bad) {
    it(`rejects ${what}`, () => {
      expect(() => readNpy(bytes)).toThrow(NpyError);
      expect(() => readNpy(bytes)).toThrow(message);
    });
  }
});
