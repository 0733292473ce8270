import './i18n';
import './styles.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { PublicLayout, SignedInLayout } from './components/Layout';
import { Loading } from './components/ui';
import { LoginPage } from './portal/LoginPage';
import { OrderDetailPage } from './portal/OrderDetailPage';
import { OrderFormPage } from './portal/OrderFormPage';
import { OrdersPage } from './portal/OrdersPage';
import { RegisterPage } from './portal/RegisterPage';
import { TicketsPage } from './portal/TicketsPage';
import { InvoicePage } from './portal/InvoicePage';
import { UsersPage } from './portal/UsersPage';
import { ContactPage } from './portal/ContactPage';
import { ConsoleHome } from './console/ConsoleHome';

// Customers never download the console's code.
const ConsoleOrdersPage = lazy(() => import('./console/ConsoleOrdersPage'));
const ConsoleOrderPage = lazy(() => import('./console/ConsoleOrderPage'));
const ConsolePaymentsPage = lazy(() => import('./console/ConsolePaymentsPage'));
const ConsoleOrganizationsPage = lazy(() => import('./console/ConsoleOrganizationsPage'));
const ConsoleTicketsPage = lazy(() => import('./console/ConsoleTicketsPage'));
const ConsoleUsersPage = lazy(() => import('./console/ConsoleUsersPage'));
const ConsoleSupportInvoicesPage = lazy(() => import('./console/ConsoleSupportInvoicesPage'));

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

const router = createBrowserRouter([
  {
    path: '/portal',
    children: [
      {
        element: <PublicLayout />,
        children: [
          { path: 'login', element: <LoginPage area="portal" /> },
          { path: 'register', element: <RegisterPage /> },
        ],
      },
      {
        element: <SignedInLayout area="portal" />,
        children: [
          { index: true, element: <Navigate to="/portal/orders" replace /> },
          { path: 'orders', element: <OrdersPage /> },
          { path: 'orders/new', element: <OrderFormPage /> },
          { path: 'orders/:orderNumber', element: <OrderDetailPage /> },
          { path: 'tickets', element: <TicketsPage /> },
          // The pages e-mails link to (emails/messages.ts portalPath).
          { path: 'tickets/:code', element: <TicketsPage /> },
          { path: 'invoices/:number', element: <InvoicePage /> },
          { path: 'users', element: <UsersPage /> },
          { path: 'contact', element: <ContactPage /> },
        ],
      },
    ],
  },
  {
    path: '/console',
    children: [
      { element: <PublicLayout />, children: [{ path: 'login', element: <LoginPage area="console" /> }] },
      {
        element: <SignedInLayout area="console" />,
        children: [
          { index: true, element: <ConsoleHome /> },
          { path: 'orders', element: <ConsoleOrdersPage /> },
          { path: 'orders/:orderNumber', element: <ConsoleOrderPage /> },
          { path: 'payments', element: <ConsolePaymentsPage /> },
          { path: 'organizations', element: <ConsoleOrganizationsPage /> },
          { path: 'tickets', element: <ConsoleTicketsPage /> },
          { path: 'users', element: <ConsoleUsersPage /> },
          { path: 'support-invoices', element: <ConsoleSupportInvoicesPage /> },
        ],
      },
    ],
  },
  { path: '*', element: <Navigate to="/portal/" replace /> },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <Suspense fallback={<Loading />}>
        <RouterProvider router={router} />
      </Suspense>
    </QueryClientProvider>
  </StrictMode>,
);
