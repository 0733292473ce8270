import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { api, ok } from '../api/client';
import { chooseLanguage, chosenLanguage, LANGUAGES } from '../i18n';
import { isCustomerRole, useMe, useSession, useSessionUpdate } from '../session';
import { TrialBanner } from '../portal/TrialBanner';
import { Loading } from './ui';

export type Area = 'portal' | 'console';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language" role="group" aria-label={t('common.language')}>
      {LANGUAGES.map((language) => (
        <button key={language} type="button" lang={language} aria-pressed={i18n.language === language} onClick={() => chooseLanguage(language)}>
          {language === 'cs' ? 'Čeština' : 'English'}
        </button>
      ))}
    </div>
  );
}

/** Pages of one area for a signed-in user of the right kind; others go to that area's sign-in. */
export function SignedInLayout({ area }: { area: Area }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const me = useMe(!!session.data);
  const location = useLocation();
  const navigate = useNavigate();
  const updateSession = useSessionUpdate();

  // The organisation's language applies until the user picks one with the switch.
  const orgLanguage = me.data?.organization?.language;
  useEffect(() => {
    if (orgLanguage && !chosenLanguage() && i18n.language !== orgLanguage) void i18n.changeLanguage(orgLanguage);
  }, [orgLanguage, i18n]);

  if (session.isPending) return <Loading />;
  if (!session.data) return <Navigate to={`/${area}/login`} replace state={{ from: location.pathname }} />;
  const customer = isCustomerRole(session.data.user.role);
  if (customer !== (area === 'portal')) return <Navigate to={customer ? '/portal/' : '/console/'} replace />;

  const signOut = async () => {
    await ok(api.DELETE('/auth/session'));
    updateSession(null);
    await navigate(`/${area}/login`);
  };

  const links =
    area === 'portal'
      ? [
          ['/portal/orders', t('nav.orders')],
          ['/portal/orders/new', t('nav.newOrder')],
          ['/portal/tickets', t('nav.tickets')],
          ['/portal/users', t('nav.users')],
          ['/portal/contact', t('nav.contact')],
        ]
      : session.data.user.role === 'CONSULTANT'
        ? [['/console/tickets', t('nav.tickets')]]
        : [
            ['/console/orders', t('nav.consoleOrders')],
            ['/console/payments', t('nav.payments')],
            ['/console/organizations', t('nav.organizations')],
            ['/console/tickets', t('nav.tickets')],
            ['/console/support-invoices', t('nav.supportInvoices')],
            ...(session.data.user.role === 'ADMIN' ? [['/console/users', t('nav.users')]] : []),
          ];

  return (
    <>
      <a className="skip" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="top">
        <Link to={`/${area}/`} className="brand">
          aTime {area === 'portal' ? t('nav.portal') : t('nav.console')}
        </Link>
        <nav aria-label={t('nav.main')}>
          <ul>
            {links.map(([to, label]) => (
              <li key={to}>
                <NavLink to={to!} end>
                  {label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <LanguageSwitch />
        <span className="who">
          {session.data.user.name}
          {me.data?.organization ? ` · ${me.data.organization.name}` : ''}
        </span>
        <button type="button" onClick={() => void signOut()}>
          {t('nav.signOut')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {area === 'portal' && <TrialBanner />}
        <Outlet />
      </main>
    </>
  );
}

/** Pages for signed-out visitors (sign-in, registration). */
export function PublicLayout() {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="top">
        <span className="brand">aTime</span>
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
