import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './stack/common';

const DOCS_FILE = join(REPO_ROOT, 'docs', 'benchmarks.md');
const DOCS_HEADER = [
  '# Benchmarks',
  '',
  'Measured figures, each section written by the script that measures it. Re-run the script to',
  'refresh its section; sections of other scripts are left as they are.',
  '',
].join('\n');

/**
 * Writes one benchmark's section of docs/benchmarks.md between its own markers, replacing what
 * an earlier run wrote there; other benchmarks' sections stay as they are. Returns the file.
 */
export async function writeBenchmarkSection(name: string, section: string): Promise<string> {
  const start = `<!-- bench:${name}:start (written by scripts/bench-${name}.ts; edits inside are overwritten) -->`;
  const end = `<!-- bench:${name}:end -->`;
  await mkdir(join(REPO_ROOT, 'docs'), { recursive: true });
  const current = existsSync(DOCS_FILE) ? await readFile(DOCS_FILE, 'utf8') : DOCS_HEADER;
  const block = `${start}\n${section.trim()}\n${end}`;
  const from = current.indexOf(`<!-- bench:${name}:start`);
  const to = current.indexOf(end);
  const next = from !== -1 && to > from ? current.slice(0, from) + block + current.slice(to + end.length) : `${current.replace(/\s*$/, '')}\n\n${block}\n`;
  await writeFile(DOCS_FILE, next.endsWith('\n') ? next : `${next}\n`);
  return DOCS_FILE;
}
