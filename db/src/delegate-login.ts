/** Prefix of a platform user's delegate login, so that the tenant's user list shows whom the row represents. */
export const DELEGATE_LOGIN_PREFIX = "platform:";

/** Returns whether `login` is reserved for the delegates of platform users (compared case-insensitively). */
export function isDelegateLogin(login: string): boolean {
  return login.trim().toLowerCase().startsWith(DELEGATE_LOGIN_PREFIX);
}
