import { searchTextOf, searchWordsOf } from './agreement-search';

describe('what q searches', () => {
  it('folds titles and partner names to lower case beyond ASCII, one name a line', () => {
    expect(searchTextOf('PELATIHAN ÉCOLE ÑANDÚ', ['YAYASAN ÇAHAYA', 'PT Sinar Jaya'])).toBe(
      'pelatihan école ñandú\nyayasan çahaya\npt sinar jaya',
    );
  });

  it.each<[string | undefined, string[] | null]>([
    ['Koperasi Maros', ['koperasi', 'maros']],
    ['  koperasi   MAJU ', ['koperasi', 'maju']],
    ['ÉCOLE', ['école']],
    ['Jaya\nPT', ['jaya', 'pt']],
    ['maros maros', ['maros']],
    ['   ', null],
    ['', null],
    [undefined, null],
  ])('takes %j as the words %j', (q, words) => {
    expect(searchWordsOf(q)).toEqual(words);
  });
});
