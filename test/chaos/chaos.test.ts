import { spawn } from 'node:child_process';
import { REPO_ROOT } from '../../scripts/stack/common';

/**
 * A reduced `npm run chaos` (scripts/chaos.ts): its own stack, two clients confirming orders while
 * the worker is SIGKILLed twice and the Temporal server restarted once, then a 20 s SMTP outage.
 * The script checks states, PDFs, numbering, one e-mail per message, no orphan Chromium and
 * every confirm answered within 10 s, and exits 1 naming any problem.
 */
describe('chaos run (reduced)', () => {
  it('loses, doubles and leaks nothing through worker kills, a Temporal restart and an SMTP outage', async () => {
    const args = ['--import', 'tsx', 'scripts/chaos.ts', '--clients', '2', '--orders', '6', '--kills', '2', '--outage-orders', '2', '--smtp-outage-seconds', '20'];
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, LOG_LEVEL: 'error' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    if (code !== 0) throw new Error(`chaos run failed (exit ${code}):\n${output.slice(-4000)}`);
    expect(output).toContain('OK: no problem found');
    expect(output).toMatch(/orphans: 0;/);
  }, 240_000);
});
