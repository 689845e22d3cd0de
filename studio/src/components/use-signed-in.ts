"use client";

import { useLocale } from "next-intl";
import { useEffect } from "react";

import { useRouter } from "../i18n/navigation";
import { setApiLocale } from "../lib/api-client";
import { sessionStore, type StoredSession } from "../lib/session-store";
import { useStore } from "../lib/tiny-store";

/**
 * Returns the stored session, and sends the browser to the sign-in page when there is none.
 * A platform user who has not chosen a tenant goes to the tenant chooser, unless
 * `withoutTenant` is set (on the chooser itself), because the screens of tenant data need one.
 * The first render (on the server and while hydrating) always sees no session.
 */
export function useSignedIn({ withoutTenant = false }: { withoutTenant?: boolean } = {}): StoredSession | null {
  const stored = useStore(sessionStore, null);
  const router = useRouter();
  const locale = useLocale();

  setApiLocale(locale);
  useEffect(() => {
    const current = sessionStore.get();

    if (current === null) router.replace("/");
    else if (!withoutTenant && current.session.kind === "platform" && !current.chosenTenant) router.replace("/tenants");
  }, [stored, router, withoutTenant]);
  return stored;
}
