import { lazy } from "react";
import { createBrowserRouter, Navigate } from "react-router";
import { RequireSignIn } from "./auth/current-user.tsx";
import { AppLayout } from "./components/app-layout.tsx";
import { NotFoundPage } from "./pages/not-found-page.tsx";
import { SetPasswordPage } from "./pages/set-password-page.tsx";
import { SignInPage } from "./pages/sign-in-page.tsx";
import { SignedOutPage } from "./pages/signed-out-page.tsx";
import { StartSignInPage } from "./pages/start-sign-in-page.tsx";

const OrganizationsPage = lazy(() => import("./pages/directory/organizations-page.tsx"));
const OrganizationTreePage = lazy(() => import("./pages/directory/organization-tree-page.tsx"));
const OrganizationDetailPage = lazy(() => import("./pages/directory/organization-detail-page.tsx"));
const OrganizationFormPage = lazy(() => import("./pages/directory/organization-form-page.tsx"));
const AdminUnitsPage = lazy(() => import("./pages/directory/admin-units-page.tsx"));
const SystemsPage = lazy(() => import("./pages/directory/systems-page.tsx"));
const SystemFormPage = lazy(() => import("./pages/directory/system-form-page.tsx"));
const UsersPage = lazy(() => import("./pages/identity/users-page.tsx"));
const UserImportPage = lazy(() => import("./pages/identity/user-import-page.tsx"));
const ClientsPage = lazy(() => import("./pages/identity/clients-page.tsx"));
const ClientFormPage = lazy(() => import("./pages/identity/client-form-page.tsx"));
const ClientDetailPage = lazy(() => import("./pages/identity/client-detail-page.tsx"));
const AccountPage = lazy(() => import("./pages/account/account-page.tsx"));
const AuditPage = lazy(() => import("./pages/audit/audit-page.tsx"));
const CataloguePage = lazy(() => import("./pages/exchange/catalogue-page.tsx"));
const ServicePage = lazy(() => import("./pages/exchange/service-page.tsx"));
const ServiceFormPage = lazy(() => import("./pages/exchange/service-form-page.tsx"));
const InboxPage = lazy(() => import("./pages/exchange/inbox-page.tsx"));
const RightsPage = lazy(() => import("./pages/exchange/rights-page.tsx"));
const ExchangesPage = lazy(() => import("./pages/exchange/exchanges-page.tsx"));
const DeadLettersPage = lazy(() => import("./pages/exchange/dead-letters-page.tsx"));
const ProviderHealthPage = lazy(() => import("./pages/exchange/provider-health-page.tsx"));
const FederationPage = lazy(() => import("./pages/exchange/federation-page.tsx"));
const IncomingDocumentsPage = lazy(() => import("./pages/documents/incoming-page.tsx"));
const OutgoingDocumentsPage = lazy(() => import("./pages/documents/outgoing-page.tsx"));
const DraftFormPage = lazy(() => import("./pages/documents/draft-form-page.tsx"));
const DocumentPage = lazy(() => import("./pages/documents/document-page.tsx"));
const DocumentInboxPage = lazy(() => import("./pages/documents/inbox-page.tsx"));
const RegistersPage = lazy(() => import("./pages/documents/registers-page.tsx"));
const TasksPage = lazy(() => import("./pages/documents/tasks-page.tsx"));
const DocumentSearchPage = lazy(() => import("./pages/documents/search-page.tsx"));
const MyReportsPage = lazy(() => import("./pages/reports/my-reports-page.tsx"));
const ReportPage = lazy(() => import("./pages/reports/report-page.tsx"));
const CompletenessPage = lazy(() => import("./pages/reports/completeness-page.tsx"));
const ReviewInboxPage = lazy(() => import("./pages/reports/review-inbox-page.tsx"));
const AggregatePage = lazy(() => import("./pages/reports/aggregate-page.tsx"));
const RegimesPage = lazy(() => import("./pages/reports/regimes-page.tsx"));
const RegimeDesignerPage = lazy(() => import("./pages/reports/regime-designer-page.tsx"));

export const router = createBrowserRouter([
  { path: "/sign-in", element: <StartSignInPage /> },
  { path: "/interaction/:uid", element: <SignInPage /> },
  { path: "/signed-out", element: <SignedOutPage /> },
  { path: "/set-password/:token", element: <SetPasswordPage /> },
  {
    path: "/",
    element: (
      <RequireSignIn>
        <AppLayout />
      </RequireSignIn>
    ),
    children: [
      { index: true, element: <Navigate to="/directory/organizations" replace /> },
      { path: "directory/organizations", element: <OrganizationsPage /> },
      { path: "directory/organizations/tree", element: <OrganizationTreePage /> },
      { path: "directory/organizations/new", element: <OrganizationFormPage /> },
      { path: "directory/organizations/:id", element: <OrganizationDetailPage /> },
      { path: "directory/organizations/:id/edit", element: <OrganizationFormPage /> },
      { path: "directory/admin-units", element: <AdminUnitsPage /> },
      { path: "directory/systems", element: <SystemsPage /> },
      { path: "directory/systems/new", element: <SystemFormPage /> },
      { path: "directory/systems/:id/edit", element: <SystemFormPage /> },
      { path: "identity/users", element: <UsersPage /> },
      { path: "identity/users/import", element: <UserImportPage /> },
      { path: "identity/clients", element: <ClientsPage /> },
      { path: "identity/clients/new", element: <ClientFormPage /> },
      { path: "identity/clients/:id", element: <ClientDetailPage /> },
      { path: "identity/clients/:id/edit", element: <ClientFormPage /> },
      { path: "account", element: <AccountPage /> },
      { path: "audit", element: <AuditPage /> },
      { path: "exchange/services", element: <CataloguePage /> },
      { path: "exchange/services/new", element: <ServiceFormPage /> },
      { path: "exchange/services/:id", element: <ServicePage /> },
      { path: "exchange/access-requests", element: <InboxPage /> },
      { path: "exchange/access-rights", element: <RightsPage /> },
      { path: "exchange/exchanges", element: <ExchangesPage /> },
      { path: "exchange/dead-letters", element: <DeadLettersPage /> },
      { path: "exchange/health", element: <ProviderHealthPage /> },
      { path: "exchange/federation", element: <FederationPage /> },
      { path: "documents/incoming", element: <IncomingDocumentsPage /> },
      { path: "documents/outgoing", element: <OutgoingDocumentsPage /> },
      { path: "documents/new", element: <DraftFormPage /> },
      { path: "documents/inbox", element: <DocumentInboxPage /> },
      { path: "documents/registers", element: <RegistersPage /> },
      { path: "documents/tasks", element: <TasksPage /> },
      { path: "documents/search", element: <DocumentSearchPage /> },
      { path: "documents/:id", element: <DocumentPage /> },
      { path: "reports/mine", element: <MyReportsPage /> },
      { path: "reports/completeness", element: <CompletenessPage /> },
      { path: "reports/inbox", element: <ReviewInboxPage /> },
      { path: "reports/aggregate", element: <AggregatePage /> },
      { path: "reports/regimes", element: <RegimesPage /> },
      { path: "reports/regimes/new", element: <RegimeDesignerPage /> },
      { path: "reports/regimes/:id", element: <RegimeDesignerPage /> },
      { path: "reports/:id", element: <ReportPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
