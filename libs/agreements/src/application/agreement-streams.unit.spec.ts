import { agreementIdOf, agreementStream } from './agreement-streams';

describe('agreement streams', () => {
  it("reads an agreement's id back from its stream's name", () => {
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(agreementStream(id)).toBe(`agreement-${id}`);
    expect(agreementIdOf(agreementStream(id))).toBe(id);
  });

  it('answers null for a stream of another kind, or one that names no agreement', () => {
    expect(agreementIdOf('unit-LAPAS-MAROS')).toBeNull();
    expect(agreementIdOf('agreement-')).toBeNull();
    expect(agreementIdOf('agreement')).toBeNull();
    expect(agreementIdOf('the-agreement-x')).toBeNull();
    expect(agreementIdOf('')).toBeNull();
  });
});
