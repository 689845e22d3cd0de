import type { SessionView } from "./api-types";
import { createStore } from "./tiny-store";

/** The signed-in user's bearer token and session, kept in this browser tab's sessionStorage. */
export interface StoredSession {
  token: string;
  session: SessionView;
  /** Tenant a platform user chose to work in. */
  chosenTenant?: { id: string; name: string };
}

const STORAGE_KEY = "callflow.session";

function readStored(): StoredSession | null {
  if (typeof window === "undefined") return null;
  const text = window.sessionStorage.getItem(STORAGE_KEY);

  try {
    return text ? (JSON.parse(text) as StoredSession) : null;
  } catch {
    window.sessionStorage.removeItem(STORAGE_KEY);
    return null;
  }
}

export const sessionStore = createStore<StoredSession | null>(readStored());

sessionStore.subscribe(() => {
  const value = sessionStore.get();

  if (value) window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(value));
  else window.sessionStorage.removeItem(STORAGE_KEY);
});

/**
 * Returns the id of the tenant that a platform user chose, which the API's tenant routes need
 * in the X-Callflow-Tenant header. Returns undefined for a tenant's user, whose token names
 * the tenant, and for a platform user who has chosen none.
 */
export function chosenTenantId(stored: StoredSession | null): string | undefined {
  return stored?.session.kind === "platform" ? stored.chosenTenant?.id : undefined;
}

const LOCALE_KEY_PREFIX = "callflow.locale.";

/** Returns the interface locale this user chose in this browser, if any. */
export function rememberedLocale(userId: string): string | null {
  return window.localStorage.getItem(LOCALE_KEY_PREFIX + userId);
}

/** Remembers the user's interface locale in this browser. */
export function rememberLocale(userId: string, locale: string): void {
  window.localStorage.setItem(LOCALE_KEY_PREFIX + userId, locale);
}
