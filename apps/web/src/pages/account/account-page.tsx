import { PageHeader } from "../../components/page-header.tsx";
import { useT } from "../../i18n/index.tsx";
import { ApplicationsSection } from "./applications-section.tsx";
import { PasswordSection } from "./password-section.tsx";
import { ProfileSection } from "./profile-section.tsx";
import { SecondFactorSection } from "./second-factor-section.tsx";
import { SessionsSection } from "./sessions-section.tsx";

/** `/account`: what every signed-in person manages for themselves. */
export default function AccountPage() {
  const t = useT();
  return (
    <>
      <PageHeader title={t("account.title")} />
      <ProfileSection />
      <PasswordSection />
      <SecondFactorSection />
      <SessionsSection />
      <ApplicationsSection />
    </>
  );
}
