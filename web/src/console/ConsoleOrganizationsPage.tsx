import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ok } from '../api/client';
import { Loading, ProblemAlert } from '../components/ui';
import { useFormat } from '../format';

export default function ConsoleOrganizationsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const organizations = useQuery({ queryKey: ['organizations'], queryFn: () => ok(api.GET('/organizations', { params: { query: { limit: 200 } } })) });
  if (organizations.isPending) return <Loading />;
  return (
    <section>
      <h1>{t('organizations.title')}</h1>
      <ProblemAlert error={organizations.error} />
      <table>
        <caption className="visually-hidden">{t('organizations.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('register.name')}</th>
            <th scope="col">{t('register.ico')}</th>
            <th scope="col">{t('order.status')}</th>
            <th scope="col">{t('organizations.trialEnds')}</th>
            <th scope="col">{t('register.contactEmail')}</th>
          </tr>
        </thead>
        <tbody>
          {organizations.data?.items.map((o) => (
            <tr key={o.id}>
              <th scope="row">
                <Link to={`/console/orders?organization=${o.id}`}>{o.name}</Link>
              </th>
              <td>{o.ico}</td>
              <td>{t(`organizations.status.${o.status}`)}</td>
              <td>{o.status === 'TRIAL' ? f.date(o.trialEndsAt) : '—'}</td>
              <td>{o.contactEmail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
