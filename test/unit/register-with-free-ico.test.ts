import { registerWithFreeIco, type RegistrationBody } from '../../scripts/lib/customers';

const icoTaken = { status: 409, body: { type: 'https://atime.example/problems/ico-taken' } };
const created = { status: 201, body: {} };

describe('registering a test customer with a random IČO', () => {
  test('draws another IČO while the one drawn is taken', async () => {
    const sent: RegistrationBody[] = [];
    const answers = [icoTaken, icoTaken, created];
    const { body, response } = await registerWithFreeIco({}, async (b) => (sent.push(b), answers.shift()!));
    expect(response.status).toBe(201);
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((b) => b.organization.ico)).size).toBe(3);
    expect(body).toBe(sent[2]);
  });

  test('an IČO the caller chose, or any other refusal, is sent once', async () => {
    let calls = 0;
    expect((await registerWithFreeIco({ organization: { ico: '27082440' } }, async () => (calls++, icoTaken))).response.status).toBe(409);
    expect((await registerWithFreeIco({}, async () => (calls++, { status: 409, body: { type: 'https://atime.example/problems/email-taken' } }))).response.status).toBe(409);
    expect(calls).toBe(2);
  });

  test('gives up after five taken IČOs', async () => {
    let calls = 0;
    expect((await registerWithFreeIco({}, async () => (calls++, icoTaken))).response.status).toBe(409);
    expect(calls).toBe(5);
  });
});
