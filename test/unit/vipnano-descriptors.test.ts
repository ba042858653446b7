// The vipnano NN and TP descriptor tables (src/targets/vipnano/descriptors.ts):
// the tables against Mesa's bit-field structs (etna_nn_params in
// etnaviv_ml_nn.c, etna_tp_params in etnaviv_ml_tp.c), packing and unpacking,
// the split-field helpers, and the listing, mostly against values computed by
// hand from the structs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DATA_TYPE,
  NN_DESCRIPTOR_WORDS,
  NN_FIELDS,
  NN_SPLIT_FIELDS,
  TP_DESCRIPTOR_WORDS,
  TP_FIELDS,
  TP_SPLIT_FIELDS,
  descriptorField,
  formatDescriptor,
  joinSplitFields,
  packDescriptor,
  postMultiplier,
  postShift,
  splitFieldWidth,
  splitJoinedFields,
  unpackDescriptor,
  type DescriptorField,
} from '../../src/targets/vipnano/descriptors.js';

const TABLES = [
  { kind: 'NN' as const, fields: NN_FIELDS, words: NN_DESCRIPTOR_WORDS },
  { kind: 'TP' as const, fields: TP_FIELDS, words: TP_DESCRIPTOR_WORDS },
];

describe('field tables', () => {
  it('have the structs’ sizes', () => {
    // etna_nn_params: words 0-25 commented in the struct, then further1..8 (words 26-33).
    expect(NN_DESCRIPTOR_WORDS).toBe(34);
    // etna_tp_params: words 0-30.
    expect(TP_DESCRIPTOR_WORDS).toBe(31);
  });

  for (const { kind, fields, words } of TABLES) {
    it(`${kind}: names unique, fields in struct order, no overlaps, every word filled from bit 0 to 32`, () => {
      expect(new Set(fields.map((x) => x.name)).size).toBe(fields.length);
      const perWord = new Map<number, DescriptorField[]>();
      for (const x of fields) {
        expect(x.width).toBeGreaterThan(0);
        expect(x.bit + x.width).toBeLessThanOrEqual(32);
        expect(x.word).toBeGreaterThanOrEqual(0);
        expect(x.word).toBeLessThan(words);
        perWord.set(x.word, [...(perWord.get(x.word) ?? []), x]);
      }
      // Struct order: word indices never decrease along the table.
      for (let i = 1; i < fields.length; i++) expect(fields[i]!.word).toBeGreaterThanOrEqual(fields[i - 1]!.word);
      for (let w = 0; w < words; w++) {
        const inWord = perWord.get(w) ?? [];
        // C packs each field right above the previous one: contiguous, no gaps, no overlaps.
        let bit = 0;
        let used = 0;
        for (const x of inWord) {
          expect(x.bit, `${kind} ${x.name}`).toBe(bit);
          bit += x.width;
          const mask = x.width === 32 ? 0xffffffff : ((2 ** x.width - 1) * 2 ** x.bit) >>> 0;
          expect((used & mask) >>> 0, `${kind} ${x.name} overlaps`).toBe(0);
          used = (used | mask) >>> 0;
        }
        expect(bit, `${kind} word ${w}`).toBe(32);
        expect(used).toBe(0xffffffff);
      }
    });
  }

  it('place fields where the structs do (spot checks by hand)', () => {
    // [name, word, bit, width], counted from the structs.
    const nn: [string, number, number, number][] = [
      ['nn_layer_flush', 0, 31, 1],
      ['in_image_y_size', 1, 19, 13],
      ['post_multiplier', 2, 26, 1],
      ['post_shift', 2, 27, 5],
      ['out_image_tile_y_size', 4, 25, 7],
      ['kernel_address', 5, 0, 26],
      ['kernel_z_size2', 5, 26, 6],
      ['out_image_y_stride', 8, 16, 16],
      ['post_multiplier_1_to_6', 15, 22, 6],
      ['post_shift_bit_5_6', 15, 28, 2],
      ['post_multiplier_7_to_14', 17, 24, 8],
      ['per_channel_post_mul', 18, 26, 1],
      ['post_multiplier_15_to_22', 22, 18, 8],
      ['further8', 33, 0, 32],
    ];
    for (const [name, word, bit, width] of nn) expect(descriptorField('NN', name), name).toMatchObject({ word, bit, width });
    const tp: [string, number, number, number][] = [
      ['in_window_y_start', 4, 16, 16],
      ['alu_vert_proc_count', 6, 19, 6],
      ['alu_load_pwl_lut_global_mem', 6, 31, 1],
      ['in_image_data_type', 12, 18, 3],
      ['last', 12, 31, 1],
      ['alu_output_postshift', 24, 10, 5],
      ['alu_output_postshift_5_6', 24, 26, 2],
      ['in_zp', 29, 24, 8],
      ['alu_output_post_multiplier', 30, 8, 15],
    ];
    for (const [name, word, bit, width] of tp) expect(descriptorField('TP', name), name).toMatchObject({ word, bit, width });
    expect(descriptorField('TP', 'in_window_x_start').signed).toBe(true);
    expect(() => descriptorField('NN', 'no_such_field')).toThrow(/no_such_field/);
  });

  it('split fields have the widths and bit positions the hardware uses', () => {
    const width = (kind: 'NN' | 'TP', name: string): number =>
      splitFieldWidth(kind, [...NN_SPLIT_FIELDS, ...TP_SPLIT_FIELDS].find((s) => s.name === name)!);
    expect(width('NN', 'post_multiplier')).toBe(23);
    expect(width('NN', 'post_shift')).toBe(7);
    expect(width('NN', 'kernel_z_size')).toBe(20);
    expect(width('NN', 'in_image_x_offset')).toBe(4);
    expect(width('NN', 'in_image_y_offset')).toBe(4);
    expect(width('NN', 'kernel_data_type')).toBe(3);
    expect(width('TP', 'alu_output_postshift')).toBe(7);
  });
});

