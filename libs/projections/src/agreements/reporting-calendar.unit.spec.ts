import { calendarDayIn, DEFAULT_REPORTING_TIME_ZONE } from './reporting-calendar';

describe('calendarDayIn', () => {
  it('is the day in Jakarta, seven hours ahead of UTC, by default', () => {
    expect(DEFAULT_REPORTING_TIME_ZONE).toBe('Asia/Jakarta');
    expect(calendarDayIn('Asia/Jakarta', new Date('2026-12-03T16:59:59Z'))).toBe('2026-12-03');
    expect(calendarDayIn('Asia/Jakarta', new Date('2026-12-03T17:00:00Z'))).toBe('2026-12-04');
  });

  it('follows the zone it is given: Makassar (WITA) and Jayapura (WIT)', () => {
    const instant = new Date('2026-12-31T15:30:00Z');
    expect(calendarDayIn('Asia/Makassar', instant)).toBe('2026-12-31');
    expect(calendarDayIn('Asia/Jayapura', instant)).toBe('2027-01-01');
    expect(calendarDayIn('UTC', instant)).toBe('2026-12-31');
  });

  it('writes the year with four digits and the month and day with two', () => {
    expect(calendarDayIn('UTC', new Date('2027-02-05T00:00:00Z'))).toBe('2027-02-05');
  });

  it('refuses a zone that is not one', () => {
    expect(() => calendarDayIn('Mars/Olympus', new Date())).toThrow(RangeError);
  });
});
