/**
 * Route guards. The API enforces every rule again; these only keep people on the
 * screens meant for them: staff on the agent workspace, customers on the portal.
 */
import { Navigate, Outlet, useLocation } from 'react-router';
import { isStaff, useSession } from '@/lib/session';
import type { Role } from '@/types/api';

function LoginRedirect() {
  const location = useLocation();
  const next = location.pathname + location.search;
  return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
}

export function RequireStaff() {
  const session = useSession();
  if (!session) return <LoginRedirect />;
  if (!isStaff(session.user)) return <Navigate to="/portal" replace />;
  return <Outlet />;
}

export function RequireCustomer() {
  const session = useSession();
  if (!session) return <LoginRedirect />;
  if (isStaff(session.user)) return <Navigate to="/inbox" replace />;
  return <Outlet />;
}

/** `/`: each role's landing page. */
export function HomeRedirect() {
  const session = useSession();
  if (!session) return <Navigate to="/login" replace />;
  return <Navigate to={isStaff(session.user) ? '/inbox' : '/portal'} replace />;
}

/** Staff pages for some roles only (reports: managers and admins; quarantine: admins); others go to the inbox. */
export function RequireRoles({ roles }: { roles: readonly Role[] }) {
  const session = useSession();
  if (!session) return <LoginRedirect />;
  if (!roles.includes(session.user.role)) return <Navigate to="/inbox" replace />;
  return <Outlet />;
}
