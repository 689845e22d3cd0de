"use client";

import { useLocale } from "next-intl";
import { useEffect } from "react";

import { useRouter } from "../i18n/navigation";
import { setApiLocale } from "../lib/api-client";
import { sessionStore, type StoredSession } from "../lib/session-store";
import { useStore } from "../lib/tiny-store";

/**
 * Returns the stored session, and sends the browser to the sign-in page when there is none.
 * The first render (on the server and while hydrating) always sees no session.
 */
export function useSignedIn(): StoredSession | null {
  const stored = useStore(sessionStore, null);
  const router = useRouter();
  const locale = useLocale();

  setApiLocale(locale);
  useEffect(() => {
    if (sessionStore.get() === null) router.replace("/");
  }, [stored, router]);
  return stored;
}
