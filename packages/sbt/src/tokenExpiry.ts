/** The account-level token expiration settings SBT offers ("Developer Tips"). */
export type TokenExpiry = 'expire-on-new' | 'never' | '1-day' | '1-week' | '1-year' | '10-years';

const DAY = 24 * 60 * 60_000;

/** Lifetime of a token under each setting (`null`: not by time). The one copy, shared with the emulator. */
export const TOKEN_LIFETIME_MS: Readonly<Record<TokenExpiry, number | null>> = {
  'expire-on-new': null,
  never: null,
  '1-day': DAY,
  '1-week': 7 * DAY,
  '1-year': 365 * DAY,
  '10-years': 3652 * DAY,
};

export const TOKEN_EXPIRY_SETTINGS = Object.keys(TOKEN_LIFETIME_MS) as TokenExpiry[];
