import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../api/client';
import { UsersView } from '../components/Users';
import { useSession } from '../session';

const QUERY_KEY = ['organization-users'] as const;

/** The organisation's users; its admin adds members. */
export function UsersPage() {
  const { t } = useTranslation();
  const session = useSession();
  const users = useQuery({ queryKey: QUERY_KEY, queryFn: () => ok(api.GET('/organizations/me/users')) });
  const isAdmin = session.data?.user.role === 'CUSTOMER_ADMIN';
  return (
    <UsersView
      title={t('users.title')}
      users={users}
      queryKey={QUERY_KEY}
      {...(isAdmin ? { add: ({ name, email, password }) => ok(api.POST('/organizations/me/users', { body: { name, email, password } })) } : {})}
    />
  );
}
