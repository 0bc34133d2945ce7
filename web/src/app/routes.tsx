/** The route table, shared by the browser router and the tests' memory router. */
import type { RouteObject } from 'react-router';
import { Layout } from '@/components/layout';
import { NotFound } from '@/components/not-found';
import { LoginPage } from '@/features/auth/components/login-page';
import { CallbackPage } from '@/features/auth/components/callback-page';
import { HomeRedirect, RequireCustomer, RequireRoles, RequireStaff } from '@/features/auth/components/guards';
import { Availability } from '@/features/agents/components/availability';
import { NotificationsBell } from '@/features/notifications/components/notifications-bell';
import { InboxPage } from '@/features/tickets/components/inbox-page';
import { TicketPage } from '@/features/tickets/components/ticket-page';
import { NewTicketPage } from '@/features/tickets/components/new-ticket-page';
import { TeamPage } from '@/features/agents/components/team-page';
import { SlaPage } from '@/features/sla/components/sla-page';
import { MailPage } from '@/features/mail/components/mail-page';
import { ReportsPage } from '@/features/reports/components/reports-page';
import { QuarantinePage } from '@/features/quarantine/components/quarantine-page';
import { AutomationsPage, TriggersPage } from '@/features/rules/components/rules-page';
import { RoutingPage } from '@/features/rules/components/routing-page';
import { PortalHome } from '@/features/portal/components/portal-home';
import { PortalNewTicket } from '@/features/portal/components/portal-new-ticket';
import { PortalTicket } from '@/features/portal/components/portal-ticket';
import { KbPage } from '@/features/kb/components/kb-page';
import { ArticleEditorPage } from '@/features/kb/components/article-editor-page';
import { HelpLayout } from '@/features/help/components/help-layout';
import { HelpHome } from '@/features/help/components/help-home';
import { HelpArticlePage } from '@/features/help/components/help-article';
import { GlobalSearch } from '@/features/search/components/global-search';
import { CannedPage } from '@/features/canned/components/canned-page';
import { MacrosPage } from '@/features/macros/components/macros-page';
import { SurveyPage } from '@/features/csat/components/survey-page';

export const routes: RouteObject[] = [
  { path: '/', element: <HomeRedirect /> },
  { path: '/login', element: <LoginPage /> },
  { path: '/callback', element: <CallbackPage /> },
  {
    element: <RequireStaff />,
    children: [
      {
        element: (
          <Layout
            title="Helpdesk"
            nav={[
              { to: '/inbox', label: 'Inbox' },
              { to: '/tickets/new', label: 'New ticket' },
              { to: '/kb', label: 'Knowledge base' },
              { to: '/team', label: 'Team' },
              { to: '/sla', label: 'SLA' },
              { to: '/mail', label: 'Mail' },
              { to: '/canned-responses', label: 'Canned responses' },
              { to: '/macros', label: 'Macros' },
              { to: '/reports', label: 'Reports', roles: ['admin', 'manager'] },
              { to: '/triggers', label: 'Triggers', roles: ['admin', 'manager'] },
              { to: '/automations', label: 'Automations', roles: ['admin', 'manager'] },
              { to: '/routing', label: 'Routing', roles: ['admin', 'manager'] },
              { to: '/quarantine', label: 'Quarantine', roles: ['admin'] },
            ]}
            search={<GlobalSearch />}
            extra={
              <>
                <NotificationsBell />
                <Availability />
              </>
            }
            shortcuts
          />
        ),
        children: [
          { path: '/inbox', element: <InboxPage /> },
          { path: '/tickets/new', element: <NewTicketPage /> },
          { path: '/tickets/:id', element: <TicketPage /> },
          { path: '/kb', element: <KbPage /> },
          { path: '/kb/new', element: <ArticleEditorPage /> },
          { path: '/kb/:id', element: <ArticleEditorPage /> },
          { path: '/team', element: <TeamPage /> },
          { path: '/sla', element: <SlaPage /> },
          { path: '/mail', element: <MailPage /> },
          { path: '/canned-responses', element: <CannedPage /> },
          { path: '/macros', element: <MacrosPage /> },
          {
            element: <RequireRoles roles={['admin', 'manager']} />,
            children: [
              { path: '/reports', element: <ReportsPage /> },
              { path: '/triggers', element: <TriggersPage /> },
              { path: '/automations', element: <AutomationsPage /> },
              { path: '/routing', element: <RoutingPage /> },
            ],
          },
          {
            element: <RequireRoles roles={['admin']} />,
            children: [{ path: '/quarantine', element: <QuarantinePage /> }],
          },
        ],
      },
    ],
  },
  {
    element: <RequireCustomer />,
    children: [
      {
        element: (
          <Layout
            title="Support"
            nav={[
              { to: '/portal', label: 'My tickets', end: true },
              { to: '/portal/new', label: 'New request' },
              { to: (user) => `/help/${encodeURIComponent(user.org_id)}`, label: 'Help center' },
            ]}
          />
        ),
        children: [
          { path: '/portal', element: <PortalHome /> },
          { path: '/portal/new', element: <PortalNewTicket /> },
          { path: '/portal/tickets/:id', element: <PortalTicket /> },
        ],
      },
    ],
  },
  {
    // The public help center: no guard, no session needed (the API client sends these without a token).
    path: '/help/:org',
    element: <HelpLayout />,
    children: [
      { index: true, element: <HelpHome /> },
      { path: 'articles/:slug', element: <HelpArticlePage /> },
    ],
  },
  // The satisfaction survey a resolved mail links to: public, no guard (the client sends no token).
  { path: '/csat/:token', element: <SurveyPage /> },
  { path: '*', element: <NotFound /> },
];
