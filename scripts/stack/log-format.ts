const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const NOISE = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'req', 'res', 'responseTime', 'sdkComponent']);

/**
 * A pino JSON line as one readable line for the developer's terminal
 * (`12:03:04 WARN request completed POST /orders → 400 12 ms taskQueue=atime-orders`);
 * anything else is returned unchanged. The processes still log JSON, for log shippers.
 */
export function readableLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  if (typeof entry.level !== 'number' || typeof entry.msg !== 'string') return line;
  const time = typeof entry.time === 'number' ? new Date(entry.time).toTimeString().slice(0, 8) : '';
  const req = entry.req as { method?: string; url?: string } | undefined;
  const res = entry.res as { statusCode?: number } | undefined;
  const request = req && res ? ` ${req.method} ${req.url} → ${res.statusCode} ${String(entry.responseTime ?? '?')} ms` : '';
  const extra = Object.entries(entry)
    .filter(([key]) => !NOISE.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  const msg = entry.msg.includes('\n') ? entry.msg.split('\n')[0] + ' …' : entry.msg;
  return `${time} ${LEVELS[entry.level] ?? entry.level} ${msg}${request}${extra ? ` ${extra}` : ''}`;
}
