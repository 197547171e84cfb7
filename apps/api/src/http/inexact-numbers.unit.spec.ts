import { inexactNumbers } from './inexact-numbers';

describe('numbers a JSON body holds more digits of than parsing keeps', () => {
  it('names each, at its path, as written', () => {
    const text =
      '{"terms":{"durationMonths":12.0000000000000001,"obligations":[{"n":1e400}]},"revenueIdr":9007199254740993.0}';
    expect(inexactNumbers(text)).toEqual([
      { field: 'terms.durationMonths', written: '12.0000000000000001' },
      { field: 'terms.obligations.0.n', written: '1e400' },
      { field: 'revenueIdr', written: '9007199254740993.0' },
    ]);
  });

  it('finds none where every number keeps its digits, whatever the strings say', () => {
    expect(inexactNumbers('{"title":"Tahap 2.0000000000000001","participants":2.0,"revenueIdr":1.5e3}')).toEqual([]);
    expect(inexactNumbers('{"participants":3,"revenueIdr":150000}')).toEqual([]);
  });
});
