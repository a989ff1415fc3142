/** A site user as Recite returns them. Fields beyond `id` and `username` are optional; unknown ones are kept. */
export interface Identity {
  /** The user's ID on the site. */
  id: string;
  /** The name the user logs in with. */
  username: string;
  /** The user's e-mail address. */
  email?: string;
  /** The user's first name. */
  firstName?: string;
  /** The user's last name. */
  lastName?: string;
  /** The ID of the user directory that holds the user. */
  directoryId?: string;
  /** Any other field the site returns. */
  [field: string]: unknown;
}

/** The identity in an answer, or `null` when it has no `id` and `username` (no user behind the token). */
export function readIdentity(raw: unknown): Identity | null {
  if (raw === null || typeof raw !== 'object') return null;
  const fields = raw as Record<string, unknown>;
  if (fields.id === undefined || typeof fields.username !== 'string') return null;
  return { ...fields, id: String(fields.id), username: fields.username } as Identity;
}
