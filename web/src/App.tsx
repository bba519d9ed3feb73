import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { RequireArea, RequireSession, useSession } from './auth/session';
import { Loading, NotFound } from './components/states';
import { AppLayout } from './layout/AppLayout';
import { HallFrame } from './layout/HallLayout';
import { landingPath, type Area } from './lib/roles';

// Every page is its own chunk: the first load carries only what the sign-in page needs.
const LoginPage = lazy(() => import('./pages/LoginPage'));
const NeedsPage = lazy(() => import('./pages/NeedsPage'));
const NeedFormPage = lazy(() => import('./pages/NeedFormPage'));
const NeedDetailPage = lazy(() => import('./pages/NeedDetailPage'));
const CapabilitiesPage = lazy(() => import('./pages/CapabilitiesPage'));
const CapabilityFormPage = lazy(() => import('./pages/CapabilityFormPage'));
const CapabilityDetailPage = lazy(() => import('./pages/CapabilityDetailPage'));
const ReviewPage = lazy(() => import('./pages/review/ReviewPage'));
const CatalogueNeedsPage = lazy(() => import('./pages/CatalogueNeedsPage'));
const CatalogueCapabilitiesPage = lazy(() => import('./pages/CatalogueCapabilitiesPage'));
const OrganizationsPage = lazy(() => import('./pages/admin/OrganizationsPage'));
const UsersPage = lazy(() => import('./pages/admin/UsersPage'));
const TaxonomiesPage = lazy(() => import('./pages/admin/TaxonomiesPage'));
const JobsPage = lazy(() => import('./pages/admin/JobsPage'));
const RankerPage = lazy(() => import('./pages/admin/RankerPage'));
const MatchPage = lazy(() => import('./pages/MatchPage'));
const StatsPage = lazy(() => import('./pages/StatsPage'));
const ImportPage = lazy(() => import('./pages/ImportPage'));
const HallPage = lazy(() => import('./pages/hall/HallPage'));
const HallDetailPage = lazy(() => import('./pages/hall/HallDetailPage'));
const ChallengesPage = lazy(() => import('./pages/challenges/ChallengesPage'));
const ChallengeFormPage = lazy(() => import('./pages/challenges/ChallengeFormPage'));
const ChallengePage = lazy(() => import('./pages/challenges/ChallengePage'));
const ApplyPage = lazy(() => import('./pages/challenges/ApplyPage'));
const ApplicationPage = lazy(() => import('./pages/challenges/ApplicationPage'));
const MyReviewsPage = lazy(() => import('./pages/challenges/MyReviewsPage'));
const ReviewSheetPage = lazy(() => import('./pages/challenges/ReviewSheetPage'));
const HallChallengesPage = lazy(() => import('./pages/hall/HallChallengesPage'));
const HallChallengePage = lazy(() => import('./pages/hall/HallChallengePage'));
const CommonProblemsPage = lazy(() => import('./pages/common-problems/CommonProblemsPage'));
const CommonProblemPage = lazy(() => import('./pages/common-problems/CommonProblemPage'));
const InstrumentsPage = lazy(() => import('./pages/instruments/InstrumentsPage'));
const InstrumentPage = lazy(() => import('./pages/instruments/InstrumentPage'));
const BookingsPage = lazy(() => import('./pages/instruments/BookingsPage'));
const TestingOrdersPage = lazy(() => import('./pages/instruments/TestingOrdersPage'));
const TestingOrderPage = lazy(() => import('./pages/instruments/TestingOrderPage'));
const ServiceRecordsPage = lazy(() => import('./pages/instruments/ServiceRecordsPage'));
const VouchersPage = lazy(() => import('./pages/vouchers/VouchersPage'));
const ProgrammesPage = lazy(() => import('./pages/vouchers/ProgrammesPage'));
const ProgrammePage = lazy(() => import('./pages/vouchers/ProgrammePage'));
const EnvoyPostsPage = lazy(() => import('./pages/envoys/EnvoyPostsPage'));
const EnvoyPostFormPage = lazy(() => import('./pages/envoys/EnvoyPostFormPage'));
const EnvoyPostPage = lazy(() => import('./pages/envoys/EnvoyPostPage'));

function Landing() {
  const { me, loading } = useSession();
  if (loading) return <Loading />;
  return <Navigate to={me ? landingPath(me) : '/login'} replace />;
}

const guarded = (area: Area | null, page: ReactNode) => (
  <RequireSession>
    <AppLayout>{area ? <RequireArea area={area}>{page}</RequireArea> : page}</AppLayout>
  </RequireSession>
);

/** The halls: open to visitors (the server decides whether they may read them), in the console's frame once signed in. */
const open = (page: ReactNode) => <HallFrame>{page}</HallFrame>;

