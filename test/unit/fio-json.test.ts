import { fioAmountToHalere, parseFioJson } from '../../domain/bank-statements/fio-json';
import { StatementParseError } from '../../domain/bank-statements/types';

type Col = { value: unknown; name: string; id: number } | null;
const col = (id: number, name: string, value: unknown): Col => ({ value, name, id });

function tx(over: Record<string, Col> = {}): Record<string, Col> {
  return {
    column22: col(22, 'ID pohybu', 26_962_199_069),
    column0: col(0, 'Datum', '2026-03-31+0200'),
    column1: col(1, 'Objem', 15_717.9),
    column14: col(14, 'Měna', 'CZK'),
    column2: col(2, 'Protiúčet', '2000145399'),
    column10: col(10, 'Název protiúčtu', 'Žluťoučký kůň s.r.o.'),
    column3: col(3, 'Kód banky', '0800'),
    column12: col(12, 'Název banky', 'Česká spořitelna, a.s.'),
    column4: col(4, 'KS', '0308'),
    column5: col(5, 'VS', '2026100001'),
    column6: null,
    column7: col(7, 'Uživatelská identifikace', 'Žluťoučký kůň'),
    column16: col(16, 'Zpráva pro příjemce', 'Objednávka 2026-000001'),
    column8: col(8, 'Typ', 'Bezhotovostní příjem'),
    column9: null,
    column18: null,
    column25: col(25, 'Komentář', 'Žluťoučký kůň s.r.o.'),
    column26: null,
    column17: col(17, 'ID pokynu', 30_124_771_243),
    ...over,
  };
}

function statement(transactions: unknown[], info: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      accountStatement: {
        info: {
          accountId: '2600113745',
          bankId: '2010',
          currency: 'CZK',
          iban: 'CZ7920100000002600113745',
          bic: 'FIOBCZPPXXX',
          openingBalance: 10_000.0,
          closingBalance: 25_717.9,
          dateStart: '2026-03-01+0100',
          dateEnd: '2026-03-31+0200',
          idFrom: 26_962_199_069,
          idTo: 26_962_199_069,
          idLastDownload: null,
          idList: null,
          ...info,
        },
        transactionList: { transaction: transactions },
      },
    },
    null,
    2,
  );
}

function parseError(text: string): StatementParseError {
  try {
    parseFioJson(text);
  } catch (error) {
    expect(error).toBeInstanceOf(StatementParseError);
    return error as StatementParseError;
  }
  throw new Error('expected parseFioJson to throw');
}

