import { randomUUID } from 'node:crypto';
import { createContactRequestActivities } from '../../activities/contact-request';
import { messagesTo, waitForMessage } from '../helpers/mailbox';
import { useAccountActivityEnv } from './account-fixtures';

describe('contact-request activities (real database, real SMTP to the test mailbox)', () => {
  const env = useAccountActivityEnv();
  let activities: ReturnType<typeof createContactRequestActivities>;
  beforeAll(() => {
    activities = createContactRequestActivities(env);
  });

  describe('sendContactRequestEmails', () => {
    async function contactRequest(language: 'CS' | 'EN') {
      const { org, user } = await env.organization(language);
      const request = await env.db.contactRequest.create({
        data: { organizationId: org.id, userId: user.id, subject: `Terminál nehlásí příchody ${randomUUID().slice(0, 6)}`, message: 'Dobrý den,\nterminál T1 od včerejška nereaguje na karty.' },
      });
      return { org, user, request };
    }

    it('sends the request to the support mailbox and a Czech acknowledgement to the sender, once', async () => {
      const { org, user, request } = await contactRequest('CS');
      const first = await activities.sendContactRequestEmails({ contactRequestId: request.id });
      expect(await activities.sendContactRequestEmails({ contactRequestId: request.id })).toEqual(first);

      const toSupport = await waitForMessage((m) => m.to.some((t) => t.address === env.supportMailbox) && m.subject.includes(request.subject));
      expect(toSupport.subject).toBe(`[Kontaktní formulář] ${org.name}: ${request.subject}`);
      expect(toSupport.text).toContain('terminál T1 od včerejška nereaguje na karty');
      expect(toSupport.text).toContain(org.ico);
      expect(toSupport.text).toContain(user.email);

      const ack = await waitForMessage((m) => m.to.some((t) => t.address === user.email));
      expect(ack.subject).toBe(`Přijali jsme váš dotaz: ${request.subject}`);
      expect(ack.text).toContain('ozveme se vám co nejdříve');
      expect(await messagesTo(user.email)).toHaveLength(1);
      expect(await env.db.emailMessage.count({ where: { recipient: user.email } })).toBe(1);
    });

    it('acknowledges in English to an organisation preferring English', async () => {
      const { user, request } = await contactRequest('EN');
      await activities.sendContactRequestEmails({ contactRequestId: request.id });
      const ack = await waitForMessage((m) => m.to.some((t) => t.address === user.email));
      expect(ack.subject).toBe(`We have received your request: ${request.subject}`);
      expect(ack.text).toContain('We have received it');
    });
  });
});
