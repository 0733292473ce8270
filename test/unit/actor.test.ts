import { SYSTEM_ACTOR, cliActor, parseActor, systemActor, userActor } from '../../domain/actor';

describe('actor strings', () => {
  it('builds each kind in one format', () => {
    expect(userActor('8f1c', 'STAFF')).toBe('user:8f1c (STAFF)');
    expect(systemActor()).toBe(SYSTEM_ACTOR);
    expect(systemActor('trial')).toBe('system:trial');
    expect(cliActor('ops')).toBe('cli:ops');
  });

  it('reads back what it builds (and older role-less user actors)', () => {
    expect(parseActor(userActor('8f1c-2d', 'CUSTOMER_ADMIN'))).toEqual({ kind: 'user', userId: '8f1c-2d', role: 'CUSTOMER_ADMIN' });
    expect(parseActor('user:42')).toEqual({ kind: 'user', userId: '42' });
    expect(parseActor('system')).toEqual({ kind: 'system' });
    expect(parseActor('system:bootstrap')).toEqual({ kind: 'system', part: 'bootstrap' });
    expect(parseActor('cli:root')).toEqual({ kind: 'cli', name: 'root' });
    expect(parseActor('carrier')).toEqual({ kind: 'other', text: 'carrier' });
  });
});
