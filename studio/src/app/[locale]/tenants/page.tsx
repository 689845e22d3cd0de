import { setRequestLocale } from "next-intl/server";

import { TenantChooser } from "../../../components/tenant-chooser";

export default async function TenantsPage({ params }: { params: Promise<{ locale: string }> }) {
  setRequestLocale((await params).locale);
  return <TenantChooser />;
}
