import { UsageError, wholeNumber, wholeNumbers } from './bench-options';

describe('bench option values', () => {
  it('takes whole numbers of at least the minimum', () => {
    expect(wholeNumber('--events', '2000', 10)).toBe(2000);
    for (const bad of [undefined, '', '9', '1.5', 'ten', '-3']) expect(() => wholeNumber('--events', bad, 10)).toThrow(UsageError);
  });

  it('takes lists of whole numbers in the order given, without repeats', () => {
    expect(wholeNumbers('--clients', '1,16,64', 1)).toEqual([1, 16, 64]);
    expect(wholeNumbers('--clients', ' 64, 1 ,64', 1)).toEqual([64, 1]);
    for (const bad of [undefined, '', '1,,2', '0,16', '1;16']) expect(() => wholeNumbers('--clients', bad, 1)).toThrow(UsageError);
  });
});
