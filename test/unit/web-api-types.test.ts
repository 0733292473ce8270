import { spawnSync } from 'node:child_process';
import path from 'node:path';

const REPO_ROOT = path.join(__dirname, '..', '..');
// openapi-typescript is ESM inside; jest's CommonJS runtime cannot load it, so both run as programs.
const run = (command: string, args: string[]) => spawnSync('npx', [command, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

/** The pages are typed against the API's own OpenAPI document: a drift fails here. */
describe('web pages and API agree', () => {
  it('web/src/api/schema.ts is generated from the current OpenAPI document', () => {
    const result = run('tsx', ['scripts/generate-api-types.ts', '--check']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);

  it('the pages type-check against it', () => {
    const result = run('tsc', ['--noEmit', '-p', 'web']);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);
});
