import { Navigate } from 'react-router';
import { useSession } from '../session';

/** Consultants work on tickets; staff and admins start with the orders. */
export function ConsoleHome() {
  const session = useSession();
  return <Navigate to={session.data?.user.role === 'CONSULTANT' ? '/console/tickets' : '/console/orders'} replace />;
}
