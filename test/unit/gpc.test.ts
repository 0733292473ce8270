import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import { parseFioJson } from '../../domain/bank-statements/fio-json';
import { parseGpc } from '../../domain/bank-statements/gpc';
import { reconcileStatement } from '../../domain/bank-statements/reconcile';
import { StatementParseError } from '../../domain/bank-statements/types';

// Builders for 128-character GPC records, field by field as in the format description.
const num = (value: number | string, width: number): string => {
  const s = String(value);
  if (s.length > width) throw new Error(`test data "${s}" wider than ${width}`);
  return s.padStart(width, '0');
};
const txt = (value: string, width: number): string => value.padEnd(width, ' ').slice(0, width);

interface Header {
  account?: string;
  name?: string;
  oldDate?: string;
  oldBalance?: number;
  oldSign?: string;
  newBalance?: number;
  newSign?: string;
  debit?: number;
  credit?: number;
  number?: string;
  date?: string;
}

function rec074(h: Header = {}): string {
  const r =
    '074' +
    num(h.account ?? '0000002600113745', 16) +
    txt(h.name ?? 'Žluťoučký kůň s.r.o.', 20) +
    (h.oldDate ?? '280226') +
    num(h.oldBalance ?? 1_000_000, 14) +
    (h.oldSign ?? '+') +
    num(h.newBalance ?? 1_250_000, 14) +
    (h.newSign ?? '+') +
    num(h.debit ?? 0, 14) +
    '0' +
    num(h.credit ?? 250_000, 14) +
    '0' +
    (h.number ?? '003') +
    (h.date ?? '310326') +
    ' '.repeat(14);
  expect(r).toHaveLength(128);
  return r;
}

interface Movement {
  account?: string;
  counter?: string;
  doc?: string;
  amount?: number | string;
  code?: string;
  vs?: string;
  bank?: string;
  ks?: string;
  ss?: string;
  valueDate?: string;
  name?: string;
  change?: string;
  dataType?: string;
  bookingDate?: string;
}

function rec075(m: Movement = {}): string {
  const amount = typeof m.amount === 'string' ? m.amount : num(m.amount ?? 1_571_790, 12);
  const r =
    '075' +
    num(m.account ?? '0000002600113745', 16) +
    num(m.counter ?? '0000190000012345', 16) +
    num(m.doc ?? '0000016659818503'.slice(-13), 13) +
    amount +
    (m.code ?? '2') +
    num(m.vs ?? '2026100001', 10) +
    '00' +
    num(m.bank ?? '0800', 4) +
    num(m.ks ?? '0308', 4) +
    num(m.ss ?? '0000000000', 10) +
    (m.valueDate ?? '300326') +
    txt(m.name ?? 'Pražská Účetní a.s.', 20) +
    (m.change ?? '0') +
    (m.dataType ?? '0203') +
    (m.bookingDate ?? '310326');
  expect(r).toHaveLength(128);
  return r;
}

const rec078 = (message: string): string => txt(`078${message}`, 128);
const rec079 = (message: string): string => txt(`079${message}`, 128);

const encode = (records: string[], eol = '\r\n', trailing = true): Buffer =>
  iconv.encode(records.join(eol) + (trailing ? eol : ''), 'windows-1250');

