import { createUser } from '../../usecases/users';
import { icoCheckDigit } from '../../domain/czech-ids';
import type { PrismaClient } from '../../infra/db';
import { callApi } from './api-client';

/** Printed by `npm run dev`: a newcomer can sign in and click through at once. Development only. */
export const DEMO_PASSWORD = 'aTime-demo-2026';

export interface DemoLogin {
  who: string;
  email: string;
  where: string;
}

const DEMO_CUSTOMER = 'zakaznik@demo.atime.example';
const BACK_OFFICE = [
  { role: 'ADMIN', email: 'admin@demo.atime.example', name: 'Alena Správcová', who: 'admin' },
  { role: 'STAFF', email: 'obchod@demo.atime.example', name: 'Tomáš Obchodní', who: 'back office (staff)' },
  { role: 'CONSULTANT', email: 'konzultant@demo.atime.example', name: 'Karel Konzultant', who: 'consultant' },
] as const;

/**
 * Creates the demo accounts when they are missing (a fresh database): an admin, a staff member
 * and a consultant, and an activated demo customer with a confirmed order by transfer and one
 * by cash on delivery — the customer's part through the public API, like any customer.
 */
export async function ensureDemoAccounts(apiUrl: string, db: PrismaClient): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [
    { who: 'customer (activated, two orders)', email: DEMO_CUSTOMER, where: `${apiUrl}/portal/` },
    ...BACK_OFFICE.map((u) => ({ who: u.who, email: u.email, where: `${apiUrl}/console/` })),
  ];
  if (await db.user.findUnique({ where: { email: DEMO_CUSTOMER }, select: { id: true } })) return logins;

  for (const u of BACK_OFFICE) {
    await createUser(db, { organizationId: null, email: u.email, name: u.name, password: DEMO_PASSWORD, role: u.role }, 'dev-demo');
  }
  const call = async (method: string, path: string, token?: string, body?: unknown, headers?: Record<string, string>) => {
    const response = await callApi(apiUrl, method, path, { token, body, headers });
    if (response.status >= 300) throw new Error(`demo data: ${method} ${path} answered ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const icoBody = '2559664';
  await call('POST', '/auth/register', undefined, {
    organization: {
      name: 'Demo Pekárna s.r.o.',
      ico: `${icoBody}${icoCheckDigit(icoBody)}`,
      dic: `CZ${icoBody}${icoCheckDigit(icoBody)}`,
      street: 'Vinohradská 1',
      city: 'Praha 2',
      postalCode: '120 00',
      contactEmail: 'kancelar@demo.atime.example',
      phone: '+420 222 000 111',
      language: 'cs',
    },
    admin: { name: 'Jana Demo', email: DEMO_CUSTOMER, password: DEMO_PASSWORD },
  });
  const { token } = await call('POST', '/auth/login', undefined, { email: DEMO_CUSTOMER, password: DEMO_PASSWORD });
  const { termsVersion } = await call('GET', '/web/settings');
  await call('POST', '/organizations/me/activation', token, { termsVersion });
  const orders = [
    { paymentMethod: 'BANK_TRANSFER', lines: [{ sku: 'TERM-T1', quantity: 1 }, { sku: 'CARD-RFID', quantity: 20 }] },
    { paymentMethod: 'COD', lines: [{ sku: 'FOB-RFID', quantity: 10 }] },
  ];
  for (const [i, order] of orders.entries()) {
    const draft = await call('POST', '/orders', token, order, { 'idempotency-key': `dev-demo-order-${i}` });
    await call('POST', `/orders/${draft.orderNumber}/confirm`, token);
  }
  return logins;
}
