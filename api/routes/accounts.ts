import { z } from 'zod';
import { isValidDic, isValidIco } from '../../domain/czech-ids';
import type { Organization } from '../../infra/db';
import { MAX_PASSWORD_LENGTH, verifyAgainstDummy, verifyPassword } from '../../infra/passwords';
import { activateOrganization } from '../../usecases/activate-organization';
import { updateOrganizationSettings } from '../../usecases/ordering-rights';
import { registerOrganization } from '../../usecases/register-organization';
import { normalizeEmail } from '../../usecases/users';
import { createLoginFailureLimit, isLocked, recordFailedLogin, recordSuccessfulLogin } from '../auth/login-throttle';
import { SharedRateLimit } from '../auth/shared-rate-limit';
import { issueSession, revokeSession } from '../auth/sessions';
import type { ApiDeps } from '../deps';
import { actorOf, BACK_OFFICE_ROLES, CUSTOMER_ROLES, organizationScope } from '../http/caller';
import { notFound, tooManyRequests, unauthorized } from '../http/problem';
import { boundedReply, UNDER_WAY_RESPONSE } from '../http/accepted';
import { route, type RouteSpec } from '../http/route';
import { MAX_PAGE, trimmedText } from '../http/validation';
import { emailSchema, passwordSchema, personNameSchema, userSchema, userView } from './account-schemas';
import { createContactRoutes } from './contact';
import { createUserRoutes } from './users';

const organizationInput = z
  .object({
    name: trimmedText(200),
    // The pattern documents the form; the check digit is the refinement's.
    ico: z
      .string()
      .refine(isValidIco, { message: 'IČO must be 8 digits with a valid mod-11 check digit.', params: { rule: 'invalid_ico' } })
      .meta({ pattern: '^\\d{8}$' }),
    dic: z
      .string()
      .refine(isValidDic, { message: 'DIČ must be CZ followed by 8 to 10 digits.', params: { rule: 'invalid_dic' } })
      .meta({ pattern: '^CZ\\d{8,10}$' })
      .optional(),
    street: trimmedText(200),
    city: trimmedText(100),
    postalCode: trimmedText(10, 3),
    country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code, e.g. CZ.').default('CZ'),
    contactEmail: emailSchema,
    phone: z.string().regex(/^\+?[0-9 ]{9,20}$/, 'A phone number: digits and spaces, optionally starting with +.'),
    language: z.enum(['cs', 'en']).default('cs'),
  })
  .superRefine((org, ctx) => {
    if (org.country === 'CZ' && !/^\d{3} ?\d{2}$/.test(org.postalCode)) {
      ctx.addIssue({ code: 'custom', path: ['postalCode'], message: 'A Czech postal code has 5 digits, e.g. 140 00.', params: { rule: 'invalid_postal_code' } });
    }
  });

const registerBody = z.object({
  organization: organizationInput,
  admin: z.object({ name: personNameSchema, email: emailSchema, password: passwordSchema }),
});

const organizationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  ico: z.string(),
  dic: z.string().nullable(),
  street: z.string(),
  city: z.string(),
  postalCode: z.string(),
  country: z.string(),
  contactEmail: z.string(),
  phone: z.string().nullable(),
  language: z.enum(['cs', 'en']),
  status: z.enum(['TRIAL', 'ACTIVE', 'EXPIRED']),
  trialEndsAt: z.string(),
  activatedAt: z.string().nullable(),
  termsVersion: z.string().nullable(),
  membersMayOrder: z.boolean(),
  createdAt: z.string(),
});
const settingsSchema = z.object({ membersMayOrder: z.boolean() });

export function organizationView(org: Organization): z.infer<typeof organizationSchema> {
  return {
    id: org.id,
    name: org.name,
    ico: org.ico,
    dic: org.dic,
    street: org.street,
    city: org.city,
    postalCode: org.postalCode,
    country: org.country,
    contactEmail: org.contactEmail,
    phone: org.phone,
    language: org.language === 'EN' ? 'en' : 'cs',
    status: org.status,
    trialEndsAt: org.trialEndsAt.toISOString(),
    activatedAt: org.activatedAt?.toISOString() ?? null,
    termsVersion: org.termsVersion,
    membersMayOrder: org.membersMayOrder,
    createdAt: org.createdAt.toISOString(),
  };
}

