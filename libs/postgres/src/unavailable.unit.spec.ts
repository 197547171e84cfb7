import { DatabaseError } from 'pg';
import { failedToConnect, isUnavailable, StatementNotSent } from './unavailable';

const databaseError = (code: string) => Object.assign(new DatabaseError('refused', 0, 'error'), { code });

describe('telling an unreachable database from a refused statement', () => {
  it('counts a statement never sent, and a pool that found no connection in time, as unavailable with nothing written', () => {
    for (const error of [new StatementNotSent(5_000), new Error('timeout exceeded when trying to connect')]) {
      expect(isUnavailable(error)).toBe(true);
      expect(failedToConnect(new Error('wrapped', { cause: error }))).toBe(true);
    }
  });

  it('counts a session ended by the server as unavailable, but not as nothing written', () => {
    const terminated = databaseError('57P01');
    expect(isUnavailable(terminated)).toBe(true);
    expect(failedToConnect(terminated)).toBe(false);
  });

  it('counts a statement unanswered within its bound as unavailable, but not as nothing written: it may yet commit', () => {
    const unanswered = new Error('Query read timeout');
    expect(isUnavailable(unanswered)).toBe(true);
    expect(failedToConnect(new Error('wrapped', { cause: unanswered }))).toBe(false);
  });

  it('does not count a refused statement as unavailable', () => {
    expect(isUnavailable(databaseError('23505'))).toBe(false);
  });
});
