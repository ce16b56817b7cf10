/**
 * Epoch milliseconds of an RFC 3339 timestamp that already matched the contract's pattern.
 * Date.parse costs about a fifth of a whole event's validation, and nearly every producer writes
 * one form, `2026-11-02T13:45:07.123Z`: that form is read digit by digit and its day counted in
 * integers (Date.UTC alone cost more than the rest of the validator's checks). Anything else
 * (offsets, other precisions, days after the 28th, whose validity depends on the month, years
 * before 100) goes to Date.parse, so results always equal it.
 */
export function parseTimestamp(s: string): number {
  if (s.length !== 24 || s.charCodeAt(23) !== 0x5a || s.charCodeAt(10) !== 0x54 || s.charCodeAt(19) !== 0x2e) {
    return Date.parse(s);
  }
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || second > 59) return Date.parse(s);
  return daysSinceEpoch(year, month, day) * DAY + hour * 3_600_000 + minute * 60_000 + second * 1000 + digits(s, 20, 3);
}

const DAY = 86_400_000;

/**
 * Days from 1970-01-01 to a date of the proleptic Gregorian calendar (as Date.UTC counts), year
 * ≥ 1: the year is counted from March, so that the leap day ends it, in 400-year eras of 146,097
 * days (H. Hinnant's days_from_civil).
 */
function daysSinceEpoch(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The number `n` ASCII digits from `at` spell (the pattern has checked they are digits). */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) v = v * 10 + s.charCodeAt(i) - 0x30;
  return v;
}
