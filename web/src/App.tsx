import { Navigate, Route, Routes } from 'react-router-dom';
import { RequireSession } from './components/RequireSession';
import { OrgLayout } from './components/OrgLayout';
import { Toasts } from './components/Toasts';
import { SignInPage } from './pages/SignInPage';
import { OnboardingPage } from './pages/OnboardingPage';
import { RootRedirect } from './pages/RootRedirect';
import { MeSecretsRedirect } from './pages/MeSecretsRedirect';
import { NotFoundPage } from './pages/NotFoundPage';
import { SecretsPage } from './secrets/SecretsPage';
import { DataExplorerPage } from './editor/DataExplorerPage';
import { TasksPage } from './tasks/TasksPage';
import { TaskEditPage } from './tasks/TaskEditPage';
import { TaskRunsPage } from './tasks/TaskRunsPage';
import { TokensPage } from './tokens/TokensPage';
import { AuditPage } from './audit/AuditPage';

/** Routes follow InfluxDB's UI so links and habits carry over. */
export function App() {
  return (
    <>
      <Routes>
        <Route path="/" element={<RootRedirect />} />
        <Route path="/signin" element={<SignInPage />} />
        <Route path="/onboarding" element={<OnboardingPage />} />
        <Route element={<RequireSession />}>
          <Route path="/me/secrets" element={<MeSecretsRedirect />} />
          <Route path="/orgs/:orgID" element={<OrgLayout />}>
            <Route index element={<Navigate to="settings/secrets" replace />} />
            <Route path="settings" element={<Navigate to="secrets" replace />} />
            <Route path="settings/secrets" element={<SecretsPage />} />
            <Route path="data-explorer" element={<DataExplorerPage />} />
            <Route path="tasks" element={<TasksPage />} />
            <Route path="tasks/new" element={<TaskEditPage />} />
            <Route path="tasks/:taskID/edit" element={<TaskEditPage />} />
            <Route path="tasks/:taskID/runs" element={<TaskRunsPage />} />
            <Route path="load-data/tokens" element={<TokensPage />} />
            <Route path="audit" element={<AuditPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
      <Toasts />
    </>
  );
}
