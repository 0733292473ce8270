/**
 * Fio banka API transaction list (…/transactions.json): `accountStatement.info` and
 * `accountStatement.transactionList.transaction[]`, each transaction a map of
 * `columnN: { value, name, id } | null`. Columns used: 0 date ("2016-08-03+0200"), 1 signed
 * amount, 2/3 counter-account and bank code, 4 KS, 5 VS, 6 SS, 10 counter-account name,
 * 14 currency, 16 message for the recipient, 22 movement id (unique), 25 comment. The movement
 * id is the bank's, the same number Fio's GPC writes as the document number: one key for both.
 * The list has no value date (column0 is the posting day).
 * Amounts are read from their decimal text, never multiplied as floats. Only CZK is accepted:
 * amounts are haléře. A wrong transaction rejects the whole list (StatementParseError.line is
 * then the 1-based index of the transaction).
 */
import {
  type BankMovement,
  type BankStatement,
  StatementParseError,
  STATEMENT_CURRENCY,
  bankMovementKey,
  normalizeSymbol,
  notCzkError,
} from './types';

type Column = { value?: unknown; name?: string; id?: number } | null | undefined;
type FioTransaction = Record<string, Column>;

function columnValue(tx: FioTransaction, n: number): unknown {
  const column = tx[`column${n}`];
  return column === null || column === undefined ? undefined : column.value;
}

function optionalText(tx: FioTransaction, n: number): string | undefined {
  const value = columnValue(tx, n);
  if (value === undefined || value === null) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

/** A JSON number or string with at most two decimals → haléře, via its decimal text. */
export function fioAmountToHalere(value: unknown): number | null {
  let textValue: string;
  if (typeof value === 'number' && Number.isFinite(value)) textValue = String(value);
  else if (typeof value === 'string') textValue = value.trim();
  else return null;
  // String(number) is the shortest text that round-trips: "1500.5", "-0.1", never "1500.4999…".
  const m = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/.exec(textValue);
  if (!m) return null;
  const halere = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(halere)) return null;
  return m[1] === '-' ? -halere : halere;
}

function lineOfPosition(text: string, error: unknown): number {
  const m = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!m) return 0;
  return text.slice(0, Number(m[1])).split('\n').length;
}

export function parseFioJson(text: string): BankStatement {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new StatementParseError(`not JSON: ${error instanceof Error ? error.message : String(error)}`, lineOfPosition(text, error));
  }
  const statement = (doc as { accountStatement?: unknown } | null)?.accountStatement as
    | { info?: Record<string, unknown>; transactionList?: { transaction?: unknown } | null }
    | undefined;
  if (!statement || typeof statement !== 'object' || !statement.info || typeof statement.info !== 'object') {
    throw new StatementParseError('missing accountStatement.info', 0);
  }
  const info = statement.info;
  const accountNumber = info.accountId === undefined || info.accountId === null ? '' : String(info.accountId).trim();
  if (!/^(\d{1,6}-)?\d{1,10}$/.test(accountNumber)) {
    throw new StatementParseError(`accountStatement.info.accountId is not an account number: "${accountNumber}"`, 0);
  }
  if (info.currency !== undefined && info.currency !== null && info.currency !== STATEMENT_CURRENCY) {
    throw notCzkError('accountStatement.info.currency', String(info.currency), 0);
  }
  const rawList = statement.transactionList?.transaction ?? [];
  if (!Array.isArray(rawList)) throw new StatementParseError('transactionList.transaction must be an array', 0);

  const movements = rawList.map((raw: unknown, index: number): BankMovement => {
    const line = index + 1;
    if (!raw || typeof raw !== 'object') throw new StatementParseError('transaction is not an object', line);
    const tx = raw as FioTransaction;

    const id = columnValue(tx, 22);
    const idText = id === undefined || id === null ? '' : String(id).trim();
    if (!/^\d+$/.test(idText)) throw new StatementParseError(`column22 (movement id) missing or not a number: "${idText}"`, line);

    const dateText = String(columnValue(tx, 0) ?? '');
    const dm = /^(\d{4})-(\d{2})-(\d{2})/.exec(dateText);
    if (!dm) throw new StatementParseError(`column0 (date) is not a date: "${dateText}"`, line);
    const probe = new Date(Date.UTC(Number(dm[1]), Number(dm[2]) - 1, Number(dm[3])));
    if (probe.getUTCMonth() !== Number(dm[2]) - 1 || probe.getUTCDate() !== Number(dm[3])) {
      throw new StatementParseError(`column0 (date) is not a calendar date: "${dateText}"`, line);
    }

    const amountHalere = fioAmountToHalere(columnValue(tx, 1));
    if (amountHalere === null) {
      throw new StatementParseError(`column1 (amount) is not an amount with at most two decimals: ${JSON.stringify(columnValue(tx, 1))}`, line);
    }
    const currency = optionalText(tx, 14);
    if (currency !== undefined && currency !== STATEMENT_CURRENCY) throw notCzkError('column14 (currency)', currency, line);

    const counterAccount = optionalText(tx, 2);
    const bankCode = optionalText(tx, 3);
    const counterpartyAccount = counterAccount === undefined ? undefined : bankCode ? `${counterAccount}/${bankCode}` : counterAccount;
    const counterpartyName = optionalText(tx, 10);
    const message = optionalText(tx, 16) ?? optionalText(tx, 25);
    const vs = optionalText(tx, 5);
    if (vs !== undefined && !/^\d{1,10}$/.test(vs)) {
      throw new StatementParseError(`column5 (variable symbol) must be up to 10 digits, got "${vs}"`, line);
    }

    return {
      // GPC strips the document number's zero padding: so does the key here.
      movementId: bankMovementKey(accountNumber, idText.replace(/^0+(?=\d)/, '')),
      accountNumber,
      bookedOn: `${dm[1]}-${dm[2]}-${dm[3]}`,
      amountHalere,
      variableSymbol: normalizeSymbol(vs),
      constantSymbol: normalizeSymbol(optionalText(tx, 4)),
      specificSymbol: normalizeSymbol(optionalText(tx, 6)),
      ...(counterpartyAccount !== undefined ? { counterpartyAccount } : {}),
      ...(counterpartyName !== undefined ? { counterpartyName } : {}),
      ...(message !== undefined ? { message } : {}),
      isReversal: false,
    };
  });

  const dateEnd = typeof info.dateEnd === 'string' ? /^(\d{4}-\d{2}-\d{2})/.exec(info.dateEnd)?.[1] : undefined;
  const opening = fioAmountToHalere(info.openingBalance);
  const closing = fioAmountToHalere(info.closingBalance);
  return {
    accountNumber,
    ...(dateEnd ? { statementDate: dateEnd } : {}),
    ...(info.idList !== undefined && info.idList !== null ? { statementNumber: String(info.idList) } : {}),
    ...(opening !== null ? { openingBalanceHalere: opening } : {}),
    ...(closing !== null ? { closingBalanceHalere: closing } : {}),
    movements,
  };
}
