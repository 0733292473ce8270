import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ok } from '../api/client';
import { Field, Loading, Notice, ProblemAlert, fieldErrorsOf } from '../components/ui';
import { useSession } from '../session';

/** The organisation's users; its admin adds members. */
export function UsersPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const session = useSession();
  const users = useQuery({ queryKey: ['organization-users'], queryFn: () => ok(api.GET('/organizations/me/users')) });
  const add = useMutation({
    mutationFn: (body: { name: string; email: string; password: string }) => ok(api.POST('/organizations/me/users', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['organization-users'] }),
  });
  const errors = fieldErrorsOf(add.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    add.mutate({ name: String(form.get('name')).trim(), email: String(form.get('email')).trim(), password: String(form.get('password')) });
  };
  if (users.isPending) return <Loading />;
  return (
    <section>
      <h1>{t('users.title')}</h1>
      <ProblemAlert error={users.error} />
      <table>
        <caption className="visually-hidden">{t('users.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('register.adminName')}</th>
            <th scope="col">{t('login.email')}</th>
            <th scope="col">{t('users.role')}</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.items.map((u) => (
            <tr key={u.id}>
              <th scope="row">{u.name}</th>
              <td>{u.email}</td>
              <td>{t(`users.roles.${u.role}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {session.data?.user.role === 'CUSTOMER_ADMIN' && (
        <form onSubmit={submit} noValidate className="narrow" aria-labelledby="add-user">
          <h2 id="add-user">{t('users.add')}</h2>
          <Field label={t('register.adminName')} name="name" required error={errors.name} />
          <Field label={t('login.email')} name="email" type="email" required error={errors.email} />
          <Field label={t('users.initialPassword')} name="password" type="password" autoComplete="new-password" required hint={t('register.passwordHint')} error={errors.password} />
          <ProblemAlert error={add.error} />
          {add.isSuccess && <Notice>{t('users.added')}</Notice>}
          <button type="submit" className="primary" disabled={add.isPending}>
            {t('users.add')}
          </button>
        </form>
      )}
    </section>
  );
}
