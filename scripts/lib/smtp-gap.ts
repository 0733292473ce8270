/**
 * Whether SMTP's one gap explains every copy of a message but the last: the connection broke (a
 * worker killed, the network cut) after the server took the message and before the sender stored
 * that it had, so the retry sent it again. Each copy but the last must have been composed at most
 * `windowMs` before a break of its own: one break ends one SMTP transaction, and two kills can
 * each catch the same message's retry (three copies).
 */
export function copiesExplainedByBreaks(composed: number[], breaks: number[], windowMs: number): boolean {
  const unused = [...breaks].sort((a, b) => a - b);
  for (const at of [...composed].sort((a, b) => a - b).slice(0, -1)) {
    const index = unused.findIndex((broke) => broke >= at && broke - at <= windowMs);
    if (index === -1) return false;
    unused.splice(index, 1);
  }
  return true;
}