describe('parseFioJson', () => {
  it('maps a credit transaction', () => {
    expect(parseFioJson(statement([tx()]))).toEqual({
      accountNumber: '2600113745',
      statementDate: '2026-03-31',
      openingBalanceHalere: 1_000_000,
      closingBalanceHalere: 2_571_790,
      movements: [
        {
          movementId: 'bank:2600113745:26962199069',
          accountNumber: '2600113745',
          bookedOn: '2026-03-31',
          amountHalere: 1_571_790,
          variableSymbol: '2026100001',
          constantSymbol: '308',
          specificSymbol: null,
          counterpartyAccount: '2000145399/0800',
          counterpartyName: 'Žluťoučký kůň s.r.o.',
          message: 'Objednávka 2026-000001',
          isReversal: false,
        },
      ],
    });
  });

  it('keeps the sign of debits and the local date of the booking', () => {
    const [m] = parseFioJson(
      statement([tx({ column1: col(1, 'Objem', -129.5), column0: col(0, 'Datum', '2026-10-25+0100') })]),
    ).movements;
    expect(m!.amountHalere).toBe(-12_950);
    expect(m!.bookedOn).toBe('2026-10-25');
  });

  it.each([
    [0.1, 10],
    [0.29, 29],
    [1.15, 115],
    [4.35, 435],
    [1_299_000.99, 129_900_099],
    [-0.07, -7],
    ['1500.5', 150_050],
    [12_990, 1_299_000],
  ])('reads amount %p as %p haléřů without float error', (amount, halere) => {
    // 4.35 * 100 is 434.99999999999994 and 1.15 * 100 is 114.99999999999999 in floats.
    expect(fioAmountToHalere(amount)).toBe(halere);
    const [m] = parseFioJson(statement([tx({ column1: col(1, 'Objem', amount) })])).movements;
    expect(m!.amountHalere).toBe(halere);
  });

  it('strips leading zeros from symbols and accepts numbers for them', () => {
    const [a, b] = parseFioJson(
      statement([
        tx({ column5: col(5, 'VS', '0002026100001'.slice(-10)), column6: col(6, 'SS', '0000000077') }),
        tx({ column22: col(22, 'ID pohybu', 1), column5: col(5, 'VS', 1234), column4: null }),
      ]),
    ).movements;
    expect(a).toMatchObject({ variableSymbol: '2026100001', specificSymbol: '77' });
    expect(b).toMatchObject({ variableSymbol: '1234', constantSymbol: null });
  });

  it('leaves out what the bank left out', () => {
    const [m] = parseFioJson(
      statement([
        tx({ column2: null, column3: null, column10: null, column16: null, column25: null, column5: null, column4: null }),
      ]),
    ).movements;
    expect(m).toEqual({
      movementId: 'bank:2600113745:26962199069',
      accountNumber: '2600113745',
      bookedOn: '2026-03-31',
      amountHalere: 1_571_790,
      variableSymbol: null,
      constantSymbol: null,
      specificSymbol: null,
      isReversal: false,
    });
  });

  it('uses the comment when there is no message for the recipient', () => {
    const [m] = parseFioJson(statement([tx({ column16: null })])).movements;
    expect(m!.message).toBe('Žluťoučký kůň s.r.o.');
  });

  it('reads an empty list in both forms Fio uses', () => {
    expect(parseFioJson(statement([])).movements).toEqual([]);
    const text = JSON.stringify({ accountStatement: { info: { accountId: '2600113745', currency: 'CZK' }, transactionList: null } });
    expect(parseFioJson(text)).toEqual({ accountNumber: '2600113745', movements: [] });
  });

  describe('malformed input', () => {
    it('reports a JSON syntax error with its line', () => {
      const text = statement([tx()]).replace('"Objem",', '"Objem"');
      const error = parseError(text);
      expect(error.line).toBeGreaterThan(1);
      // The parser notices the missing comma at the next token, on the line after "Objem".
      expect(text.split('\n')[error.line - 2]).toContain('"Objem"');
      expect(error.message).toMatch(/^line \d+: not JSON/);
    });

    it('reports a missing accountStatement', () => {
      expect(parseError('{"foo": 1}').line).toBe(0);
      expect(parseError('null').line).toBe(0);
    });

    it('rejects a non-CZK account or transaction', () => {
      expect(parseError(statement([tx()], { currency: 'EUR' })).message).toMatch(/CZK/);
      expect(parseError(statement([tx(), tx({ column14: col(14, 'Měna', 'EUR') })])).line).toBe(2);
    });

    it('names the transaction with a missing movement id', () => {
      const error = parseError(statement([tx(), tx(), tx({ column22: null })]));
      expect(error.line).toBe(3);
      expect(error.message).toMatch(/column22/);
    });

    it.each([
      [{ column1: col(1, 'Objem', 1.234) }, /column1/],
      [{ column1: col(1, 'Objem', 'abc') }, /column1/],
      [{ column1: null }, /column1/],
      [{ column0: col(0, 'Datum', '31.03.2026') }, /column0/],
      [{ column0: col(0, 'Datum', '2026-02-30+0100') }, /column0/],
      [{ column5: col(5, 'VS', 'ABC') }, /column5/],
      [{ column5: col(5, 'VS', '12345678901') }, /column5/],
    ])('rejects a bad column (%#)', (over, pattern) => {
      const error = parseError(statement([tx(over as Record<string, Col>)]));
      expect(error.line).toBe(1);
      expect(error.message).toMatch(pattern);
    });

    it('rejects a bad account id and a non-array list', () => {
      expect(parseError(statement([], { accountId: 'abc' })).message).toMatch(/accountId/);
      const text = JSON.stringify({ accountStatement: { info: { accountId: '1' }, transactionList: { transaction: {} } } });
      expect(parseError(text).message).toMatch(/array/);
    });
  });
});
