import type { ReactNode } from "react";

import "./globals.css";

// One root layout serves every locale, so switching the locale is a client-side navigation that
// keeps the editor's unsaved work in memory. A root layout per locale would reload the page. The
// locale layout sets the document's lang attribute.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html suppressHydrationWarning>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
