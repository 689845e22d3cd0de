"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import { useRouter } from "../i18n/navigation";
import { isLocale } from "../i18n/routing";
import { apiRequest, ApiRequestError } from "../lib/api-client";
import type { SessionView } from "../lib/api-types";
import { rememberedLocale, sessionStore } from "../lib/session-store";
import { LocaleSwitch } from "./locale-switch";

/** The locale a user works in: their choice in this browser, else their own, else the tenant's. */
function preferredLocale(session: SessionView, fallback: string): string {
  const candidates = [rememberedLocale(session.user.id), session.user.locale, session.tenant?.defaultLocale, fallback];

  return candidates.find((candidate) => isLocale(candidate)) ?? fallback;
}

export function SignInForm() {
  const t = useTranslations("signIn");
  const locale = useLocale();
  const router = useRouter();
  const [tenant, setTenant] = useState("");
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);

    try {
      const body = { login, password, ...(tenant.trim() ? { tenant: tenant.trim() } : {}) };
      const result = await apiRequest<{ token: string; session: SessionView }>("/api/sessions", { method: "POST", body, locale });

      sessionStore.set({ token: result.token, session: result.session });
      const target = result.session.kind === "platform" ? "/tenants" : "/flows";
      router.replace(target, { locale: preferredLocale(result.session, locale) });
    } catch (caught) {
      setError(caught instanceof ApiRequestError ? caught.message : t("unreachable"));
      setBusy(false);
    }
  }

  return (
    <main className="mx-auto mt-24 max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <div className="mb-6 flex items-center justify-between">
        <h1 className="text-xl font-semibold">{t("heading")}</h1>
        <LocaleSwitch />
      </div>
      <form onSubmit={submit} className="flex flex-col gap-4">
        <label className="flex flex-col gap-1 text-sm">
          {t("tenant")}
          <input name="tenant" value={tenant} onChange={(event) => setTenant(event.target.value)} className="rounded border border-slate-300 px-2 py-1" autoComplete="organization" />
          <span className="text-xs text-slate-500">{t("tenantHelp")}</span>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          {t("login")}
          <input name="login" required value={login} onChange={(event) => setLogin(event.target.value)} className="rounded border border-slate-300 px-2 py-1" autoComplete="username" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          {t("password")}
          <input name="password" type="password" required value={password} onChange={(event) => setPassword(event.target.value)} className="rounded border border-slate-300 px-2 py-1" autoComplete="current-password" />
        </label>
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy} className="rounded bg-blue-700 px-3 py-2 font-medium text-white hover:bg-blue-800 disabled:opacity-60">
          {t("submit")}
        </button>
      </form>
    </main>
  );
}
