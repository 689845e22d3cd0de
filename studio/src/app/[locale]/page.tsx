import { setRequestLocale } from "next-intl/server";

import { SignInForm } from "../../components/sign-in-form";

export default async function SignInPage({ params }: { params: Promise<{ locale: string }> }) {
  setRequestLocale((await params).locale);
  return <SignInForm />;
}
