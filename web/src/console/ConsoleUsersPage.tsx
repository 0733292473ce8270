import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../api/client';
import { UsersView } from '../components/Users';

const QUERY_KEY = ['back-office-users'] as const;
const ROLES = ['STAFF', 'CONSULTANT', 'ADMIN'] as const;

/** Back-office accounts (admins only). */
export default function ConsoleUsersPage() {
  const { t } = useTranslation();
  const users = useQuery({ queryKey: QUERY_KEY, queryFn: () => ok(api.GET('/admin/users')) });
  return (
    <UsersView
      title={t('users.backOfficeTitle')}
      users={users}
      queryKey={QUERY_KEY}
      roles={ROLES}
      add={({ name, email, password, role }) => ok(api.POST('/admin/users', { body: { name, email, password, role: role ?? 'STAFF' } }))}
    />
  );
}
