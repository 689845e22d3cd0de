"use client";

import { useEffect } from "react";

/** Sets the lang attribute of the page to the interface locale, which the root layout cannot know. */
export function DocumentLanguage({ locale }: { locale: string }) {
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return null;
}
