import { useTranslation } from 'react-i18next';
import type { Ticket } from '../api/models';
import { useFormat } from '../format';

export type { Ticket };

/** A ticket's day, calls, minutes used and left. */
export function TicketFacts({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <>
      <dl className="facts">
        <dt>{t('tickets.status')}</dt>
        <dd>
          {t(`tickets.statuses.${ticket.status}`)}
          {ticket.callRunning ? ` · ${t('tickets.callRunning')}` : ''}
        </dd>
        <dt>{t('tickets.day')}</dt>
        <dd>{ticket.supportDay ? f.date(ticket.supportDay) : t('tickets.notUsedYet')}</dd>
        <dt>{t('tickets.used')}</dt>
        <dd data-testid={`ticket-${ticket.code}-used`}>{t('tickets.minutes', { count: ticket.minutesUsed })}</dd>
        <dt>{t('tickets.left')}</dt>
        <dd>{t('tickets.minutes', { count: ticket.minutesLeft })}</dd>
        {ticket.expiresAt && (
          <>
            <dt>{t('tickets.expires')}</dt>
            <dd>{f.date(ticket.expiresAt)}</dd>
          </>
        )}
      </dl>
      {ticket.calls.length > 0 && (
        <ol className="timeline" aria-label={t('tickets.calls')}>
          {ticket.calls.map((c) => (
            <li key={c.startedAt}>
              {f.dateTime(c.startedAt)} – {c.endedAt ? f.dateTime(c.endedAt) : t('tickets.callRunning')} ({t('tickets.seconds', { count: c.durationSeconds })})
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
