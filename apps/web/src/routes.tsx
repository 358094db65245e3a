import { createBrowserRouter, Navigate } from "react-router";
import { RequireSignIn } from "./auth/current-user.tsx";
import { AppLayout } from "./components/app-layout.tsx";
import { lazyPage } from "./components/lazy-page.ts";
import { NotFoundPage } from "./pages/not-found-page.tsx";
import { RouteErrorPage } from "./pages/route-error-page.tsx";
import { SetPasswordPage } from "./pages/set-password-page.tsx";
import { SignInPage } from "./pages/sign-in-page.tsx";
import { SignedOutPage } from "./pages/signed-out-page.tsx";
import { StartSignInPage } from "./pages/start-sign-in-page.tsx";

const OrganizationsPage = lazyPage(() => import("./pages/directory/organizations-page.tsx"));
const OrganizationTreePage = lazyPage(() => import("./pages/directory/organization-tree-page.tsx"));
const OrganizationDetailPage = lazyPage(
  () => import("./pages/directory/organization-detail-page.tsx"),
);
const OrganizationFormPage = lazyPage(() => import("./pages/directory/organization-form-page.tsx"));
const AdminUnitsPage = lazyPage(() => import("./pages/directory/admin-units-page.tsx"));
const SystemsPage = lazyPage(() => import("./pages/directory/systems-page.tsx"));
const SystemFormPage = lazyPage(() => import("./pages/directory/system-form-page.tsx"));
const UsersPage = lazyPage(() => import("./pages/identity/users-page.tsx"));
const UserImportPage = lazyPage(() => import("./pages/identity/user-import-page.tsx"));
const ClientsPage = lazyPage(() => import("./pages/identity/clients-page.tsx"));
const ClientFormPage = lazyPage(() => import("./pages/identity/client-form-page.tsx"));
const ClientDetailPage = lazyPage(() => import("./pages/identity/client-detail-page.tsx"));
const AccountPage = lazyPage(() => import("./pages/account/account-page.tsx"));
const AuditPage = lazyPage(() => import("./pages/audit/audit-page.tsx"));
const CataloguePage = lazyPage(() => import("./pages/exchange/catalogue-page.tsx"));
const ServicePage = lazyPage(() => import("./pages/exchange/service-page.tsx"));
const ServiceFormPage = lazyPage(() => import("./pages/exchange/service-form-page.tsx"));
const InboxPage = lazyPage(() => import("./pages/exchange/inbox-page.tsx"));
const RightsPage = lazyPage(() => import("./pages/exchange/rights-page.tsx"));
const ExchangesPage = lazyPage(() => import("./pages/exchange/exchanges-page.tsx"));
const DeadLettersPage = lazyPage(() => import("./pages/exchange/dead-letters-page.tsx"));
const ProviderHealthPage = lazyPage(() => import("./pages/exchange/provider-health-page.tsx"));
const FederationPage = lazyPage(() => import("./pages/exchange/federation-page.tsx"));
const IncomingDocumentsPage = lazyPage(() => import("./pages/documents/incoming-page.tsx"));
const OutgoingDocumentsPage = lazyPage(() => import("./pages/documents/outgoing-page.tsx"));
const DraftFormPage = lazyPage(() => import("./pages/documents/draft-form-page.tsx"));
const DocumentPage = lazyPage(() => import("./pages/documents/document-page.tsx"));
const DocumentInboxPage = lazyPage(() => import("./pages/documents/inbox-page.tsx"));
const RegistersPage = lazyPage(() => import("./pages/documents/registers-page.tsx"));
const TasksPage = lazyPage(() => import("./pages/documents/tasks-page.tsx"));
const DocumentSearchPage = lazyPage(() => import("./pages/documents/search-page.tsx"));
const MyReportsPage = lazyPage(() => import("./pages/reports/my-reports-page.tsx"));
const ReportPage = lazyPage(() => import("./pages/reports/report-page.tsx"));
const CompletenessPage = lazyPage(() => import("./pages/reports/completeness-page.tsx"));
const ReviewInboxPage = lazyPage(() => import("./pages/reports/review-inbox-page.tsx"));
const AggregatePage = lazyPage(() => import("./pages/reports/aggregate-page.tsx"));
const RegimesPage = lazyPage(() => import("./pages/reports/regimes-page.tsx"));
const RegimeDesignerPage = lazyPage(() => import("./pages/reports/regime-designer-page.tsx"));

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
    errorElement: <RouteErrorPage />,
    children: [
      {
        // A page that fails shows its error inside the layout, menus kept.
        errorElement: <RouteErrorPage />,
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
    ],
  },
]);