describe('pack / unpack', () => {
  for (const { kind, fields, words } of TABLES) {
    it(`${kind}: random field values round trip`, () => {
      const arbs: Record<string, fc.Arbitrary<number>> = {};
      for (const x of fields) {
        arbs[x.name] = x.signed
          ? fc.integer({ min: -(2 ** (x.width - 1)), max: 2 ** (x.width - 1) - 1 })
          : fc.integer({ min: 0, max: 2 ** x.width - 1 });
      }
      fc.assert(
        fc.property(fc.record(arbs), (values) => {
          const packed = packDescriptor(fields, values);
          expect(packed.length).toBe(words);
          expect(unpackDescriptor(fields, packed)).toEqual(values);
        }),
        { numRuns: 200 },
      );
    });

    it(`${kind}: random words round trip (the fields cover every bit)`, () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: words, maxLength: words }), (ws) => {
          const w = Uint32Array.from(ws);
          expect(packDescriptor(fields, unpackDescriptor(fields, w))).toEqual(w);
        }),
        { numRuns: 200 },
      );
    });
  }

  it('packs NN word 0 as computed by hand', () => {
    // layer_type=0 at bit 0, no_z_offset at 1, kernel_xy_size=3 at bits 2-5,
    // kernel_z_size=16 at bits 6-19, kernels_per_core=5 at bits 20-26,
    // pooling=0 at 27-28, pooling_xy_size=1 at 29, prelu at 30, nn_layer_flush=1 at 31:
    //   3 << 2 = 0x0000000c, 16 << 6 = 0x00000400, 5 << 20 = 0x00500000,
    //   1 << 29 = 0x20000000, 1 << 31 = 0x80000000
    //   sum = 0xa050040c
    const words = packDescriptor(NN_FIELDS, { layer_type: 0, kernel_xy_size: 3, kernel_z_size: 16, kernels_per_core: 5, pooling: 0, pooling_xy_size: 1, nn_layer_flush: 1 });
    expect(words[0]).toBe(0xa050040c);
    for (let w = 1; w < NN_DESCRIPTOR_WORDS; w++) expect(words[w]).toBe(0);
  });

  it('packs TP words as computed by hand, negative window starts included', () => {
    // word 4: in_window_x_start=-1 -> 0xffff at bits 0-15, in_window_y_start=-2 -> 0xfffe at bits 16-31.
    // word 12: out_image_global_mem=1 (bit 1), out_loop_1_reset=1 (bit 2), out_loop_3_reset=1 (bit 4), last=1 (bit 31)
    //   = 0x2 + 0x4 + 0x10 + 0x80000000 = 0x80000016.
    // word 29: in_image_border_const=0 | coef_zp=0 | in_zp=0x80 << 24 = 0x80000000.
    // word 30: out_zp=0x80 | alu_output_post_multiplier=0x7fff << 8 = 0x007fff80.
    const words = packDescriptor(TP_FIELDS, {
      in_window_x_start: -1,
      in_window_y_start: -2,
      out_image_global_mem: 1,
      out_loop_1_reset: 1,
      out_loop_3_reset: 1,
      last: 1,
      in_zp: 0x80,
      out_zp: 0x80,
      alu_output_post_multiplier: 0x7fff,
    });
    expect(words[4]).toBe(0xfffeffff);
    expect(words[12]).toBe(0x80000016);
    expect(words[29]).toBe(0x80000000);
    expect(words[30]).toBe(0x007fff80);
    const back = unpackDescriptor(TP_FIELDS, words);
    expect(back['in_window_x_start']).toBe(-1);
    expect(back['in_window_y_start']).toBe(-2);
    // Unsigned fields are never sign-extended, 32-bit ones included.
    expect(unpackDescriptor(TP_FIELDS, packDescriptor(TP_FIELDS, { in_image_slice: 0xffffffff }))['in_image_slice']).toBe(0xffffffff);
  });

  it('rejects values that do not fit, naming the field', () => {
    expect(() => packDescriptor(NN_FIELDS, { kernel_xy_size: 16 })).toThrow(/kernel_xy_size/);
    expect(() => packDescriptor(NN_FIELDS, { kernel_xy_size: 15 })).not.toThrow();
    expect(() => packDescriptor(NN_FIELDS, { out_zero_point: -1 })).toThrow(/out_zero_point/);
    expect(() => packDescriptor(NN_FIELDS, { relu: 0.5 })).toThrow(/relu/);
    expect(() => packDescriptor(NN_FIELDS, { post_multiplier: 2 })).toThrow(/post_multiplier/);
    expect(() => packDescriptor(NN_FIELDS, { in_image_address: 2 ** 32 })).toThrow(/in_image_address/);
    expect(() => packDescriptor(NN_FIELDS, { in_image_address: 2 ** 32 - 1 })).not.toThrow();
    expect(() => packDescriptor(TP_FIELDS, { in_window_x_start: -32769 })).toThrow(/in_window_x_start/);
    expect(() => packDescriptor(TP_FIELDS, { in_window_x_start: 32768 })).toThrow(/in_window_x_start/);
    expect(() => packDescriptor(TP_FIELDS, { in_window_x_start: -32768 })).not.toThrow();
    expect(() => packDescriptor(NN_FIELDS, { kernel_size: 3 })).toThrow(/kernel_size/);
    expect(() => unpackDescriptor(NN_FIELDS, new Uint32Array(33))).toThrow(/33 words/);
  });
});

