import { Writable } from 'node:stream';
import pino from 'pino';
import { toSdkLogger } from '../../worker/sdk-logger';

describe('the worker forwarding Temporal SDK logs', () => {
  it("keeps a failed activity's error message and its workflow id in one line", () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = toSdkLogger(pino({ level: 'info' }, stream));
    logger.warn('Activity failed', { error: new Error('connect ECONNREFUSED 127.0.0.1:1025'), workflowId: 'order-2026-000123', activityType: 'sendOrderEmail' });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'Activity failed', workflowId: 'order-2026-000123', errorMessage: 'connect ECONNREFUSED 127.0.0.1:1025' });
    expect(line.err).toMatchObject({ message: 'connect ECONNREFUSED 127.0.0.1:1025', type: 'Error' });
  });
});
