import { exactFigure } from './exact-figure';

describe('a report total', () => {
  it.each([
    ['0', 0],
    ['19250000', 19_250_000],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
  ])('%s is shown as it is', (sum, figure) => {
    expect(exactFigure(sum)).toBe(figure);
  });

  // 9007199254740993 would read as ...992: off by one rupiah, with nothing to show it.
  it.each(['9007199254740992', '9007199254740993', '18014398509481983'])('%s is refused, not rounded', (sum) => {
    expect(() => exactFigure(sum)).toThrow(
      new RangeError(`A report total of ${sum} is past 9007199254740991 and cannot be shown exactly.`),
    );
  });
});
