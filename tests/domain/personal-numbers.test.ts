import { describe, expect, it } from 'vitest';
import { maskPersonalNumbers } from '../../domain/intake/normalise.js';

describe('maskPersonalNumbers', () => {
  it.each([
    ['请致电13812345678联系', '请致电138****5678联系'],
    ['电话138-1234-5678。', '电话138****5678。'],
    ['电话 +86 138 1234 5678', '电话 138****5678'],
    ['手机１３８１２３４５６７８，', '手机138****5678，'],
    ['身份证330106199001011234。', '身份证330106********4。'],
    ['身份证号33010619900101123x', '身份证号330106********X'],
    ['旧证330106900101123', '旧证330106********3'],
  ])('masks %s', (text, masked) => {
    // Act
    const out = maskPersonalNumbers(text);
    // Assess
    expect(out).toBe(masked);
  });

  it.each([
    ['受理编号XF20261128000001'],
    ['咨询电话0571-87001234，'],
    ['金额12345678901234567890元'],
    ['全角标点，保持原样。'],
  ])('leaves %s as it is', (text) => {
    // Act
    const out = maskPersonalNumbers(text);
    // Assess
    expect(out).toBe(text);
  });
});
