/**
 * Self-registration (SPEC 1): the organisation and its first admin are created together, the
 * 30-day trial starts. Used by `POST /auth/register`.
 */
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../persistence/audit';
import { userActor } from '../domain/actor';
import { Refused } from '../domain/errors';
import type { Organization, User } from '../infra/db';
import { hashPassword } from '../infra/passwords';
import type { UseCaseDeps } from './deps';
import { ensureTrialWorkflow } from '../workflows/trial/start';
import { EmailTaken, insertUser, isUniqueViolation, normalizeEmail } from './users';

const DAY_MS = 86_400_000;

export interface Registration {
  organization: {
    name: string;
    ico: string;
    dic?: string | undefined;
    street: string;
    city: string;
    postalCode: string;
    country: string;
    contactEmail: string;
    phone: string;
    language: 'cs' | 'en';
  };
  admin: { name: string; email: string; password: string };
}

const icoTaken = () => new Refused('IcoTaken', 'An organization with this IČO is already registered.');

/**
 * Refuses an IČO or contact e-mail already registered. Runs before the (deliberately slow)
 * password hash, so a repeated registration costs no hashing; it reveals nothing the 409 after
 * the hash did not.
 */
async function refuseTaken(db: Pick<UseCaseDeps['db'], 'organization'>, ico: string, contactEmail: string): Promise<void> {
  if (await db.organization.findUnique({ where: { ico }, select: { id: true } })) throw icoTaken();
  if (await db.organization.findUnique({ where: { contactEmail }, select: { id: true } })) {
    throw new Refused('EmailTaken', 'An organization with this contact e-mail is already registered.');
  }
}

/**
 * Creates the organisation in TRIAL, its CUSTOMER_ADMIN and the audit entry in one transaction,
 * then starts the trial workflow.
 * @throws Refused `IcoTaken`, `EmailTaken` (organisation contact or admin e-mail)
 */
export async function registerOrganization(deps: UseCaseDeps, registration: Registration): Promise<{ organization: Organization; user: User }> {
  const { db, config } = deps;
  const contactEmail = normalizeEmail(registration.organization.contactEmail);
  await refuseTaken(db, registration.organization.ico, contactEmail);
  const passwordHash = await hashPassword(registration.admin.password);
  const now = new Date();
  let created: { organization: Organization; user: User };
  try {
    created = await db.$transaction(async (tx) => {
      await refuseTaken(tx, registration.organization.ico, contactEmail);
      const { language, contactEmail: _ignored, dic, ...rest } = registration.organization;
      const organization = await tx.organization.create({
        data: {
          ...rest,
          dic: dic ?? null,
          contactEmail,
          language: language === 'en' ? 'EN' : 'CS',
          status: 'TRIAL',
          createdAt: now,
          trialEndsAt: new Date(now.getTime() + config.TRIAL_DAYS * DAY_MS),
        },
      });
      const role = 'CUSTOMER_ADMIN';
      // The audit entries name the admin as the actor: the ids are generated here, so create first.
      const userId = randomUUID();
      const actor = userActor(userId, role);
      const user = await insertUser(tx, { id: userId, organizationId: organization.id, ...registration.admin, role }, actor, passwordHash);
      await recordAudit(tx, {
        key: `organization:${organization.id}:registered`,
        actor,
        organizationId: organization.id,
        entityType: 'ORGANIZATION',
        entityId: organization.id,
        action: 'REGISTERED',
        toState: 'TRIAL',
        details: { ico: organization.ico, name: organization.name, trialEndsAt: organization.trialEndsAt.toISOString() },
        at: now,
      });
      return { organization, user };
    });
  } catch (error) {
    // Two registrations racing past the checks: the unique index decides.
    if (isUniqueViolation(error)) {
      const target = JSON.stringify((error as { meta?: unknown }).meta ?? '');
      throw target.includes('ico') ? icoTaken() : new EmailTaken();
    }
    throw error;
  }
  // Crash window between the commit above and this start: the organisation exists and the
  // start is repeated by `ensureTrialWorkflows` at API start and by activation (update-with-
  // start); so a failure here is logged, not shown to the customer.
  try {
    await ensureTrialWorkflow(deps.temporal, config, created.organization);
  } catch (error) {
    deps.logger?.error({ err: error, organizationId: created.organization.id }, 'trial workflow not started; the repair at API start will start it');
  }
  return created;
}
