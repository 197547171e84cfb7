/** The IANA time zone whose calendar says what "today" is for the reports. */
export const REPORTING_TIME_ZONE = Symbol('REPORTING_TIME_ZONE');

/**
 * Western Indonesian Time, where Ditjenpas reads its reports. The effective dates of agreements
 * are days of the Indonesian calendar: counted in UTC, "today" would still be yesterday until
 * 07:00 in Jakarta and 08:00 in Makassar, and an agreement would read a day further from its end.
 */
export const DEFAULT_REPORTING_TIME_ZONE = 'Asia/Jakarta';

/** The calendar day (`YYYY-MM-DD`) an instant falls on in a time zone. */
export function calendarDayIn(timeZone: string, instant: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}
