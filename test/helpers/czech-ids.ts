import { icoCheckDigit } from '../../domain/czech-ids';

/** A random valid IČO, so parallel tests never collide on the unique IČO. */
export function randomIco(): string {
  const body = String(1_000_000 + Math.floor(Math.random() * 9_000_000));
  return `${body}${icoCheckDigit(body)}`;
}
