import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { OnnxTensorError, decodeTensorProto, readTensorProtoFile } from '../../src/frontends/onnx/tensor-proto.js';

const { onnx } = onnxProto;
const testdata = '/usr/share/libonnx-testdata/data/node';
const encode = (fields: Record<string, unknown>): Uint8Array => onnx.TensorProto.encode(onnx.TensorProto.create(fields)).finish();

describe('ONNX TensorProto', () => {
  it.runIf(existsSync(testdata))("reads ONNX's own test data for test_qlinearconv", () => {
    const dir = join(testdata, 'test_qlinearconv/test_data_set_0');
    const x = readTensorProtoFile(readFileSync(join(dir, 'input_0.pb')));
    expect(x.name).toBe('x');
    expect(x.tensor.shape).toEqual([1, 1, 7, 7]);
    expect(String(x.tensor.elementType)).toBe('ui8');
    const scale = readTensorProtoFile(readFileSync(join(dir, 'input_1.pb')));
    expect(scale.tensor.shape).toEqual([]);
    // The ONNX operator docs list x_scale = 0.00369204697 for this test.
    expect(scale.tensor.at(0)).toBeCloseTo(0.00369204697, 10);
  });

  it('reads raw_data and the typed fields', () => {
    const raw = decodeTensorProto(onnx.TensorProto.decode(encode({ name: 'r', dataType: 3, dims: [2, 2], rawData: Uint8Array.from([1, 0xff, 0x80, 7]) })));
    expect(Array.from(raw.data)).toEqual([1, -1, -128, 7]);
    const i32 = decodeTensorProto(onnx.TensorProto.decode(encode({ dataType: 6, dims: [3], int32Data: [-5, 0, 2147483647] })));
    expect(Array.from(i32.data)).toEqual([-5, 0, 2147483647]);
    const i64 = decodeTensorProto(onnx.TensorProto.decode(encode({ dataType: 7, dims: [2], int64Data: [-(2 ** 40), 3] })));
    expect(Array.from(i64.data)).toEqual([-(2n ** 40n), 3n]);
    const f = decodeTensorProto(onnx.TensorProto.decode(encode({ dataType: 1, dims: [2], floatData: [0.5, -2] })));
    expect(Array.from(f.data)).toEqual([0.5, -2]);
    // float16 raw bits 0x3C00 = 1.0, 0xC000 = -2.0 (IEEE binary16)
    const h = decodeTensorProto(onnx.TensorProto.decode(encode({ dataType: 10, dims: [2], rawData: Uint8Array.from([0x00, 0x3c, 0x00, 0xc0]) })));
    expect(Array.from(h.data)).toEqual([1, -2]);
  });

  it('reads external data relative to the model directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'npuc-ext-'));
    writeFileSync(join(dir, 'w.bin'), Uint8Array.from([9, 9, 1, 2, 3, 4]));
    const tp = onnx.TensorProto.decode(
      encode({ name: 'w', dataType: 2, dims: [4], dataLocation: 1, externalData: [{ key: 'location', value: 'w.bin' }, { key: 'offset', value: '2' }, { key: 'length', value: '4' }] }),
    );
    expect(Array.from(decodeTensorProto(tp, { baseDir: dir }).data)).toEqual([1, 2, 3, 4]);
    const escape = onnx.TensorProto.decode(encode({ name: 'e', dataType: 2, dims: [1], dataLocation: 1, externalData: [{ key: 'location', value: '../etc/passwd' }] }));
    expect(() => decodeTensorProto(escape, { baseDir: dir })).toThrow(/outside the model directory/);
    const past = onnx.TensorProto.decode(encode({ name: 'p', dataType: 2, dims: [4], dataLocation: 1, externalData: [{ key: 'location', value: 'w.bin' }, { key: 'offset', value: '4' }, { key: 'length', value: '4' }] }));
    expect(() => decodeTensorProto(past, { baseDir: dir })).toThrow(/do not fit/);
  });

  const bad: [string, Uint8Array, RegExp][] = [
    ['truncated protobuf', encode({ name: 'x', dataType: 3, dims: [4], rawData: Uint8Array.from([1, 2, 3, 4]) }).subarray(0, 9), /not a TensorProto/],
    ['raw_data shorter than the shape', encode({ name: 'x', dataType: 6, dims: [4], rawData: Uint8Array.from([1, 2, 3, 4]) }), /needs 16/],
    // 2^31 declared elements backed by 4 bytes: rejected before any allocation.
    ['2 GB declared in a tiny file', encode({ name: 'x', dataType: 3, dims: [2 ** 31], rawData: Uint8Array.from([1, 2, 3, 4]) }), /needs 2147483648/],
    ['typed field count mismatch', encode({ name: 'x', dataType: 6, dims: [3], int32Data: [1] }), /needs 3/],
    ['string tensors', encode({ name: 'x', dataType: 8, dims: [1] }), /unsupported tensor element type STRING/],
    ['negative dimension', encode({ name: 'x', dataType: 3, dims: [-1] }), /invalid dimension/],
  ];
  for (const [what, bytes, message] of bad) {
    it(`rejects ${what}`, () => {
      expect(() => readTensorProtoFile(bytes)).toThrow(OnnxTensorError);
      expect(() => readTensorProtoFile(bytes)).toThrow(message);
    });
  }
});
