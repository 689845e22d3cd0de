import { setRequestLocale } from "next-intl/server";

import { CallRecords } from "../../../components/call-records";

export default async function CallsPage({ params }: { params: Promise<{ locale: string }> }) {
  setRequestLocale((await params).locale);
  return <CallRecords />;
}