/** The client's address as the trusted proxies (TRUST_PROXY) report it. */
const clientAddress = (req: { ip?: string | undefined }): string => req.ip ?? 'unknown';

const INVALID_CREDENTIALS =
  'The e-mail or password is wrong, or the account is temporarily locked after too many failed attempts.';

/** Every accounts route: registration, sessions, organisations, users, the contact form. */
export function createAccountRoutes(deps: ApiDeps): RouteSpec[] {
  return [...createCoreAccountRoutes(deps), ...createUserRoutes(deps), ...createContactRoutes(deps)];
}

function createCoreAccountRoutes(deps: ApiDeps): RouteSpec[] {
  const { config, db } = deps;
  const loginFailures = createLoginFailureLimit(db, config);
  const registrations = new SharedRateLimit(db, 'registration', config.REGISTRATIONS_PER_IP_PER_HOUR, 3_600_000);

  return [
    route({
      method: 'post',
      path: '/auth/register',
      operationId: 'register',
      summary: 'Register an organisation and its first admin; the 30-day trial starts',
      tags: ['Accounts'],
      access: 'public',
      body: registerBody,
      responses: {
        201: { description: 'Registered; the organisation is in TRIAL', schema: z.object({ organization: organizationSchema, user: userSchema }) },
        400: { description: 'Invalid input (problem+json naming the fields)' },
        409: { description: 'The IČO or e-mail is already registered' },
        429: { description: 'Too many registrations from this address' },
      },
      handler: async ({ body, req }) => {
        if (!(await registrations.tryAcquire(clientAddress(req)))) throw tooManyRequests('Too many registrations from this address; try again later.');
        const created = await registerOrganization(deps, body);
        return { status: 201, body: { organization: organizationView(created.organization), user: userView(created.user) } };
      },
    }),

    route({
      method: 'post',
      path: '/auth/login',
      operationId: 'login',
      summary: 'Sign in with e-mail and password; returns a bearer token',
      tags: ['Accounts'],
      access: 'public',
      body: z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(MAX_PASSWORD_LENGTH) }),
      responses: {
        200: { description: 'Signed in', schema: z.object({ token: z.string(), tokenType: z.literal('Bearer'), expiresAt: z.string(), user: userSchema }) },
        401: { description: 'Wrong e-mail or password, or the account is locked (one answer for all, so e-mails cannot be probed)' },
        429: { description: 'Too many failed attempts from this address' },
      },
      handler: async ({ body, req }) => {
        const ip = clientAddress(req);
        if (await loginFailures.isExhausted(ip)) throw tooManyRequests('Too many failed sign-in attempts from this address; try again later.');
        const user = await db.user.findUnique({ where: { email: normalizeEmail(body.email) } });
        const fail = async () => {
          await loginFailures.record(ip);
          return unauthorized(INVALID_CREDENTIALS);
        };
        if (!user) {
          await verifyAgainstDummy(body.password);
          throw await fail();
        }
        const passwordOk = await verifyPassword(user.passwordHash, body.password);
        // A locked account answers like a wrong password, even to the right one.
        if (isLocked(user)) throw await fail();
        if (!passwordOk) {
          await recordFailedLogin(db, user, config);
          throw await fail();
        }
        if (!user.active) throw await fail();
        await recordSuccessfulLogin(db, user);
        const session = await issueSession(db, user.id, config.SESSION_TTL_HOURS);
        return { body: { token: session.token, tokenType: 'Bearer', expiresAt: session.expiresAt.toISOString(), user: userView(user) } };
      },
    }),

    route({
      method: 'post',
      path: '/auth/logout',
      operationId: 'logout',
      summary: 'Revoke the bearer token of this request',
      tags: ['Accounts'],
      access: 'authenticated',
      responses: { 204: { description: 'Revoked' } },
      handler: async ({ req }) => {
        const token = req.headers.authorization?.slice('Bearer '.length).trim();
        if (token) await revokeSession(db, token);
        return { status: 204 };
      },
    }),

    route({
      method: 'get',
      path: '/me',
      operationId: 'getMe',
      summary: 'The signed-in user and their organisation',
      tags: ['Accounts'],
      access: 'authenticated',
      responses: { 200: { description: 'The caller', schema: z.object({ user: userSchema, organization: organizationSchema.nullable() }) } },
      handler: async ({ caller }) => {
        const user = await db.user.findUniqueOrThrow({ where: { id: caller.userId }, include: { organization: true } });
        return { body: { user: userView(user), organization: user.organization ? organizationView(user.organization) : null } };
      },
    }),

    route({
      method: 'get',
      path: '/organizations/me',
      operationId: 'getMyOrganization',
      summary: "The caller's organisation, with its trial status",
      tags: ['Organizations'],
      access: CUSTOMER_ROLES,
      responses: { 200: { description: 'The organisation', schema: organizationSchema } },
      handler: async ({ caller }) => {
        const organization = await db.organization.findUnique({ where: { id: caller.organizationId ?? '' } });
        if (!organization) throw notFound('Organization');
        return { body: organizationView(organization) };
      },
    }),

    route({
      method: 'patch',
      path: '/organizations/me/settings',
      operationId: 'updateMyOrganizationSettings',
      summary: "Change the organisation's settings (its admin), e.g. whether members may confirm and cancel orders",
      tags: ['Organizations'],
      access: ['CUSTOMER_ADMIN'],
      body: settingsSchema.partial().strict(),
      responses: { 200: { description: 'The settings after the change (audited)', schema: settingsSchema } },
      handler: async ({ body, caller }) => ({ body: await updateOrganizationSettings(db, organizationScope(caller)!, body, actorOf(caller)) }),
    }),

    route({
      method: 'post',
      path: '/organizations/me/activation',
      operationId: 'activateMyOrganization',
      summary: 'Activate aTime: accept the terms of business (during the trial or after it expired)',
      tags: ['Organizations'],
      access: ['CUSTOMER_ADMIN'],
      body: z.object({ termsVersion: z.string().min(1).max(50) }),
      responses: {
        200: { description: 'The organisation is ACTIVE', schema: z.object({ status: z.literal('ACTIVE'), activatedAt: z.string(), termsVersion: z.string() }) },
        202: UNDER_WAY_RESPONSE,
        409: { description: 'Already active, or not the current terms version' },
      },
      handler: async ({ body, caller }) => boundedReply(await activateOrganization(deps, caller.organizationId, body.termsVersion, actorOf(caller)), '/organizations/me'),
    }),

    route({
      method: 'get',
      path: '/organizations',
      operationId: 'listOrganizations',
      summary: 'All organisations (back office)',
      tags: ['Organizations'],
      access: BACK_OFFICE_ROLES,
      query: z.object({
        status: z.enum(['TRIAL', 'ACTIVE', 'EXPIRED']).optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
        offset: z.coerce.number().int().min(0).max(MAX_PAGE).default(0),
      }),
      responses: { 200: { description: 'A page of organisations', schema: z.object({ items: z.array(organizationSchema), total: z.number().int() }) } },
      handler: async ({ query }) => {
        const where = query.status ? { status: query.status } : {};
        const [items, total] = await Promise.all([
          db.organization.findMany({ where, orderBy: { createdAt: 'desc' }, take: query.limit, skip: query.offset }),
          db.organization.count({ where }),
        ]);
        return { body: { items: items.map(organizationView), total } };
      },
    }),

    route({
      method: 'get',
      path: '/organizations/:organizationId',
      operationId: 'getOrganization',
      summary: 'One organisation; a customer only their own (another one is 404)',
      tags: ['Organizations'],
      access: [...CUSTOMER_ROLES, ...BACK_OFFICE_ROLES],
      params: z.object({ organizationId: z.uuid() }),
      responses: { 200: { description: 'The organisation', schema: organizationSchema }, 404: { description: 'Not found (or not yours)' } },
      handler: async ({ params, caller }) => {
        const scope = organizationScope(caller);
        if (scope !== undefined && scope !== params.organizationId) throw notFound('Organization');
        const organization = await db.organization.findUnique({ where: { id: params.organizationId } });
        if (!organization) throw notFound('Organization');
        return { body: organizationView(organization) };
      },
    }),
  ];
}
