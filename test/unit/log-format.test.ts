import { readableLogLine } from '../../scripts/stack/log-format';

describe('readableLogLine', () => {
  it('turns a pino request line into one readable line', () => {
    const line = JSON.stringify({ level: 40, time: Date.UTC(2026, 10, 25, 10, 3, 4), pid: 1, hostname: 'vm', name: 'api', req: { method: 'POST', url: '/orders' }, res: { statusCode: 400 }, responseTime: 12, msg: 'request completed' });
    expect(readableLogLine(line)).toMatch(/^\d\d:\d\d:\d\d WARN request completed POST \/orders → 400 12 ms$/);
  });

  it('keeps extra fields and the first line of a multi-line message', () => {
    const line = JSON.stringify({ level: 30, time: 0, msg: 'bundle built\nwebpack details', taskQueue: 'atime-orders', size: 3 });
    expect(readableLogLine(line)).toMatch(/INFO bundle built … taskQueue=atime-orders size=3$/);
  });

  it('leaves anything that is not a pino line as it is', () => {
    expect(readableLogLine('MailDev webapp running')).toBe('MailDev webapp running');
    expect(readableLogLine('{not json')).toBe('{not json');
    expect(readableLogLine('{"a":1}')).toBe('{"a":1}');
  });
});
