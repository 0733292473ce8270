import { useMutation, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../session';
import { Field, Loading, Notice, ProblemAlert, Select, fieldErrorsOf } from './ui';

export interface NewUser {
  name: string;
  email: string;
  password: string;
  role?: 'STAFF' | 'CONSULTANT' | 'ADMIN';
}

interface UsersViewProps {
  title: string;
  users: UseQueryResult<{ items: User[] }>;
  queryKey: readonly unknown[];
  /** Absent when the signed-in user may not add anyone. */
  add?: (user: NewUser) => Promise<unknown>;
  /** The roles to choose from (back office); customers' members get theirs from the API. */
  roles?: readonly NonNullable<NewUser['role']>[];
}

/** A list of accounts and the form that adds one: the organisation's (portal) or the back office's (console). */
export function UsersView({ title, users, queryKey, add, roles }: UsersViewProps) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: (user: NewUser) => add!(user),
    onSuccess: () => client.invalidateQueries({ queryKey }),
  });
  const errors = fieldErrorsOf(create.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      name: String(form.get('name')).trim(),
      email: String(form.get('email')).trim(),
      password: String(form.get('password')),
      ...(roles ? { role: String(form.get('role')) as NonNullable<NewUser['role']> } : {}),
    });
  };
  if (users.isPending) return <Loading />;
  return (
    <section>
      <h1>{title}</h1>
      <ProblemAlert error={users.error} />
      <table>
        <caption className="visually-hidden">{title}</caption>
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
      {add && (
        <form onSubmit={submit} noValidate className="narrow" aria-labelledby="add-user">
          <h2 id="add-user">{t('users.add')}</h2>
          <Field label={t('register.adminName')} name="name" required error={errors.name} />
          <Field label={t('login.email')} name="email" type="email" required error={errors.email} />
          <Field label={t('users.initialPassword')} name="password" type="password" autoComplete="new-password" required hint={t('register.passwordHint')} error={errors.password} />
          {roles && (
            <Select label={t('users.role')} name="role" defaultValue={roles[0]}>
              {roles.map((role) => (
                <option key={role} value={role}>
                  {t(`users.roles.${role}`)}
                </option>
              ))}
            </Select>
          )}
          <ProblemAlert error={create.error} />
          {create.isSuccess && <Notice>{t('users.added')}</Notice>}
          <button type="submit" className="primary" disabled={create.isPending}>
            {t('users.add')}
          </button>
        </form>
      )}
    </section>
  );
}