function parseError(bytes: Buffer): StatementParseError {
  try {
    parseGpc(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(StatementParseError);
    return error as StatementParseError;
  }
  throw new Error('expected parseGpc to throw');
}

describe('parseGpc', () => {
  it('reads the header and a credit movement written in windows-1250', () => {
    const bytes = encode([rec074(), rec075()]);
    expect(bytes.length).toBe(2 * 130);
    expect(bytes.includes(0x8e)).toBe(true); // "Ž" in windows-1250 (it would be 2 bytes in UTF-8)

    const statement = parseGpc(bytes);
    expect(statement).toEqual({
      accountNumber: '2600113745',
      statementDate: '2026-03-31',
      statementNumber: '003',
      ownerName: 'Žluťoučký kůň s.r.o.',
      openingBalanceHalere: 1_000_000,
      closingBalanceHalere: 1_250_000,
      debitTurnoverHalere: 0,
      creditTurnoverHalere: 250_000,
      movements: [
        {
          movementId: 'bank:2600113745:16659818503',
          accountNumber: '2600113745',
          bookedOn: '2026-03-31',
          valueOn: '2026-03-30',
          amountHalere: 1_571_790,
          variableSymbol: '2026100001',
          constantSymbol: '308',
          specificSymbol: null,
          counterpartyAccount: '19-12345/0800',
          counterpartyName: 'Pražská Účetní a.s.',
          isReversal: false,
        },
      ],
    });
  });

  it('signs debits and reversals by posting code (1 debit, 2 credit, 4 debit reversal, 5 credit reversal)', () => {
    const statement = parseGpc(
      encode([
        rec074(),
        rec075({ doc: '1', code: '1', amount: 12_345 }),
        rec075({ doc: '2', code: '2', amount: 50 }),
        rec075({ doc: '3', code: '4', amount: 12_345 }),
        rec075({ doc: '4', code: '5', amount: 50 }),
      ]),
    );
    expect(statement.movements.map((m) => [m.amountHalere, m.isReversal])).toEqual([
      [-12_345, false],
      [50, false],
      [12_345, true],
      [-50, true],
    ]);
  });

  it('strips leading zeros from symbols and treats all zeros as absent', () => {
    const [a, b] = parseGpc(
      encode([
        rec074(),
        rec075({ doc: '1', vs: '0000001234', ks: '0008', ss: '0000000077' }),
        rec075({ doc: '2', vs: '0000000000', ks: '0000', ss: '0000000000', counter: '0', bank: '0000' }),
      ]),
    ).movements;
    expect(a).toMatchObject({ variableSymbol: '1234', constantSymbol: '8', specificSymbol: '77' });
    expect(b).toMatchObject({ variableSymbol: null, constantSymbol: null, specificSymbol: null });
    expect(b!.counterpartyAccount).toBeUndefined();
  });

  it('formats accounts with and without a prefix', () => {
    const statement = parseGpc(
      encode([
        rec074({ account: '0000190002000145' }),
        rec075({ account: '0000190002000145', counter: '0000000000001234', bank: '0300' }),
      ]),
    );
    expect(statement.accountNumber).toBe('19-2000145');
    expect(statement.movements[0]!.accountNumber).toBe('19-2000145');
    expect(statement.movements[0]!.counterpartyAccount).toBe('1234/0300');
  });

  it('reads negative balances', () => {
    const statement = parseGpc(encode([rec074({ oldSign: '-', oldBalance: 500, newSign: '-', newBalance: 70 })]));
    expect(statement.openingBalanceHalere).toBe(-500);
    expect(statement.closingBalanceHalere).toBe(-70);
    expect(statement.movements).toEqual([]);
  });

  it('gives the same result for LF and CRLF, with or without a final line end and a DOS EOF mark', () => {
    const records = [rec074(), rec075({ doc: '1' }), rec075({ doc: '2', code: '1' })];
    const crlf = parseGpc(encode(records));
    expect(parseGpc(encode(records, '\n'))).toEqual(crlf);
    expect(parseGpc(encode(records, '\r\n', false))).toEqual(crlf);
    expect(parseGpc(Buffer.concat([encode(records), Buffer.from([0x1a])]))).toEqual(crlf);
    expect(parseGpc(Buffer.concat([encode(records), Buffer.from('\r\n\r\n')]))).toEqual(crlf);
  });

  it('appends 078/079 text to the movement message and skips 076', () => {
    const [m1, m2] = parseGpc(
      encode([
        rec074(),
        rec075({ doc: '1' }),
        txt('076', 128),
        rec078('Platba faktury 2026100001'),
        rec079('Děkujeme,   Žluťoučký kůň'),
        rec075({ doc: '2' }),
      ]),
    ).movements;
    expect(m1!.message).toBe('Platba faktury 2026100001 Děkujeme, Žluťoučký kůň');
    expect(m2!.message).toBeUndefined();
  });

  it('accepts 078 records whose trailing spaces were trimmed', () => {
    const [m] = parseGpc(encode([rec074(), rec075(), '078short message'])).movements;
    expect(m!.message).toBe('short message');
  });

  it('falls back to the value date, then the statement date', () => {
    const [a, b] = parseGpc(
      encode([
        rec074({ date: '310326' }),
        rec075({ doc: '1', bookingDate: '000000', valueDate: '290326' }),
        rec075({ doc: '2', bookingDate: '000000', valueDate: '000000' }),
      ]),
    ).movements;
    expect(a!.bookedOn).toBe('2026-03-29');
    expect(b!.bookedOn).toBe('2026-03-31');
  });

  it('makes stable movement ids when the bank gives no document number', () => {
    const records = [rec074(), rec075({ doc: '0' }), rec075({ doc: '0' }), rec075({ doc: '0', amount: 1 })];
    const ids = parseGpc(encode(records)).movements.map((m) => m.movementId);
    expect(new Set(ids).size).toBe(3);
    expect(ids[0]).toBe('gpc:2600113745:2026-03-31:1571790:2026100001:19-12345/0800:1');
    expect(ids[1]).toBe('gpc:2600113745:2026-03-31:1571790:2026100001:19-12345/0800:2');
    expect(parseGpc(encode(records)).movements.map((m) => m.movementId)).toEqual(ids);
  });

  it('keeps an alphanumeric document number', () => {
    const [m] = parseGpc(encode([rec074(), rec075({ doc: 'ABC0012345678' })])).movements;
    expect(m!.movementId).toBe('bank:2600113745:ABC0012345678');
  });

  it('accepts a repeated header of the same account (multi-page statements)', () => {
    const statement = parseGpc(
      encode([rec074({ newBalance: 1 }), rec075({ doc: '1' }), rec074({ number: '004', newBalance: 2, date: '010426' }), rec075({ doc: '2' })]),
    );
    expect(statement.movements).toHaveLength(2);
    expect(statement.closingBalanceHalere).toBe(2);
    expect(statement.statementDate).toBe('2026-04-01');
  });

  it('refuses a statement in another currency than CZK (positions 119–122), naming the rule', () => {
    const gbp = parseError(encode([rec074(), rec075({ doc: '1' }), rec075({ doc: '2', dataType: '0826' })]));
    expect(gbp.line).toBe(3);
    expect(gbp.message).toMatch(/must be CZK.*"0826"/);
    expect(gbp.violations).toEqual([expect.objectContaining({ field: 'file', rule: 'currency_not_czk' })]);
  });

  it('keeps the value date beside the booking date', () => {
    const [m] = parseGpc(encode([rec074(), rec075({ valueDate: '270326', bookingDate: '300326' })])).movements;
    expect(m).toMatchObject({ bookedOn: '2026-03-30', valueOn: '2026-03-27' });
  });

  describe('the same transaction from GPC and from the Fio JSON list (test/fixtures/bank)', () => {
    const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/bank', name));
    const gpc = parseGpc(fixture('fio-2026-03.gpc'));
    const json = parseFioJson(fixture('fio-2026-03.json').toString('utf8'));

    it('has one identity: bank:<account>:<movement id> from GPC positions 36–48 and JSON column22', () => {
      const key = (m: (typeof gpc.movements)[number]) => [m.movementId, m.bookedOn, m.amountHalere, m.variableSymbol, m.counterpartyAccount];
      expect(gpc.movements.map(key)).toEqual(json.movements.map(key));
      expect(gpc.movements.map((m) => m.movementId)).toEqual(['bank:2800000000:26962199069', 'bank:2800000000:26962199070', 'bank:2800000000:26962199071']);
    });

    it('both add up: no warnings', () => {
      expect(reconcileStatement(gpc)).toEqual([]);
      expect(reconcileStatement(json)).toEqual([]);
    });
  });

  describe('reconciling the 074 header with the movements', () => {
    it('a header that adds up: no warning, also across pages and with reversals', () => {
      const statement = parseGpc(
        encode([
          rec074({ oldBalance: 1_000, newBalance: 1_100, debit: 0, credit: 100 }),
          rec075({ doc: '1', code: '2', amount: 100 }),
          rec074({ number: '004', newBalance: 1_070, debit: 50, credit: 20 }),
          rec075({ doc: '2', code: '1', amount: 50 }),
          rec075({ doc: '3', code: '4', amount: 20 }),
        ]),
      );
      expect(reconcileStatement(statement)).toEqual([]);
    });

    it('a header whose balance and turnovers do not add up: one warning per rule, with both amounts', () => {
      const statement = parseGpc(encode([rec074({ oldBalance: 1_000_000, newBalance: 1_300_000, debit: 10, credit: 250_000 }), rec075({ amount: 250_000 })]));
      expect(reconcileStatement(statement)).toEqual([
        { rule: 'balance_mismatch', message: expect.stringMatching(/13000\.00 CZK.*12500\.00 CZK/), statedHalere: 1_300_000, computedHalere: 1_250_000 },
        { rule: 'debit_turnover_mismatch', message: expect.stringMatching(/0\.10 CZK.*0\.00 CZK/), statedHalere: 10, computedHalere: 0 },
      ]);
    });
  });

  describe('malformed files', () => {
    it('reports a record of the wrong length with its line number', () => {
      const error = parseError(encode([rec074(), rec075({ doc: '1' }), rec075({ doc: '2' }).slice(0, 127)]));
      expect(error.line).toBe(3);
      expect(error.message).toMatch(/line 3: .*128/);
    });

    it('reports a record that is too long', () => {
      expect(parseError(encode([rec074(), `${rec075()} `])).line).toBe(2);
    });

    it('reports an unknown record type', () => {
      const error = parseError(encode([rec074(), `099${rec075().slice(3)}`]));
      expect(error.line).toBe(2);
      expect(error.message).toMatch(/record type "099"/);
    });

    it('reports a non-digit amount', () => {
      const error = parseError(encode([rec074(), rec075({ doc: '1' }), rec075({ doc: '2', amount: '00001234567A' })]));
      expect(error.line).toBe(3);
      expect(error.message).toMatch(/amount/);
    });

    it('reports an amount with spaces', () => {
      expect(parseError(encode([rec074(), rec075({ amount: '      123456' })])).line).toBe(2);
    });

    it('reports an unknown posting code instead of guessing the sign', () => {
      const error = parseError(encode([rec074(), rec075({ code: '3' })]));
      expect(error.line).toBe(2);
      expect(error.message).toMatch(/posting code "3"/);
    });

    it('reports non-digit symbols', () => {
      expect(parseError(encode([rec074(), rec075({ vs: '20261O0001' })])).message).toMatch(/variable symbol/);
    });

    it('reports an impossible date', () => {
      const error = parseError(encode([rec074(), rec075({ doc: '1' }), rec075({ doc: '2', bookingDate: '310226' })]));
      expect(error.line).toBe(3);
      expect(error.message).toMatch(/booking date/);
    });

    it('reports a bad header field', () => {
      const header = rec074();
      const broken = `${header.slice(0, 59)}*${header.slice(60)}`; // old balance sign
      const error = parseError(encode([broken, rec075()]));
      expect(error.line).toBe(1);
      expect(error.message).toMatch(/old balance sign/);
    });

    it('reports a movement before the header', () => {
      expect(parseError(encode([rec075(), rec074()])).line).toBe(1);
    });

    it('reports a message record before any movement', () => {
      expect(parseError(encode([rec074(), rec078('x')])).line).toBe(2);
    });

    it('reports a movement of another account and a second header of another account', () => {
      expect(parseError(encode([rec074(), rec075({ account: '0000000000000001' })])).line).toBe(2);
      expect(parseError(encode([rec074(), rec075(), rec074({ account: '0000000000000001' })])).line).toBe(3);
    });

    it('reports an empty file and a file without a header', () => {
      expect(parseError(Buffer.alloc(0)).message).toMatch(/074/);
      expect(parseError(Buffer.from('\r\n\r\n')).message).toMatch(/074/);
    });

    it('counts blank lines when reporting line numbers', () => {
      expect(parseError(encode([rec074(), '', rec075().slice(1)])).line).toBe(3);
    });

    it('reports a UTF-8 file: its multi-byte letters make the record too long', () => {
      const utf8 = Buffer.from(`${rec074()}\r\n`, 'utf8');
      expect(parseError(utf8).line).toBe(1);
    });
  });
});
