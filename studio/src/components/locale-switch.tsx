"use client";

import { useLocale, useTranslations } from "next-intl";

import { usePathname, useRouter } from "../i18n/navigation";
import { isLocale, LOCALES } from "../i18n/routing";
import { rememberLocale, sessionStore } from "../lib/session-store";

/**
 * The interface locale menu. It remembers the choice for the signed-in user in this browser;
 * the editor's unsaved work survives because it lives in the editor store, not in the page.
 */
export function LocaleSwitch() {
  const t = useTranslations("locale");
  const locale = useLocale();
  const pathname = usePathname();
  const router = useRouter();

  function change(next: string) {
    if (!isLocale(next)) return;
    const userId = sessionStore.get()?.session.user.id;

    if (userId) rememberLocale(userId, next);
    router.replace(pathname, { locale: next });
  }

  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">{t("label")}</span>
      <select aria-label={t("label")} value={locale} onChange={(event) => change(event.target.value)} className="rounded border border-slate-300 bg-white px-2 py-1">
        {LOCALES.map((candidate) => (
          <option key={candidate} value={candidate}>
            {t(candidate)}
          </option>
        ))}
      </select>
    </label>
  );
}
