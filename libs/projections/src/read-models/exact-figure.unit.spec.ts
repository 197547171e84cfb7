import { exactFigure } from './exact-figure';

describe('a report total', () => {
  it.each([
    ['0', 0],
    ['19250000', 19_250_000],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ])('%s is a number', (sum, figure) => {
    expect(exactFigure(sum)).toBe(figure);
  });

  // As a number, 9007199254740993 would read as ...992: off by one rupiah, with nothing to show it.
  it.each(['9007199254740992', '9007199254740993', '18014398509481983', '123456789012345678901234567890'])(
    '%s stays exact, as a bigint',
    (sum) => {
      const figure = exactFigure(sum);
      expect(typeof figure).toBe('bigint');
      expect(figure.toString()).toBe(sum);
    },
  );
});
