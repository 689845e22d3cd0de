"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

import { Link, useRouter } from "../i18n/navigation";
import { apiRequest } from "../lib/api-client";
import { sessionStore, type StoredSession } from "../lib/session-store";
import { LocaleSwitch } from "./locale-switch";

/** The bar above every signed-in screen: navigation, tenant, user, locale and sign-out. */
export function AppHeader({ stored, children }: { stored: StoredSession; children?: ReactNode }) {
  const t = useTranslations("header");
  const router = useRouter();
  const tenantName = stored.session.tenant?.name ?? stored.chosenTenant?.name;

  async function signOut() {
    try {
      await apiRequest("/api/sessions/current", { method: "DELETE" });
    } finally {
      sessionStore.set(null);
      router.replace("/");
    }
  }

  return (
    <header className="flex items-center gap-4 border-b border-slate-200 bg-white px-4 py-2">
      <span className="font-semibold">{t("product")}</span>
      <nav aria-label={t("navigation")} className="flex gap-3 text-sm">
        <Link href="/flows" className="text-blue-800 hover:underline">
          {t("flows")}
        </Link>
        <Link href="/calls" className="text-blue-800 hover:underline">
          {t("calls")}
        </Link>
      </nav>
      <div className="flex-1">{children}</div>
      {tenantName && (
        <span className="text-sm text-slate-600" data-testid="current-tenant">
          {t("tenant")}: <span data-user-content>{tenantName}</span>
        </span>
      )}
      {stored.session.kind === "platform" && (
        <Link href="/tenants" className="text-sm text-blue-800 hover:underline">
          {t("changeTenant")}
        </Link>
      )}
      <span className="text-sm text-slate-600" data-user-content>
        {stored.session.user.displayName}
      </span>
      <LocaleSwitch />
      <button type="button" onClick={signOut} className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100">
        {t("signOut")}
      </button>
    </header>
  );
}
