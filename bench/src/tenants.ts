/** The credentials of bench tenant `i` (an account the bench's emulator process creates). */
export const tenant = (i: number) => ({
  apiId: String(4_000_000 + i),
  user: `tenant${i}`,
  password: `pw-${i}-9f3a`,
});
