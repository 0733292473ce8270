/**
 * Who did something, as audit trails, payments and workflow histories record it: one string
 * format, built and read only here.
 *
 * - `user:<id> (<ROLE>)` a signed-in user
 * - `system` or `system:<part>` the system itself (a timer, a workflow's own decision)
 * - `cli:<os user>` a command-line script run by ops
 */

export const SYSTEM_ACTOR = 'system';

export const userActor = (userId: string, role: string): string => `user:${userId} (${role})`;
export const systemActor = (part?: string): string => (part ? `${SYSTEM_ACTOR}:${part}` : SYSTEM_ACTOR);
export const cliActor = (osUser: string): string => `cli:${osUser}`;

export type ParsedActor = { kind: 'user'; userId: string; role?: string } | { kind: 'system'; part?: string } | { kind: 'cli'; name: string } | { kind: 'other'; text: string };

/** The parts of an actor string (for showing a name and role instead of an id). */
export function parseActor(actor: string): ParsedActor {
  const user = /^user:([^\s()]+)(?: \(([A-Z_]+)\))?$/.exec(actor);
  if (user) return { kind: 'user', userId: user[1]!, ...(user[2] ? { role: user[2] } : {}) };
  if (actor === SYSTEM_ACTOR) return { kind: 'system' };
  if (actor.startsWith(`${SYSTEM_ACTOR}:`)) return { kind: 'system', part: actor.slice(SYSTEM_ACTOR.length + 1) };
  if (actor.startsWith('cli:')) return { kind: 'cli', name: actor.slice(4) };
  return { kind: 'other', text: actor };
}
