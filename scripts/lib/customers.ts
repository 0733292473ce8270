/**
 * The one way a test or benchmark gets a customer: a valid registration (unique IČO and e-mails),
 * then activation, over the API as a client program would do it. test/api/helpers.ts sends the
 * same registration body through supertest.
 */
import { randomUUID } from 'node:crypto';
import { icoCheckDigit } from '../../domain/czech-ids';
import { loadConfig } from '../../infra/config';
import { callApi } from '../stack/api-client';

export const CUSTOMER_PASSWORD = 'correct horse battery';

/** A random valid IČO, so parallel runs never collide on the unique IČO. */
export function randomIco(): string {
  const body = String(1_000_000 + Math.floor(Math.random() * 9_000_000));
  return `${body}${icoCheckDigit(body)}`;
}

export interface RegistrationOverrides {
  organization?: Record<string, unknown>;
  admin?: Record<string, unknown>;
}

export interface RegistrationBody {
  organization: { name: string; ico: string; contactEmail: string } & Record<string, unknown>;
  admin: { name: string; email: string; password: string } & Record<string, unknown>;
}

/** A valid registration body with unique IČO and e-mails; override any field. */
export function registrationBody(overrides: RegistrationOverrides = {}): RegistrationBody {
  const tag = randomUUID().slice(0, 8);
  return {
    organization: {
      name: `Strojírny ${tag} a.s.`,
      ico: randomIco(),
      street: 'Náměstí Míru 12',
      city: 'Olomouc',
      postalCode: '779 00',
      country: 'CZ',
      contactEmail: `office-${tag}@customer.test`,
      phone: '+420 585 123 456',
      language: 'cs',
      ...overrides.organization,
    },
    admin: { name: `Petr Dvořák ${tag}`, email: `admin-${tag}@customer.test`, password: CUSTOMER_PASSWORD, ...overrides.admin },
  };
}

export interface RegisteredCustomer {
  token: string;
  organizationId: string;
  email: string;
  password: string;
  /** The organisation's contact e-mail (where order e-mails go). */
  contactEmail: string;
  ico: string;
}

function expectStatus(what: string, response: { status: number; body: unknown }, status: number): void {
  if (response.status !== status) throw new Error(`${what}: HTTP ${response.status} ${JSON.stringify(response.body)}`);
}

/**
 * Sends a registration body, drawing another random IČO while the one drawn is taken: random IČOs
 * collide now and then (a birthday bound over 9 million values, with hundreds of organisations in
 * one test database). An IČO the caller chose is sent once.
 */
export async function registerWithFreeIco<R extends { status: number; body: unknown }>(
  overrides: RegistrationOverrides,
  send: (body: RegistrationBody) => Promise<R>,
): Promise<{ body: RegistrationBody; response: R }> {
  for (let attempt = 1; ; attempt++) {
    const body = registrationBody(overrides);
    const response = await send(body);
    const icoTaken = response.status === 409 && String((response.body as { type?: unknown } | undefined)?.type).endsWith('/ico-taken');
    if (!icoTaken || overrides.organization?.ico !== undefined || attempt === 5) return { body, response };
  }
}

/** Registers an organisation through the running API (TRIAL, trial workflow started) and signs its admin in. */
export async function registerCustomer(apiUrl: string, overrides: RegistrationOverrides = {}): Promise<RegisteredCustomer> {
  const { body, response: registered } = await registerWithFreeIco(overrides, (body) => callApi(apiUrl, 'POST', '/auth/register', { body }));
  expectStatus(`registering ${body.admin.email}`, registered, 201);
  const login = await callApi(apiUrl, 'POST', '/auth/login', { body: { email: body.admin.email, password: body.admin.password } });
  expectStatus(`signing in ${body.admin.email}`, login, 200);
  return {
    token: String(login.body.token),
    organizationId: String(registered.body.organization.id),
    email: body.admin.email,
    password: body.admin.password,
    contactEmail: body.organization.contactEmail,
    ico: body.organization.ico,
  };
}

/** Accepts the current terms (the configured default) for the customer's organisation: it becomes ACTIVE. */
export async function activateCustomer(apiUrl: string, customer: Pick<RegisteredCustomer, 'token'>): Promise<void> {
  const activated = await callApi(apiUrl, 'POST', '/organizations/me/activation', { token: customer.token, body: { termsVersion: loadConfig({}).TERMS_VERSION } });
  expectStatus('activation', activated, 200);
}

/** A registered customer whose organisation is ACTIVE, ready to order. */
export async function registerActiveCustomer(apiUrl: string, overrides: RegistrationOverrides = {}): Promise<RegisteredCustomer> {
  const customer = await registerCustomer(apiUrl, overrides);
  await activateCustomer(apiUrl, customer);
  return customer;
}
