/**
 * Mobile numbers, normalised for matching a WeCom member to `users.phone`.
 *
 * The rule:
 * 1. Full-width characters become ASCII (NFKC); spaces, dashes, dots, slashes
 *    and parentheses are removed.
 * 2. A leading `+` or `00` marks a country code. Anything else left that is
 *    not a digit makes the number unusable (`undefined`).
 * 3. Chinese mobiles (11 digits starting with 1) are returned as those 11
 *    digits, whether written `13800000000`, `+86 138-0000-0000`,
 *    `0086 13800000000` or `8613800000000`.
 * 4. Other numbers with a country code become `+<digits>` (E.164 style,
 *    4 to 15 digits), e.g. `+852 6123 4567` → `+85261234567`.
 * 5. Other numbers without a country code keep their digits as written.
 */
const SEPARATORS = /[\s\-‐‑‒–—−()./]/g;
const CHINESE_MOBILE = /^1\d{10}$/;

export function normalizeMobile(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const compact = raw.normalize('NFKC').replace(SEPARATORS, '');
  const international = compact.startsWith('+') ? compact.slice(1) : compact.startsWith('00') ? compact.slice(2) : undefined;
  const digits = international ?? compact;
  if (!/^\d+$/.test(digits)) return undefined;

  if (international !== undefined) {
    if (digits.startsWith('86') && CHINESE_MOBILE.test(digits.slice(2))) return digits.slice(2);
    return digits.length >= 4 && digits.length <= 15 ? `+${digits}` : undefined;
  }
  if (digits.length === 13 && digits.startsWith('86') && CHINESE_MOBILE.test(digits.slice(2))) return digits.slice(2);
  return digits;
}

/** Whether two numbers are the same after {@link normalizeMobile}. */
export function isSameMobile(first: unknown, second: unknown): boolean {
  const normalised = normalizeMobile(first);
  return normalised !== undefined && normalised === normalizeMobile(second);
}

