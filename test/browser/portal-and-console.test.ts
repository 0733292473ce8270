import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { WEB_DIST } from '../../api/http/web-pages';
import { Prisma, createPrismaClient } from '../../infra/db';
import { withAdvisoryLock } from '../../persistence/advisory-lock';
import { IMPORT_LOCK_KEY } from '../../usecases/import-statement';
import { callApi } from '../../scripts/stack/api-client';
import { DEMO_PASSWORD, ensureDemoAccounts } from '../../scripts/stack/demo-accounts';
import { writeGpc } from '../../scripts/lib/gpc-writer';
import { stackEnv } from '../helpers/stack-env';
import { addDays, pragueDate, toDateColumn } from '../../domain/prague-calendar';
import { randomIco } from '../../scripts/lib/customers';
import { eventually } from '../helpers/eventually';
import { extractPdfText } from '../helpers/pdf';
import { waitForMessage, type MailboxMessage } from '../helpers/mailbox';
import { startRunningStack, type RunningStack } from '../e2e/running-stack';
import { SCREENSHOT_DIR, buildWebPages, cardOnSomePage, checkPage, launchChromium, type AxeFinding } from './browser-helpers';

const PASSWORD = 'Velmi-tajne-heslo-42';
/** Intl's cs-CZ output uses no-break spaces (`1 290,00 Kč`); compare with plain ones. */
const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f]/g, ' ');
/** Money as the Czech pages show it (`1 290,00 Kč`), with plain spaces. */
const kc = (halere: number) => plain(new Intl.NumberFormat('cs-CZ', { style: 'currency', currency: 'CZK' }).format(halere / 100));
/** PDF text wraps long names over lines. */
const words = (text: string) => plain(text).replace(/\s+/g, ' ');
/** The portal links in an e-mail, as the customer clicks them. */
const portalLinks = (mail: MailboxMessage) => [...(mail.html ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')).filter((url) => url.includes('/portal/'));

/**
 * The portal and the console in Debian's Chromium against the real API and worker processes:
 * a customer's whole journey, the back office's actions, another customer seeing nothing, a
 * refusal with its reason, and an axe scan plus a screenshot of every page visited.
 */
describe('portal and console in the browser', () => {
  let stack: RunningStack;
  let browser: Browser;
  const findings: AxeFinding[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    buildWebPages();
    [stack, browser] = await Promise.all([startRunningStack('browser'), launchChromium()]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close()));
    await browser?.close();
    await stack?.stop();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: stack.apiUrl, acceptDownloads: true, locale: 'cs-CZ', timezoneId: 'Europe/Prague' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    return page;
  }

  const heading = (page: Page) => page.getByRole('heading', { level: 1 });

  it('the first JavaScript a visitor loads is at most 200 kB gzipped', () => {
    const html = readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(WEB_DIST, file))).length, 0);
    writeFileSync(path.join(SCREENSHOT_DIR, '..', 'web-bundle.json'), JSON.stringify({ scripts, gzippedBytes: gzipped }, null, 2));
    expect(gzipped).toBeLessThanOrEqual(200 * 1024);
  });

  it('register → activate → order by transfer and by COD → documents → console: payment, ship, deliver → customer sees COMPLETED; another customer sees nothing', async () => {
    const tag = randomUUID().slice(0, 8);
    const email = `jana-${tag}@zakaznik.example`;
    const companyName = `Pražská pekárna ${tag} s.r.o.`;
    const customer = await newPage();

    // http://host/ opens the portal's sign-in page.
    await customer.goto('/');
    await customer.waitForURL('**/portal/login');
    await expect(heading(customer).textContent()).resolves.toBe('Přihlášení do portálu aTime');
    await checkPage(customer, 'login', findings);

    // Registration: the API's IČO/DIČ rules shown next to their fields.
    await customer.getByRole('link', { name: 'Zaregistrujte firmu' }).click();
    await customer.getByLabel('Název firmy').fill(companyName);
    await customer.getByLabel('IČO', { exact: true }).fill('12345678');
    await customer.getByLabel('DIČ (nepovinné)').fill('XX1');
    await customer.getByLabel('Ulice a číslo').fill('Vinohradská 12');
    await customer.getByLabel('Obec').fill('Praha 2');
    await customer.getByLabel('PSČ').fill('120 00');
    await customer.getByLabel('Kontaktní e-mail firmy').fill(`office-${tag}@zakaznik.example`);
    await customer.getByLabel('Telefon').fill('+420 777 123 456');
    await customer.getByLabel('Jméno a příjmení').fill('Jana Nováková');
    await customer.getByLabel('Přihlašovací e-mail').fill(email);
    await customer.getByLabel('Heslo', { exact: true }).fill(PASSWORD);
    await customer.getByRole('button', { name: 'Zaregistrovat' }).click();
    const invalid = customer.locator('[aria-invalid="true"]');
    const ico = customer.getByLabel('IČO', { exact: true });
    await ico.and(invalid).waitFor();
    const icoError = await customer.locator(`#${(await ico.getAttribute('aria-describedby'))!.split(' ').pop()}`).textContent();
    expect(icoError).toMatch(/IČO/);
    const dic = customer.getByLabel('DIČ (nepovinné)');
    await dic.and(invalid).waitFor();
    await checkPage(customer, 'register-errors', findings);

    await ico.fill(randomIco());
    await dic.fill('');
    await customer.getByRole('button', { name: 'Zaregistrovat' }).click();
    await customer.waitForURL('**/portal/orders');
    const banner = customer.getByRole('heading', { name: /Zkušební verze: zbývá 30 dní/ });
    await banner.waitFor();
    await checkPage(customer, 'orders-trial', findings);

    // Activation: accept the terms.
    await customer.getByLabel(/Přijímám obchodní podmínky verze/).check();
    await customer.getByRole('button', { name: 'Aktivovat aTime' }).click();
    await banner.waitFor({ state: 'detached' });

    // Order 1, bank transfer: 1 terminal + 10 cards, a support ticket.
    await customer.getByRole('navigation').getByRole('link', { name: 'Objednávka' }).click();
    await customer.getByLabel(/Docházkový terminál/).fill('1');
    await customer.getByLabel(/identifikační karta/).fill('10');
    await customer.getByLabel(/servisní tiket/).fill('1');
    await checkPage(customer, 'order-form', findings);
    await customer.getByRole('button', { name: 'Pokračovat ke kontrole' }).click();
    await heading(customer).filter({ hasText: 'Kontrola objednávky' }).waitFor();
    const transferNumber = plain(await heading(customer).textContent()).replace('Kontrola objednávky ', '');
    // 12 990 + 10 × 39 = 13 380 Kč net, 21 % VAT 2 809,80 Kč.
    expect(plain(await customer.getByTestId('order-total').textContent())).toBe('16 189,80 Kč');
    expect(plain(await customer.locator('table.totals').textContent())).toContain('21 %');
    await expect(customer.getByText(/podporu vyúčtujeme po skončení měsíce/).count()).resolves.toBe(1);
    await checkPage(customer, 'order-review', findings);
    await customer.getByRole('button', { name: 'Potvrdit objednávku' }).click();
    await customer.getByText('Čeká na platbu').first().waitFor();
    const proformaLink = customer.getByRole('link', { name: /Zálohová faktura .* \(PDF\)/ });
    await proformaLink.waitFor();
    await customer.getByRole('img', { name: /QR Platba na 16 189,80 Kč/ }).waitFor();
    await checkPage(customer, 'order-awaiting-payment', findings);

    // The proforma's ISDOC downloads beside its PDF.
    const isdocDownload = customer.waitForEvent('download');
    await customer.getByRole('link', { name: /Zálohová faktura .* jako ISDOC/ }).click();
    const isdoc = readFileSync((await (await isdocDownload).path())!, 'utf8');
    expect(isdoc).toContain('<Invoice');
    expect(isdoc).toContain(companyName);

    // The confirmation e-mail links to this order's page and to its ticket's page.
    const office = `office-${tag}@zakaznik.example`;
    const confirmationMail = await waitForMessage((m) => m.to.some((t) => t.address === office) && m.subject.includes(`Potvrzení objednávky ${transferNumber}`), 30_000);
    const confirmationLinks = portalLinks(confirmationMail);
    expect(confirmationLinks).toContain(`${stack.apiUrl}/portal/orders/${transferNumber}`);
    const ticketLink = confirmationLinks.find((url) => url.includes('/portal/tickets/'));
    expect(ticketLink).toMatch(/\/portal\/tickets\/[^/]+$/);

    // The documents download and say what they should.
    const download = customer.waitForEvent('download');
    await proformaLink.click();
    const proformaText = words(await extractPdfText(readFileSync((await (await download).path())!)));
    expect(proformaText).toContain(companyName);
    expect(proformaText).toContain('16 189,80');
    const confirmationDownload = customer.waitForEvent('download');
    await customer.getByRole('link', { name: /Potvrzení objednávky .* \(PDF\)/ }).click();
    expect(words(await extractPdfText(readFileSync((await (await confirmationDownload).path())!)))).toContain(transferNumber);

    // Order 2, cash on delivery, to another address.
    await customer.getByRole('navigation').getByRole('link', { name: 'Objednávka' }).click();
    await customer.getByLabel(/klíčenka/).fill('5');
    await customer.getByLabel(/Dobírka/).check();
    await customer.getByLabel('Doručit na jinou adresu než sídlo firmy').check();
    await customer.getByLabel('Příjemce').fill('Provozovna Brno');
    await customer.getByLabel('Ulice a číslo').fill('Lidická 5');
    await customer.getByLabel('Obec').fill('Brno');
    await customer.getByLabel('PSČ').fill('602 00');
    await customer.getByRole('button', { name: 'Pokračovat ke kontrole' }).click();
    await heading(customer).filter({ hasText: 'Kontrola objednávky' }).waitFor();
    const codNumber = plain(await heading(customer).textContent()).replace('Kontrola objednávky ', '');
    await customer.getByRole('button', { name: 'Potvrdit objednávku' }).click();
    await customer.getByText('Připravena k odeslání').first().waitFor();

    // Console: the admin records the payment, ships, delivers; refusals carry their reason.
    const staff = await newPage();
    await staff.goto('/console/');
    await staff.waitForURL('**/console/login');
    await staff.getByLabel('E-mail').fill(stack.adminEmail);
    await staff.getByLabel('Heslo').fill(stack.adminPassword);
    await staff.getByRole('button', { name: 'Přihlásit se' }).click();
    await staff.waitForURL('**/console/orders');
    await staff.getByRole('link', { name: 'Čekají na platbu' }).click();
    await staff.getByRole('link', { name: transferNumber }).waitFor();
    await checkPage(staff, 'console-orders', findings);
    await staff.getByRole('link', { name: transferNumber }).click();
    await expect(staff.getByRole('link', { name: 'Workflow v Temporal Web UI' }).getAttribute('href')).resolves.toMatch(new RegExp(`/workflows/order-${transferNumber}$`));
    await checkPage(staff, 'console-order', findings);

    // An unpaid transfer order offers no shipping, and says why in the workflow's own rule's words;
    // delivery and return wait for the shipment; payment and cancellation are offered.
    const shipSection = staff.getByRole('region', { name: 'Odeslat', exact: true });
    expect(plain(await shipSection.textContent())).toContain('Odeslat lze jen objednávku připravenou k odeslání');
    await expect(shipSection.getByRole('button').count()).resolves.toBe(0);
    await expect(staff.getByRole('button', { name: 'Zapsat doručení' }).count()).resolves.toBe(0);
    await expect(staff.getByRole('button', { name: 'Zrušit objednávku' }).count()).resolves.toBe(1);

    await staff.getByRole('button', { name: 'Zapsat platbu' }).click();
    await staff.getByText('Platba je zapsána.').waitFor();
    await staff.locator('.facts').getByText('Připravena k odeslání').waitFor();
    await staff.getByLabel('Číslo zásilky').fill(`DR${tag}`);
    await staff.getByRole('button', { name: 'Odeslat' }).click();
    await staff.getByText('Odeslání je zapsáno.').waitFor();
    const shippedMail = await waitForMessage((m) => m.to.some((t) => t.address === office) && m.subject.includes(`Objednávka ${transferNumber} byla odeslána`), 30_000);
    expect(portalLinks(shippedMail)).toEqual([`${stack.apiUrl}/portal/orders/${transferNumber}`]);
    await staff.getByRole('button', { name: 'Zapsat doručení' }).click();
    await staff.getByText('Doručení je zapsáno.').waitFor();
    await staff.locator('.facts').getByText('Dokončena').waitFor();

    // The COD order: the amount to collect and the variable symbol are shown before shipping.
    await staff.goto(`/console/orders/${codNumber}`);
    const codInfo = plain(await staff.locator('.cod').textContent());
    expect(codInfo).toMatch(/Dobírka: vybrat [\d ]+,\d\d Kč, variabilní symbol \d+/);
    await staff.getByLabel('Číslo zásilky').fill(`COD${tag}`);
    await staff.getByRole('button', { name: 'Odeslat' }).click();
    await staff.getByText('Odeslání je zapsáno.').waitFor();
    await staff.getByRole('button', { name: 'Zapsat doručení' }).click();
    await staff.getByText('Doručení je zapsáno.').waitFor();
    await staff.locator('.facts').getByText('Dokončena').waitFor();

    // The customer sees both orders completed, with the timeline and the tax invoice.
    await customer.goto(portalLinks(shippedMail)[0]!);
    await customer.locator('.facts').getByText('Dokončena').waitFor();
    await customer.getByRole('link', { name: /Faktura – daňový doklad .* \(PDF\)/ }).waitFor();
    await customer.locator('.timeline').getByText('Dokončena').waitFor();
    const timeline = plain(await customer.locator('.timeline').textContent());
    expect(timeline).toMatch(/Čeká na platbu.*Odeslána.*Dokončena/s);
    // Who did it, by name and role: the customer's admin confirmed, the back office shipped.
    expect(timeline).toContain('Jana Nováková, Správce');
    expect(timeline).toMatch(/Odeslána \([^)]+, Administrátor\)/);
    await checkPage(customer, 'order-completed', findings);
    await customer.goto('/portal/orders?status=COMPLETED');
    await customer.getByRole('link', { name: codNumber }).waitFor();

    // A consultant's call on the order's support ticket; the customer sees the day used.
    const { token: adminToken } = (await callApi(stack.apiUrl, 'POST', '/auth/login', { body: { email: stack.adminEmail, password: stack.adminPassword } })).body;
    const ticketCode = (await callApi(stack.apiUrl, 'GET', `/orders/${transferNumber}`, { token: adminToken })).body.tickets[0].code as string;
    const consultantEmail = `konzultant-${tag}@atime.example`;
    // The admin creates the consultant's account in the console.
    await staff.getByRole('navigation', { name: 'Hlavní nabídka' }).getByRole('link', { name: 'Uživatelé' }).click();
    await staff.getByLabel('Jméno a příjmení').fill('Karel Konzultant');
    await staff.getByLabel('E-mail').fill(consultantEmail);
    await staff.getByLabel('Úvodní heslo').fill(PASSWORD);
    await staff.getByLabel('Role').selectOption('CONSULTANT');
    await staff.getByRole('button', { name: 'Přidat uživatele' }).click();
    await staff.getByRole('row', { name: new RegExp(consultantEmail) }).getByRole('cell', { name: 'Konzultant', exact: true }).waitFor();
    await checkPage(staff, 'console-users', findings);
    const consultant = await newPage();
    await consultant.goto('/console/login');
    await consultant.getByLabel('E-mail').fill(consultantEmail);
    await consultant.getByLabel('Heslo').fill(PASSWORD);
    await consultant.getByRole('button', { name: 'Přihlásit se' }).click();
    await consultant.waitForURL('**/console/tickets');
    await consultant.getByLabel('Kód tiketu').fill(ticketCode);
    await consultant.getByRole('button', { name: 'Najít' }).click();
    const ticketCard = consultant.locator('.cards > li').filter({ hasText: ticketCode });
    await expect(ticketCard.getByRole('link', { name: 'Workflow v Temporal Web UI' }).getAttribute('href')).resolves.toMatch(new RegExp(`/workflows/ticket-${ticketCode}$`));
    await ticketCard.getByRole('button', { name: 'Zahájit hovor' }).click();
    await ticketCard.getByText('hovor probíhá').first().waitFor();
    await checkPage(consultant, 'console-ticket-call', findings);
    // Calls are counted in whole seconds: one shorter than a second bills nothing. Held until the
    // first second has passed (the page's axe scan alone used to take that long).
    await eventually(async () => expect((await callApi(stack.apiUrl, 'GET', `/tickets/${ticketCode}`, { token: adminToken })).body.usedSeconds).toBeGreaterThan(0));
    await ticketCard.getByRole('button', { name: 'Ukončit hovor' }).click();
    await ticketCard.getByRole('button', { name: 'Zahájit hovor' }).waitFor();
    // The ticket's day belongs to a billing month: its workflow is linked too.
    await expect(ticketCard.getByRole('link', { name: /Vyúčtování podpory \d{4}-\d{2} v Temporal Web UI/ }).getAttribute('href')).resolves.toMatch(/\/workflows\/support-billing-[0-9a-f-]{36}-\d{4}-\d{2}$/);
    expect(plain(await ticketCard.locator('.facts').textContent())).toMatch(/Využíván|Vyčerpán/);
    await customer.goto('/portal/tickets');
    const customerTicket = customer.locator('.cards > li').filter({ hasText: ticketCode });
    await customerTicket.waitFor();
    expect(plain(await customerTicket.textContent())).not.toContain('zatím nevyužit');
    expect(plain(await customerTicket.textContent())).toMatch(/Zbývá\s*1\d\d minut/);
    await customer.getByRole('heading', { name: /Podpora v měsíci \d{4}-\d{2}/ }).waitFor();
    expect(plain(await customer.getByText(/Účtováno/).textContent())).toMatch(/Účtováno 15 min, [\d ]+,\d\d Kč bez DPH/);
    await checkPage(customer, 'tickets', findings);
    // The ticket's own page, as the confirmation e-mail links to it.
    expect(ticketLink).toBe(`${stack.apiUrl}/portal/tickets/${ticketCode}`);
    await customer.goto(ticketLink!);
    await customer.getByRole('heading', { level: 2, name: `Tiket ${ticketCode}` }).waitFor();
    expect(plain(await customer.locator('.facts').textContent())).toMatch(/Zbývá\s*1\d\d minut/);
    await checkPage(customer, 'ticket', findings);
    await customer.goto('/portal/orders');

    // English on request: the same pages, English words, Czech money formats.
    await customer.getByRole('button', { name: 'English' }).click();
    await heading(customer).filter({ hasText: 'Orders' }).waitFor();
    await checkPage(customer, 'orders', findings);
    await customer.goto(`/portal/orders/${transferNumber}`);
    await customer.getByText('Completed').first().waitFor();
    await checkPage(customer, 'order-completed', findings);
    await staff.getByRole('button', { name: 'English' }).click();
    await checkPage(staff, 'console-order', findings);

    // Another organisation's customer sees none of it.
    const otherTag = randomUUID().slice(0, 8);
    const otherEmail = `petr-${otherTag}@jina-firma.example`;
    const registered = await callApi(stack.apiUrl, 'POST', '/auth/register', {
      body: {
        organization: { name: `Jiná firma ${otherTag}`, ico: randomIco(), street: 'Masarykova 1', city: 'Olomouc', postalCode: '779 00', contactEmail: `info-${otherTag}@jina-firma.example`, phone: '+420 585 000 111' },
        admin: { name: 'Petr Jiný', email: otherEmail, password: PASSWORD },
      },
    });
    expect(registered.status).toBe(201);
    const other = await newPage();
    await other.goto('/portal/login');
    await other.getByLabel('E-mail').fill(otherEmail);
    await other.getByLabel('Heslo').fill(PASSWORD);
    await other.getByRole('button', { name: 'Přihlásit se' }).click();
    await other.waitForURL('**/portal/orders');
    await other.getByText('Žádné objednávky.').waitFor();
    await other.goto(`/portal/orders/${transferNumber}`);
    await other.getByRole('alert').filter({ hasText: 'Order not found.' }).waitFor();
    expect(await other.getByText(companyName).count()).toBe(0);
    await checkPage(other, 'other-customer-order', findings);

    // Sign-out revokes the session: the cookie no longer opens the portal.
    await customer.getByRole('button', { name: 'Sign out' }).click();
    await customer.waitForURL('**/portal/login');
    await customer.goto('/portal/orders');
    await customer.waitForURL('**/portal/login');

    expect(findings).toEqual([]);
  }, 600_000);

  it('demo accounts (as `npm run dev` creates them); console: a statement upload, the unmatched credit with its reason, assigned by hand', async () => {
    const db = createPrismaClient(stackEnv().DATABASE_URL);
    const logins = await ensureDemoAccounts(stack.apiUrl, db).finally(() => db.$disconnect());
    const demoCustomer = logins.find((l) => l.who.startsWith('customer'))!;
    const demoStaff = logins.find((l) => l.who.includes('staff'))!;

    // The demo customer has two confirmed orders; the transfer one awaits payment.
    const customer = await newPage();
    await customer.goto('/portal/login');
    await customer.getByLabel('E-mail').fill(demoCustomer.email);
    await customer.getByLabel('Heslo').fill(DEMO_PASSWORD);
    await customer.getByRole('button', { name: 'Přihlásit se' }).click();
    await customer.waitForURL('**/portal/orders');
    await customer.locator('tbody tr').nth(1).waitFor();
    expect(await customer.locator('tbody tr').count()).toBe(2);
    // The admin adds a member (a too-short password is refused at its field) and writes to support.
    const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Hlavní nabídka' });
    await mainNav(customer).getByRole('link', { name: 'Uživatelé' }).click();
    await customer.getByLabel('Jméno a příjmení').fill('Petr Člen');
    await customer.getByLabel('E-mail').fill(`clen-${randomUUID().slice(0, 8)}@demo.atime.example`);
    await customer.getByLabel('Úvodní heslo').fill('kratke');
    await customer.getByRole('button', { name: 'Přidat uživatele' }).click();
    await customer.getByLabel('Úvodní heslo').and(customer.locator('[aria-invalid="true"]')).waitFor();
    await checkPage(customer, 'users-errors', findings);
    await customer.getByLabel('Úvodní heslo').fill('dlouhe-heslo-clena');
    await customer.getByRole('button', { name: 'Přidat uživatele' }).click();
    await customer.getByRole('row', { name: /Petr Člen/ }).waitFor();
    await mainNav(customer).getByRole('link', { name: 'Kontakt' }).click();
    await customer.getByLabel('Předmět').fill('Dotaz k terminálu');
    await customer.getByLabel('Zpráva').fill('Dobrý den, jak se terminál připojuje k Wi-Fi?');
    await checkPage(customer, 'contact', findings);
    await customer.getByRole('button', { name: 'Odeslat zprávu' }).click();
    await customer.getByText('Zpráva je odeslána; odpovíme e-mailem.').waitFor();

    const { token } = (await callApi(stack.apiUrl, 'POST', '/auth/login', { body: { email: demoCustomer.email, password: DEMO_PASSWORD } })).body;
    const orders = (await callApi(stack.apiUrl, 'GET', '/orders?status=AWAITING_PAYMENT', { token })).body.items as { orderNumber: string }[];
    expect(orders).toHaveLength(1);
    const order = (await callApi(stack.apiUrl, 'GET', `/orders/${orders[0]!.orderNumber}`, { token })).body;
    const proforma = order.documents.find((d: { kind: string }) => d.kind === 'PROFORMA_INVOICE');
    // Its due date passed yesterday (Prague): the console's overdue queue shows it.
    const overdueDb = createPrismaClient(stackEnv().DATABASE_URL);
    await overdueDb.order
      .update({ where: { number: order.orderNumber }, data: { dueDate: toDateColumn(addDays(pragueDate(new Date()), -1)) } })
      .finally(() => overdueDb.$disconnect());

    // A support invoice link that is not the customer's says so.
    await customer.goto('/portal/invoices/2026200000');
    await customer.getByText('Taková faktura za podporu u vaší firmy není.').waitFor();
    await checkPage(customer, 'invoice-missing', findings);

    // The customer paid with a wrong variable symbol: the import cannot match it. The statement's
    // header states a credit turnover 1 Kč above its movements (as a partial export would).
    const bookedOn = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Prague' }).format(new Date());
    const statement = writeGpc({
      account: '2800000000',
      statementDate: bookedOn,
      stated: { creditTurnoverHalere: order.grossHalere + 100 },
      movements: [{ documentNumber: String(Date.now()).padStart(13, '0'), amountHalere: order.grossHalere, variableSymbol: '1234509876', counterAccount: '19-2000145399', bankCode: '0800', counterpartyName: 'Demo Pekarna', bookedOn }],
    });
    const staff = await newPage();
    await staff.goto('/console/login');
    await staff.getByLabel('E-mail').fill(demoStaff.email);
    await staff.getByLabel('Heslo').fill(DEMO_PASSWORD);
    await staff.getByRole('button', { name: 'Přihlásit se' }).click();
    await staff.waitForURL('**/console/orders');
    await staff.getByRole('link', { name: 'Po splatnosti', exact: true }).click();
    const overdueRow = staff.getByRole('row', { name: new RegExp(order.orderNumber) });
    await overdueRow.waitFor();
    expect(plain(await overdueRow.textContent())).toContain('Čeká na platbu');
    expect(plain(await overdueRow.textContent())).toContain('Po splatnosti');
    expect(await staff.locator('tbody tr').filter({ hasNotText: 'Po splatnosti' }).count()).toBe(0);
    await checkPage(staff, 'console-overdue', findings);
    await staff.getByRole('navigation', { name: 'Hlavní nabídka' }).getByRole('link', { name: 'Platby' }).click();
    await staff.getByLabel('Soubor výpisu').setInputFiles({ name: 'vypis.gpc', mimeType: 'application/octet-stream', buffer: statement });
    await staff.getByRole('button', { name: 'Importovat' }).click();
    await staff.getByText(/Importováno pohybů: 1 \(nových 1\); spárováno 0, nespárováno 1/).waitFor();
    const warning = staff.getByRole('alert').filter({ hasText: 'Výpis nesedí' });
    await warning.waitFor();
    expect(plain(await warning.textContent())).toContain(`Obrat ve prospěch: výpis uvádí ${kc(order.grossHalere + 100)}, pohyby dávají ${kc(order.grossHalere)}.`);
    const row = await cardOnSomePage(staff.getByRole('region', { name: 'Nespárované platby' }), '1234509876');
    // Worded in Czech from the reason's code, not the API's English sentence.
    expect(plain(await row.textContent())).toContain('Důvod: Variabilní symbol nepatří žádné otevřené zálohové ani daňové faktuře.');
    await checkPage(staff, 'console-payments', findings);

    // A wrong document number is refused with the reason; the right one records the payment.
    await row.getByLabel('Číslo dokladu').fill('1');
    await row.getByRole('button', { name: 'Přiřadit k dokladu' }).click();
    await row.getByRole('alert').waitFor();
    await row.getByLabel('Číslo dokladu').fill(proforma.number);
    await row.getByRole('button', { name: 'Přiřadit k dokladu' }).click();
    await staff.getByText('přiřazeno ručně').first().waitFor();

    // The customer pays the same proforma again, now with its symbol: money to send back, listed
    // with the account it came from; staff record the refund and it leaves the list.
    const again = writeGpc({
      account: '2800000000',
      statementDate: bookedOn,
      movements: [{ documentNumber: String(Date.now() + 1).padStart(13, '0'), amountHalere: order.grossHalere, variableSymbol: proforma.number, counterAccount: '19-2000145399', bankCode: '0800', counterpartyName: 'Demo Pekarna', bookedOn }],
    });
    await staff.getByLabel('Soubor výpisu').setInputFiles({ name: 'vypis-2.gpc', mimeType: 'application/octet-stream', buffer: again });
    await staff.getByRole('button', { name: 'Importovat' }).click();
    await staff.getByText(/Importováno pohybů: 1 \(nových 1\); spárováno 0, nespárováno 0, k vrácení 1/).waitFor();
    const refunds = staff.getByRole('region', { name: 'K vrácení zákazníkům' });
    const refund = refunds.locator('.cards > li').filter({ hasText: proforma.number });
    await refund.waitFor();
    expect(plain(await refund.textContent())).toContain(`Důvod: Doklad ${proforma.number} už byl zaplacen celý: vraťte ${kc(order.grossHalere)}.`);
    expect(plain(await refund.textContent())).toContain('(19-2000145399/0800)');
    await checkPage(staff, 'console-refunds', findings);
    await refund.getByRole('button', { name: 'Peníze jsou vráceny' }).click();
    // Other test files may owe refunds of their own in the same database: this one leaves the list.
    await refund.waitFor({ state: 'detached' });

    // A movement an import stored but did not get to match (it stopped half-way) stays PENDING,
    // set here as such an import leaves it; staff have it matched and handed over from the page.
    const stranded = writeGpc({
      account: '2800000000',
      statementDate: bookedOn,
      movements: [{ documentNumber: String(Date.now() + 2).padStart(13, '0'), amountHalere: 12_345, variableSymbol: '5555500001', counterAccount: '19-2000145399', bankCode: '0800', counterpartyName: 'Demo Pekarna', bookedOn }],
    });
    await staff.getByLabel('Soubor výpisu').setInputFiles({ name: 'vypis-3.gpc', mimeType: 'application/octet-stream', buffer: stranded });
    await staff.getByRole('button', { name: 'Importovat' }).click();
    await staff.getByText(/Importováno pohybů: 1 \(nových 1\); spárováno 0, nespárováno 1/).waitFor();
    const waiting = staff.getByRole('region', { name: 'Čekají na zapsání' });
    const strandedItem = waiting.locator('.cards > li').filter({ hasText: '5555500001' });
    // Other files' hand-overs (the contract test's) match every PENDING movement of the shared
    // database: holding the import lock, they wait while this one is left PENDING and looked at.
    const pendingDb = createPrismaClient(stackEnv().DATABASE_URL);
    await withAdvisoryLock(pendingDb, IMPORT_LOCK_KEY, async () => {
      await pendingDb.bankTransaction.updateMany({ where: { variableSymbol: '5555500001' }, data: { status: 'PENDING', reason: null, reasonCode: null, reasonParams: Prisma.DbNull } });
      await staff.reload();
      await strandedItem.waitFor();
      expect(plain(await strandedItem.textContent())).toContain('Důvod: Zatím nespárováno: import skončil dřív, než se k pohybu dostal; předejte jej ke zapsání.');
      await checkPage(staff, 'console-pending', findings);
    }).finally(() => pendingDb.$disconnect());
    await waiting.getByRole('button', { name: 'Předat znovu ke zapsání' }).click();
    await waiting.getByText(/Ke zapsání předáno \d+; z pohybů, které import nedokončil: spárováno 0, nespárováno \d+/).waitFor();
    await strandedItem.waitFor({ state: 'detached' });
    await staff.reload();
    const unmatchedNow = await cardOnSomePage(staff.getByRole('region', { name: 'Nespárované platby' }), '5555500001');
    await unmatchedNow.getByText('Variabilní symbol nepatří žádné otevřené zálohové ani daňové faktuře.').waitFor();
    await staff.getByRole('navigation', { name: 'Hlavní nabídka' }).getByRole('link', { name: 'Firmy' }).click();
    await staff.getByRole('link', { name: 'Demo Pekárna s.r.o.' }).waitFor();
    await checkPage(staff, 'console-organizations', findings);
    await staff.getByRole('navigation', { name: 'Hlavní nabídka' }).getByRole('link', { name: 'Faktury za podporu' }).click();
    await heading(staff).filter({ hasText: 'Faktury za podporu' }).waitFor();
    await staff.locator('.cards > li').first().or(staff.getByText('Zatím žádné faktury za podporu.')).waitFor();
    await checkPage(staff, 'console-support-invoices', findings);

    await customer.goto(`/portal/orders/${order.orderNumber}`);
    await customer.locator('.facts').getByText('Připravena k odeslání').waitFor();

    // Staff cancel the paid order: what was paid is owed back, listed with the order until staff
    // record that it went back; the customer sees what is owed, then what was sent back.
    await staff.goto(`/console/orders/${order.orderNumber}`);
    await staff.getByLabel('Důvod zrušení').fill('Zboží už není skladem');
    await staff.getByRole('button', { name: 'Zrušit objednávku' }).click();
    await staff.locator('.facts').getByText('Zrušena').waitFor();
    expect(plain(await staff.locator('.facts').textContent())).toContain(`K vrácení zákazníkovi${kc(order.grossHalere)}`);
    await staff.getByRole('navigation', { name: 'Hlavní nabídka' }).getByRole('link', { name: 'Platby' }).click();
    const owed = staff.getByRole('region', { name: 'K vrácení zákazníkům' }).locator('.cards > li').filter({ hasText: order.orderNumber });
    await owed.waitFor();
    expect(plain(await owed.textContent())).toContain(`Zaplaceno ${kc(order.grossHalere)}, fakturováno ${kc(order.grossHalere)}. Důvod zrušení: Zboží už není skladem`);
    await checkPage(staff, 'console-order-refunds', findings);
    await owed.getByRole('button', { name: 'Peníze jsou vráceny' }).click();
    await owed.waitFor({ state: 'detached' });
    await customer.reload();
    await customer.locator('.facts').getByText(`vráceno ${kc(order.grossHalere)}`).waitFor();

    // An order stopped because its documents could not be produced: the order workflow stores the
    // reason on the order (flagOrderProblem); set here as it stores it. Staff find it in the queue
    // of orders needing a decision, with the reason; the customer gets a plain notice, no internals.
    const stuck = await callApi(stack.apiUrl, 'POST', '/orders', { token, headers: { 'Idempotency-Key': randomUUID() }, body: { paymentMethod: 'COD', lines: [{ sku: 'CARD-RFID', quantity: 3 }] } });
    expect(stuck.status).toBe(201);
    const reason = 'Document 2026100099 (TAX_INVOICE): QR Platba: IBAN checksum failed';
    const problemDb = createPrismaClient(stackEnv().DATABASE_URL);
    await problemDb.order.update({ where: { number: stuck.body.orderNumber }, data: { documentProblem: reason, documentProblemAt: new Date() } }).finally(() => problemDb.$disconnect());
    await staff.getByRole('navigation', { name: 'Hlavní nabídka' }).getByRole('link', { name: 'Objednávky' }).click();
    await staff.getByRole('link', { name: 'Čekají na rozhodnutí', exact: true }).click();
    const stuckRow = staff.getByRole('row', { name: new RegExp(stuck.body.orderNumber) });
    await stuckRow.waitFor();
    expect(plain(await stuckRow.textContent())).toContain('Čeká na rozhodnutí');
    expect(await staff.locator('tbody tr').filter({ hasNotText: 'Čeká na rozhodnutí' }).count()).toBe(0);
    await checkPage(staff, 'console-problems', findings);
    await stuckRow.getByRole('link', { name: stuck.body.orderNumber }).click();
    const staffAlert = staff.getByRole('alert').filter({ hasText: 'Doklady k objednávce se nepodařilo vystavit' });
    await staffAlert.waitFor();
    expect(await staffAlert.textContent()).toContain(reason);
    await checkPage(staff, 'console-order-problem', findings);
    await customer.goto(`/portal/orders/${stuck.body.orderNumber}`);
    const customerAlert = customer.getByRole('alert').filter({ hasText: 'Doklady k objednávce se nepodařilo vystavit' });
    await customerAlert.waitFor();
    expect(await customerAlert.textContent()).toContain('ozveme se vám');
    expect(await customerAlert.textContent()).not.toContain('IBAN');
    expect(findings).toEqual([]);
  }, 300_000);

  it('the order page becomes interactive quickly (measured for the report)', async () => {
    const tag = randomUUID().slice(0, 8);
    const email = `mereni-${tag}@zakaznik.example`;
    const registered = await callApi(stack.apiUrl, 'POST', '/auth/register', {
      body: {
        organization: { name: `Měření ${tag}`, ico: randomIco(), street: 'Husova 3', city: 'Plzeň', postalCode: '301 00', contactEmail: `m-${tag}@zakaznik.example`, phone: '+420 377 000 111' },
        admin: { name: 'Eva Měřicí', email, password: PASSWORD },
      },
    });
    expect(registered.status).toBe(201);
    const page = await newPage();
    await page.goto('/portal/login');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Heslo').fill(PASSWORD);
    await page.getByRole('button', { name: 'Přihlásit se' }).click();
    await page.waitForURL('**/portal/orders');
    const samples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = Date.now();
      await page.goto('/portal/orders/new');
      // Interactive: the catalogue is rendered and its first quantity field takes input.
      await page.getByLabel(/Docházkový terminál/).fill('2');
      samples.push(Date.now() - start);
    }
    writeFileSync(path.join(SCREENSHOT_DIR, '..', 'web-order-page-interactive.json'), JSON.stringify({ samplesMs: samples }, null, 2));
    // A measurement for the report, not a timed assertion: the page took input each time.
    console.log(`order page interactive after ${samples.join(', ')} ms (full page loads, cold then warm cache)`);
    expect(samples).toHaveLength(3);
  }, 120_000);
});
