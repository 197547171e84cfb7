import { COPY_CHUNK_CHARS, copyChunks } from './copy-rows';

/** A row about as long as an agreement's (2 to 3 KB of JSON). */
const agreementSized = (i: number) => ({ n: i, summary: 'Pembinaan kemandirian warga binaan. '.repeat(70) });

describe('COPY input for a rebuild flush', () => {
  it('hands over whole lines, each chunk under the bound but for its last line', () => {
    const rows = new Map(Array.from({ length: 200 }, (_, i) => [`key-${i}`, agreementSized(i)] as const));
    const chunks = [...copyChunks(['agreements', 7], rows)];

    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) {
      expect(chunk.endsWith('\n')).toBe(true);
      const withoutLastLine = chunk.slice(0, chunk.lastIndexOf('\n', chunk.length - 2) + 1);
      expect(withoutLastLine.length).toBeLessThan(COPY_CHUNK_CHARS);
    }
    const lines = chunks.join('').split('\n').slice(0, -1);
    expect(lines).toEqual([...rows].map(([key, row]) => `agreements\t7\t${key}\t${JSON.stringify(row)}`));
  });

  it("escapes what COPY's text format reads specially, in keys and in rows", () => {
    const rows = new Map([['C:\\arsip\tPKS\n2025\r', { path: 'C:\\arsip', note: 'baris\nbaru\ttab' }]]);
    const [chunk] = [...copyChunks(['agreements', 1], rows)];

    expect(chunk).toBe(
      'agreements\t1\tC:\\\\arsip\\tPKS\\n2025\\r\t{"path":"C:\\\\\\\\arsip","note":"baris\\\\nbaru\\\\ttab"}\n',
    );
  });
});