describe('split fields', () => {
  it('splits and joins values that use every part', () => {
    // post_multiplier 0x5a5a5b = 0b101_1010_0101_1010_0101_1011:
    //   bit 0 = 1, bits 1-6 = 0b101101 = 45, bits 7-14 = 0b10110100 = 180, bits 15-22 = 0b10110100 = 180.
    // post_shift 0x45 = 0b100_0101: bits 0-4 = 5, bits 5-6 = 2.
    // kernel_z_size 0x12345: bits 0-13 = 0x2345, bits 14-19 = 4.
    // in_image_x_offset -1 = 0b1111: bits 0-2 = 7, bit 3 = 1; in_image_y_offset -2 = 0b1110: 6, 1.
    // kernel_data_type 6 = 0b110: bits 0-1 = 2, bit 2 = 1.
    const logical = {
      post_multiplier: 0x5a5a5b,
      post_shift: 0x45,
      kernel_z_size: 0x12345,
      in_image_x_offset: -1,
      in_image_y_offset: -2,
      kernel_data_type: 6,
      in_image_data_type: DATA_TYPE.UINT8,
      relu: 1,
    };
    const raw = splitJoinedFields(logical);
    expect(raw).toEqual({
      post_multiplier: 1,
      post_multiplier_1_to_6: 45,
      post_multiplier_7_to_14: 180,
      post_multiplier_15_to_22: 180,
      post_shift: 5,
      post_shift_bit_5_6: 2,
      kernel_z_size: 0x2345,
      kernel_z_size2: 4,
      in_image_x_offset: 7,
      in_image_x_offset_bit_3: 1,
      in_image_y_offset: 6,
      in_image_y_offset_bit_3: 1,
      kernel_data_type: 2,
      kernel_data_type_bit_2: 1,
      in_image_data_type: 2,
      in_image_data_type_bit_2: 0,
      relu: 1,
    });
    expect(joinSplitFields(raw)).toEqual(logical);
    expect(postMultiplier(raw)).toBe(0x5a5a5b);
    expect(postShift(raw)).toBe(0x45);

    // The words, by hand:
    //   word 2:  x_offset 7 | y_offset 6 << 3 = 0x37; relu 1 << 24 = 0x01000000;
    //            post_multiplier 1 << 26 = 0x04000000; post_shift 5 << 27 = 0x28000000  -> 0x2d000037
    //   word 4:  x_offset_bit_3 1 << 16 | y_offset_bit_3 1 << 17                        -> 0x00030000
    //   word 5:  kernel_z_size2 4 << 26                                                 -> 0x10000000
    //   word 0:  kernel_z_size 0x2345 << 6                                              -> 0x0008d140
    //   word 15: kernel_data_type_bit_2 1 << 19 = 0x00080000; post_multiplier_1_to_6 45 << 22 = 0x0b400000;
    //            post_shift_bit_5_6 2 << 28 = 0x20000000                                 -> 0x2b480000
    //   word 17: post_multiplier_7_to_14 180 << 24                                      -> 0xb4000000
    //   word 22: post_multiplier_15_to_22 180 << 18                                     -> 0x02d00000
    const words = packDescriptor(NN_FIELDS, raw);
    expect(words[0]).toBe(0x0008d140);
    expect(words[1]).toBe(2 | (2 << 2));
    expect(words[2]).toBe(0x2d000037);
    expect(words[4]).toBe(0x00030000);
    expect(words[5]).toBe(0x10000000);
    expect(words[15]).toBe(0x2b480000);
    expect(words[17]).toBe(0xb4000000);
    expect(words[22]).toBe(0x02d00000);
    expect(joinSplitFields(unpackDescriptor(NN_FIELDS, words))).toMatchObject(logical);
  });

  it('splits 0x5a5a (the v7 form: bits 15-22 zero)', () => {
    // 0x5a5a = 0b101_1010_0101_1010: bit 0 = 0, bits 1-6 = 45, bits 7-14 = 180, bits 15-22 = 0.
    expect(splitJoinedFields({ post_multiplier: 0x5a5a })).toEqual({
      post_multiplier: 0,
      post_multiplier_1_to_6: 45,
      post_multiplier_7_to_14: 180,
      post_multiplier_15_to_22: 0,
    });
  });

  it('joins missing parts as 0 and leaves absent split fields absent', () => {
    expect(joinSplitFields({ post_shift_bit_5_6: 1, relu: 1 })).toEqual({ post_shift: 32, relu: 1 });
    expect(joinSplitFields({})).toEqual({});
    expect(splitJoinedFields({ alu_output_postshift: 100 }, 'TP')).toEqual({ alu_output_postshift: 4, alu_output_postshift_5_6: 3 });
    expect(joinSplitFields({ alu_output_postshift: 4, alu_output_postshift_5_6: 3 }, 'TP')).toEqual({ alu_output_postshift: 100 });
  });

  it('rejects logical values that do not fit, and ambiguous input', () => {
    expect(() => splitJoinedFields({ post_multiplier: 2 ** 23 })).toThrow(/post_multiplier/);
    expect(() => splitJoinedFields({ post_multiplier: 2 ** 23 - 1 })).not.toThrow();
    expect(() => splitJoinedFields({ post_shift: 128 })).toThrow(/post_shift/);
    expect(() => splitJoinedFields({ kernel_z_size: 2 ** 20 })).toThrow(/kernel_z_size/);
    expect(() => splitJoinedFields({ in_image_x_offset: 8 })).toThrow(/in_image_x_offset/);
    expect(() => splitJoinedFields({ in_image_x_offset: -9 })).toThrow(/in_image_x_offset/);
    expect(splitJoinedFields({ in_image_x_offset: -8 })).toEqual({ in_image_x_offset: 0, in_image_x_offset_bit_3: 1 });
    expect(() => splitJoinedFields({ kernel_data_type: 8 })).toThrow(/kernel_data_type/);
    expect(() => splitJoinedFields({ post_shift: 1, post_shift_bit_5_6: 1 })).toThrow(/post_shift_bit_5_6/);
    expect(() => joinSplitFields({ post_multiplier_1_to_6: 64 })).toThrow(/post_multiplier_1_to_6/);
  });
});

