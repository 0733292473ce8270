import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { stackEnv } from '../helpers/stack-env';

const REPO_ROOT = path.join(__dirname, '..', '..');
/** Git-ignored (test-results/): screenshots are looked at, never committed. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

/** Builds the pages as `npm run build` does, so the API processes serve the current code. */
export function buildWebPages(): void {
  const result = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.mts', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    // Jest sets NODE_ENV=test, which would bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
}

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({ executablePath: stackEnv().CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

export interface AxeFinding {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Every page visited: an axe scan (WCAG 2.1 A/AA rules) whose serious and critical findings are
 * collected for the test to assert on, and a screenshot named after the page and language.
 */
export async function checkPage(page: Page, name: string, findings: AxeFinding[]): Promise<void> {
  // Legacy mode runs axe.run() in the page itself. The default runs axe per frame and merges the
  // parts in a new blank page, which only cross-origin frames need (our pages have no frames):
  // it took twice the time, a renderer per scan and a third of the test's CPU. Only violations
  // are read, so only their nodes are collected.
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .options({ resultTypes: ['violations'] })
    .setLegacyMode()
    .analyze();
  for (const v of result.violations) {
    if (v.impact === 'serious' || v.impact === 'critical') {
      findings.push({ page: name, id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) });
    }
  }
  const language = await page.evaluate(() => document.documentElement.lang);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${language}.png`), fullPage: true });
}

/**
 * The card with `text` in a paged list of a Czech page, turning pages until it shows: other test
 * files share the database, so a list sorted oldest first may have it on a later page.
 */
export async function cardOnSomePage(section: Locator, text: string): Promise<Locator> {
  const cards = section.locator('.cards > li');
  const card = cards.filter({ hasText: text });
  await cards.first().waitFor();
  for (let page = 1; (await card.count()) === 0; page++) {
    const next = section.getByRole('navigation').getByRole('button', { name: 'Další' });
    if ((await next.count()) === 0 || (await next.isDisabled())) break;
    await next.click();
    await section.getByRole('navigation').getByText(`Strana ${page + 1} z`).waitFor();
  }
  await card.waitFor();
  return card;
}