export function AppRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/" element={<Landing />} />
        <Route path="/needs" element={guarded('needs', <NeedsPage />)} />
        <Route path="/needs/new" element={guarded('needs', <NeedFormPage />)} />
        <Route path="/needs/:id" element={guarded(null, <NeedDetailPage />)} />
        <Route path="/needs/:id/edit" element={guarded(null, <NeedFormPage />)} />
        <Route path="/capabilities" element={guarded('capabilities', <CapabilitiesPage />)} />
        <Route path="/capabilities/new" element={guarded('capabilities', <CapabilityFormPage />)} />
        <Route path="/capabilities/:id" element={guarded(null, <CapabilityDetailPage />)} />
        <Route path="/capabilities/:id/edit" element={guarded(null, <CapabilityFormPage />)} />
        <Route path="/review" element={guarded('review', <ReviewPage />)} />
        <Route path="/matches/:id" element={guarded(null, <MatchPage />)} />
        <Route path="/stats" element={guarded('review', <StatsPage />)} />
        <Route path="/import" element={guarded(null, <ImportPage />)} />
        <Route path="/hall/needs" element={open(<HallPage kind="needs" key="needs" />)} />
        <Route path="/hall/needs/:id" element={open(<HallDetailPage kind="needs" />)} />
        <Route path="/hall/capabilities" element={open(<HallPage kind="capabilities" key="capabilities" />)} />
        <Route path="/hall/capabilities/:id" element={open(<HallDetailPage kind="capabilities" />)} />
        <Route path="/hall/challenges" element={open(<HallChallengesPage />)} />
        <Route path="/hall/challenges/:id" element={open(<HallChallengePage />)} />
        <Route path="/challenges" element={guarded(null, <ChallengesPage />)} />
        <Route path="/challenges/new" element={guarded(null, <ChallengeFormPage />)} />
        <Route path="/challenges/:id" element={guarded(null, <ChallengePage />)} />
        <Route path="/challenges/:id/edit" element={guarded(null, <ChallengeFormPage />)} />
        <Route path="/challenges/:id/apply" element={guarded(null, <ApplyPage />)} />
        <Route path="/challenges/:id/applications/:appId" element={guarded(null, <ApplicationPage />)} />
        <Route path="/challenges/:id/applications/:appId/edit" element={guarded(null, <ApplyPage />)} />
        <Route path="/common-problems" element={guarded(null, <CommonProblemsPage />)} />
        <Route path="/common-problems/:id" element={guarded(null, <CommonProblemPage />)} />
        <Route path="/instruments" element={guarded(null, <InstrumentsPage />)} />
        <Route path="/instruments/:id" element={guarded(null, <InstrumentPage />)} />
        <Route path="/bookings" element={guarded(null, <BookingsPage />)} />
        <Route path="/testing-orders" element={guarded(null, <TestingOrdersPage />)} />
        <Route path="/testing-orders/:id" element={guarded(null, <TestingOrderPage />)} />
        <Route path="/service-records" element={guarded(null, <ServiceRecordsPage />)} />
        <Route path="/vouchers" element={guarded(null, <VouchersPage />)} />
        <Route path="/voucher-programmes" element={guarded('review', <ProgrammesPage />)} />
        <Route path="/voucher-programmes/:id" element={guarded('review', <ProgrammePage />)} />
        <Route path="/envoy-posts" element={guarded(null, <EnvoyPostsPage />)} />
        <Route path="/envoy-posts/new" element={guarded(null, <EnvoyPostFormPage />)} />
        <Route path="/envoy-posts/:id" element={guarded(null, <EnvoyPostPage />)} />
        <Route path="/envoy-posts/:id/edit" element={guarded(null, <EnvoyPostFormPage />)} />
        <Route path="/my-reviews" element={guarded(null, <MyReviewsPage />)} />
        <Route path="/my-reviews/:challengeId/:appId" element={guarded(null, <ReviewSheetPage />)} />
        <Route path="/catalogue/needs" element={guarded('catalogue', <CatalogueNeedsPage />)} />
        <Route path="/catalogue/capabilities" element={guarded('catalogue', <CatalogueCapabilitiesPage />)} />
        <Route path="/admin/organizations" element={guarded('manage', <OrganizationsPage />)} />
        <Route path="/admin/users" element={guarded('manage', <UsersPage />)} />
        <Route path="/admin/taxonomies" element={guarded('admin', <TaxonomiesPage />)} />
        <Route path="/admin/jobs" element={guarded('admin', <JobsPage />)} />
        <Route path="/admin/ranker" element={guarded('admin', <RankerPage />)} />
        <Route path="*" element={guarded(null, <NotFound />)} />
      </Routes>
    </Suspense>
  );
}
