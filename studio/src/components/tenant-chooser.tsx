"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

import { useRouter } from "../i18n/navigation";
import { apiRequest, ApiRequestError } from "../lib/api-client";
import { sessionStore } from "../lib/session-store";
import { AppHeader } from "./app-header";
import { useSignedIn } from "./use-signed-in";

interface TenantView {
  id: string;
  name: string;
  status: string;
}

/** Platform users choose the tenant to work in; tenant users never see this list. */
export function TenantChooser() {
  const t = useTranslations("tenants");
  const stored = useSignedIn({ withoutTenant: true });
  const router = useRouter();
  const [tenants, setTenants] = useState<TenantView[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!stored) return;
    if (stored.session.kind === "tenant") {
      router.replace("/flows");
      return;
    }
    apiRequest<{ items: TenantView[] }>("/api/platform/tenants").then(
      (result) => setTenants(result.items),
      (caught: unknown) => setError(caught instanceof ApiRequestError ? caught.message : String(caught)),
    );
  }, [stored, router]);

  if (!stored) return null;

  function choose(tenant: TenantView) {
    sessionStore.set((current) => (current ? { ...current, chosenTenant: { id: tenant.id, name: tenant.name } } : current));
    router.push("/flows");
  }

  return (
    <>
      <AppHeader stored={stored} />
      <main className="mx-auto max-w-3xl p-6">
        <h1 className="mb-4 text-xl font-semibold">{t("heading")}</h1>
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
        <ul className="flex flex-col gap-2">
          {tenants.map((tenant) => (
            <li key={tenant.id}>
              <button
                type="button"
                onClick={() => choose(tenant)}
                aria-current={stored.chosenTenant?.id === tenant.id ? "true" : undefined}
                className="w-full rounded border border-slate-200 bg-white px-3 py-2 text-left hover:bg-blue-50 aria-[current]:border-blue-700"
              >
                <span className="font-medium" data-user-content>
                  {tenant.name}
                </span>{" "}
                <span className="text-xs text-slate-600">{t(`status.${tenant.status === "suspended" ? "suspended" : "active"}`)}</span>
              </button>
            </li>
          ))}
        </ul>
      </main>
    </>
  );
}
