/**
 * Writes a Fio banka API transaction list (…/transactions.json) as the bank sends it: every
 * transaction a map of `columnN: { value, name, id }`, amounts as JSON numbers in crowns.
 * Test data for imports, independent of the parser; the movement id (column22) is the same
 * number the bank writes as the GPC document number.
 */
import { halereToDecimalString } from '../../domain/money';

export interface FioJsonMovement {
  /** column22 "ID pohybu": digits. */
  movementId: string;
  /** Signed haléře. */
  amountHalere: number;
  variableSymbol?: string;
  counterAccount?: string;
  bankCode?: string;
  counterpartyName?: string;
  message?: string;
  /** YYYY-MM-DD. */
  bookedOn: string;
  currency?: string;
}

export interface FioJsonStatement {
  /** "2800000000" (Fio accounts have no prefix). */
  account: string;
  dateStart: string;
  dateEnd: string;
  openingBalanceHalere?: number;
  /** Stated instead of what the movements add up to. */
  closingBalanceHalere?: number;
  movements: FioJsonMovement[];
}

const col = (id: number, name: string, value: unknown) => ({ value, name, id });
/** Fio writes amounts as JSON numbers ("15717.9"): the decimal text parsed as a number. */
const crowns = (halere: number): number => Number(halereToDecimalString(halere));
/** Fio dates carry the Prague offset of that day; "+0100" is enough for the parser and the tests. */
const fioDate = (iso: string) => `${iso}+0100`;

export function writeFioJson(s: FioJsonStatement): Buffer {
  const opening = s.openingBalanceHalere ?? 0;
  const sum = s.movements.reduce((a, m) => a + m.amountHalere, 0);
  const ids = s.movements.map((m) => Number(m.movementId));
  const doc = {
    accountStatement: {
      info: {
        accountId: s.account,
        bankId: '2010',
        currency: 'CZK',
        iban: null,
        bic: 'FIOBCZPPXXX',
        openingBalance: crowns(opening),
        closingBalance: crowns(s.closingBalanceHalere ?? opening + sum),
        dateStart: fioDate(s.dateStart),
        dateEnd: fioDate(s.dateEnd),
        yearList: null,
        idList: null,
        idFrom: ids.length ? Math.min(...ids) : null,
        idTo: ids.length ? Math.max(...ids) : null,
        idLastDownload: null,
      },
      transactionList: {
        transaction: s.movements.map((m) => ({
          column22: col(22, 'ID pohybu', Number(m.movementId)),
          column0: col(0, 'Datum', fioDate(m.bookedOn)),
          column1: col(1, 'Objem', crowns(m.amountHalere)),
          column14: col(14, 'Měna', m.currency ?? 'CZK'),
          column2: m.counterAccount ? col(2, 'Protiúčet', m.counterAccount) : null,
          column10: m.counterpartyName ? col(10, 'Název protiúčtu', m.counterpartyName) : null,
          column3: m.bankCode ? col(3, 'Kód banky', m.bankCode) : null,
          column4: null,
          column5: m.variableSymbol ? col(5, 'VS', m.variableSymbol) : null,
          column6: null,
          column16: m.message ? col(16, 'Zpráva pro příjemce', m.message) : null,
          column8: col(8, 'Typ', m.amountHalere > 0 ? 'Bezhotovostní příjem' : 'Bezhotovostní platba'),
          column25: null,
        })),
      },
    },
  };
  return Buffer.from(JSON.stringify(doc, null, 2), 'utf8');
}