describe('formatDescriptor', () => {
  it('lists an NN descriptor word by word', () => {
    const words = packDescriptor(
      NN_FIELDS,
      splitJoinedFields({
        layer_type: 0,
        kernel_xy_size: 3,
        kernel_z_size: 16,
        kernels_per_core: 5,
        pooling: 0,
        pooling_xy_size: 1,
        nn_layer_flush: 1,
        kernel_data_type: DATA_TYPE.UINT8,
        in_image_data_type: DATA_TYPE.UINT8,
        out_image_data_type: DATA_TYPE.UINT8,
        in_image_x_size: 16,
        in_image_y_size: 8,
        in_image_x_offset: -1,
        in_image_y_offset: -1,
        relu: 1,
        post_multiplier: 23131,
        post_shift: 69,
        out_image_x_size: 16,
        out_image_y_size: 8,
        out_image_z_size: 32,
        rounding_mode: 1,
        out_image_tile_x_size: 16,
        out_image_tile_y_size: 8,
        kernel_address: 0x1000 >> 6,
        in_image_address: 0x2000,
        out_image_address: 0x3000,
        image_caching_mode: 0,
        kernel_caching_mode: 1,
        kernel_y_size: 3,
        out_image_y_stride: 8,
        kernel_cache_start_address: 0x800,
        kernel_cache_end_address: 0xa00,
        image_cache_end_address: 0x800,
        in_image_border_const: 128,
        in_image_x_stride: 16,
        in_image_y_stride: 8,
        out_image_x_stride: 16,
        out_image_circular_buf_end_addr_plus_1: 0xffffffff >>> 6,
        in_image_circular_buf_end_addr_plus_1: 0xffffffff >>> 6,
        coef_zero_point: 120,
        out_zero_point: 5,
        further3: 0x3ffffff,
        further4: 0x7f800000,
        further5: 0xff800000,
      }),
    );
    // Word values by hand:
    //   0: see 'packs NN word 0 as computed by hand'                                    0xa050040c
    //   1: 2 | 2 << 2 | 2 << 4 = 0x2a; 16 << 6 = 0x400; 8 << 19 = 0x400000              0x0040042a
    //   2: 7 | 7 << 3 = 0x3f; relu 1 << 24; post_multiplier bit 0 (1) << 26; post_shift 5 << 27  0x2d00003f
    //   3: 16 << 6 = 0x400; 8 << 19 = 0x400000                                          0x00400400
    //   4: 32; 1 << 14 = 0x4000; bit 16; bit 17; 16 << 18 = 0x400000; 8 << 25 = 0x10000000  0x10434020
    //   8: kernel_caching_mode 1 << 2 = 4; 3 << 12 = 0x3000; 8 << 16 = 0x80000         0x00083004
    //  15: 128 << 2 = 0x200; 45 << 22 = 0x0b400000; 2 << 28 = 0x20000000               0x2b400200
    //  16: 16 | 8 << 16                                                                 0x00080010
    //  17: 16 | 180 << 24                                                               0xb4000010
    //  22: 120 = 0x78 | 5 << 8 = 0x500                                                  0x00000578
    // post_multiplier 23131 = 1 | 45 << 1 | 180 << 7 (1 + 90 + 23040); post_shift 69 = 5 | 2 << 5.
    const expected = [
      'NN descriptor, 34 words',
      ' 0: 0xa050040c layer_type=CONV(0) no_z_offset=0 kernel_xy_size=3 kernel_z_size=16 kernels_per_core=5 pooling=NON(0) pooling_xy_size=1 prelu=0 nn_layer_flush=1',
      ' 1: 0x0040042a kernel_data_type=2 in_image_data_type=2 out_image_data_type=2 in_image_x_size=16 in_image_y_size=8',
      ' 2: 0x2d00003f in_image_x_offset=7 in_image_y_offset=7 brick_mode=0 brick_distance=0 relu=1 post_multiplier=1 post_shift=5',
      ' 3: 0x00400400 no_flush=0 out_image_x_size=16 out_image_y_size=8',
      ' 4: 0x10434020 out_image_z_size=32 rounding_mode=1 in_image_x_offset_bit_3=1 in_image_y_offset_bit_3=1 out_image_tile_x_size=16 out_image_tile_y_size=8',
      ' 5: 0x00000040 kernel_address=0x0000040 kernel_z_size2=0',
      ' 6: 0x00002000 in_image_address=0x00002000',
      ' 7: 0x00003000 out_image_address=0x00003000',
      ' 8: 0x00083004 image_caching_mode=NO_CACHE(0) kernel_caching_mode=FULL_CACHE(1) partial_cache_data_unit=0 kernel_pattern_msb=0x00 kernel_y_size=3 out_image_y_stride=8',
      ' 9: 0x00000000 kernel_pattern_low=0x00000000',
      '10: 0x00000000 kernel_pattern_high=0x00000000',
      '11: 0x00000800 kernel_cache_start_address=0x00000800',
      '12: 0x00000a00 kernel_cache_end_address=0x00000a00',
      '13: 0x00000000 image_cache_start_address=0x00000000',
      '14: 0x00000800 image_cache_end_address=0x00000800',
      '15: 0x2b400200 in_image_border_mode=0 in_image_border_const=128 kernel_data_type_bit_2=0 in_image_data_type_bit_2=0 out_image_data_type_bit_2=0 post_multiplier_1_to_6=45 post_shift_bit_5_6=2',
      '16: 0x00080010 in_image_x_stride=16 in_image_y_stride=8',
      '17: 0xb4000010 out_image_x_stride=16 post_multiplier_7_to_14=180',
      '18: 0x00000000 out_image_circular_buf_size=0x0000000 per_channel_post_mul=0',
      '19: 0x03ffffff out_image_circular_buf_end_addr_plus_1=0x3ffffff',
      '20: 0x00000000 in_image_circular_buf_size=0x0000000',
      '21: 0x03ffffff in_image_circular_buf_end_addr_plus_1=0x3ffffff',
      '22: 0x00000578 coef_zero_point=120 out_zero_point=5 kernel_direct_stream_from_VIP_sram=0 depthwise=0 post_multiplier_15_to_22=0',
      '23: 0x00000000',
      '24: 0x00000000',
      '25: 0x00000000',
      '26: 0x00000000 further1=0x00000000',
      '27: 0x00000000 further2=0x00000000',
      '28: 0x03ffffff further3=0x03ffffff',
      '29: 0x7f800000 further4=0x7f800000',
      '30: 0xff800000 further5=0xff800000',
      '31: 0x00000000 further6=0x00000000',
      '32: 0x00000000 further7=0x00000000',
      '33: 0x00000000 further8=0x00000000',
      'joined post_multiplier=23131 = post_multiplier=1 | post_multiplier_1_to_6=45 << 1 | post_multiplier_7_to_14=180 << 7 | post_multiplier_15_to_22=0 << 15',
      'joined post_shift=69 = post_shift=5 | post_shift_bit_5_6=2 << 5',
      'joined kernel_z_size=16 = kernel_z_size=16 | kernel_z_size2=0 << 14',
      'joined in_image_x_offset=-1 = in_image_x_offset=7 | in_image_x_offset_bit_3=1 << 3',
      'joined in_image_y_offset=-1 = in_image_y_offset=7 | in_image_y_offset_bit_3=1 << 3',
      'joined kernel_data_type=UINT8(2) = kernel_data_type=2 | kernel_data_type_bit_2=0 << 2',
      'joined in_image_data_type=UINT8(2) = in_image_data_type=2 | in_image_data_type_bit_2=0 << 2',
      'joined out_image_data_type=UINT8(2) = out_image_data_type=2 | out_image_data_type_bit_2=0 << 2',
    ];
    const lines = formatDescriptor('NN', words).split('\n');
    expect(lines.at(-1)).toBe('');
    lines.pop();
    expect(lines.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) expect(lines[i], `line ${i}`).toBe(expected[i]);
  });

  it('shows unused fields when they are set, and enum values Mesa does not name as numbers', () => {
    const text = formatDescriptor('NN', packDescriptor(NN_FIELDS, { unused7_2: 1, pooling: 3, image_caching_mode: 3 }));
    expect(text).toContain('\n18: 0x20000000 out_image_circular_buf_size=0x0000000 per_channel_post_mul=0 unused7_2=1\n');
    expect(text).toContain(' pooling=FIRST_PIXEL(3) ');
    expect(text).toContain(' image_caching_mode=3 ');
  });

  it('lists a TP descriptor with signed window starts and its joined post shift', () => {
    const words = packDescriptor(TP_FIELDS, splitJoinedFields({ in_window_x_start: -1, in_window_y_start: -2, alu_output_postshift: 100 }, 'TP'));
    const lines = formatDescriptor('TP', words).split('\n');
    expect(lines[0]).toBe('TP descriptor, 31 words');
    expect(lines[1 + 4]).toBe(' 4: 0xfffeffff in_window_x_start=-1 in_window_y_start=-2');
    // 100 = 0b1100100: bits 0-4 = 4 (<< 10 = 0x1000), bits 5-6 = 3 (<< 26 = 0x0c000000).
    expect(lines[1 + 24]).toBe(
      '24: 0x0c001000 alu_filter_pwl_swap=0 flat_rounding_mode=0 integer_rounding_mode=0 alu_input_preshift=0 alu_output_postshift=4 alu_reorder_bits_used=0 alu_reorder_loop_2_mode=0 in_image_border_mode=0 alu_output_postshift_5_6=3',
    );
    expect(lines[1 + 31]).toBe('joined alu_output_postshift=100 = alu_output_postshift=4 | alu_output_postshift_5_6=3 << 5');
    expect(() => formatDescriptor('TP', new Uint32Array(34))).toThrow(/34 words/);
  });
});
