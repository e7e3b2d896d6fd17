/**
 * The HTML report in a real browser: Debian's Chromium driven by playwright-core (which downloads no
 * browser). The page must render every finding of the JSON report, filter them, make no request but
 * for itself, log no error and hold no key. Skipped only outside CI when Chromium is absent; in CI
 * (`CI` set, as `.ci/run` and CI services do) a missing browser fails the test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/git-repo.js';
import { htmlReportProject, MARKUP_FILE } from '../helpers/html-report-project.js';
import { makeTree } from '../helpers/temp-tree.js';

const CHROMIUM = process.env.JWTSCAN_CHROMIUM ?? '/usr/bin/chromium';
const available = fs.existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI);
if (!available && !inCi) console.warn(`html-browser.test: SKIPPED, no Chromium at ${CHROMIUM} (apt-get install chromium, or set JWTSCAN_CHROMIUM); in CI this test fails instead`);

interface JsonFinding {
  ruleId: string;
  problems: string[];
  level: string;
  path: string;
  line: number;
  column: number;
  inTestPath?: boolean;
}

describe.skipIf(!available && !inCi)('html report in Chromium', () => {
  let browser: Browser;
  let project: ReturnType<typeof htmlReportProject>;
  let findings: JsonFinding[];
  let reportFile: string;
  let emptyReportFile: string;

  beforeAll(async () => {
    if (!available) throw new Error(`CI is set but there is no Chromium at ${CHROMIUM}: .ci/run installs Debian's chromium package`);
    project = htmlReportProject();
    const cwd = makeTree(project.files);
    const json = await runCli(['scan', '--format', 'json'], { cwd, env: {} });
    findings = (JSON.parse(json.stdout) as { findings: JsonFinding[] }).findings;
    reportFile = path.join(cwd, 'report dir', 'jwtscan.html');
    fs.mkdirSync(path.dirname(reportFile));
    expect((await runCli(['scan', '--format', 'html', '--output', reportFile], { cwd, env: {} })).code).toBe(1);
    const emptyCwd = makeTree({ 'src/a.js': 'export const a = 1;\n' });
    emptyReportFile = path.join(emptyCwd, 'empty.html');
    expect((await runCli(['scan', '--format', 'html', '--output', emptyReportFile], { cwd: emptyCwd, env: {} })).code).toBe(0);
    // playwright gives every launch a fresh temporary profile (its own --user-data-dir).
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a report over file://, recording every request, console message, page error and dialog. */
  async function open(file: string, options: { javaScriptEnabled?: boolean } = {}) {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    page.setDefaultTimeout(5_000); // a broken page fails fast instead of at the test timeout
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    const url = pathToFileURL(file).href;
    await page.goto(url, { waitUntil: 'load' });
    return { page, url, requests, problems, close: () => context.close() };
  }

  const visibleCount = (page: Page) => page.locator('article.finding:visible').count();

  it('renders every finding of the JSON report, requests nothing but itself, logs no error, holds no key', async () => {
    expect(new Set(findings.flatMap((f) => f.problems))).toEqual(
      new Set(['jwt-config-secret', 'jwt-hardcoded-secret', 'jwt-hardcoded-token', 'jwt-inline-secret', 'jwt-private-key-literal', 'jwt-secret-by-name', 'jwt-weak-secret']),
    );
    const { page, url, requests, problems, close } = await open(reportFile);
    const rendered: string[] = [];
    for (const article of await page.locator('article.finding').all()) {
      const file = await article.locator('xpath=ancestor::section[1]/header/h3/code').textContent();
      rendered.push(`${file} ${await article.locator('h4').textContent()}`);
    }
    expect(rendered).toHaveLength(findings.length);
    for (const f of findings) expect(rendered.some((r) => r.startsWith(`${f.path} `) && r.includes(`${f.ruleId}`) && r.includes(`at line ${f.line}:${f.column}`)), `${f.path}:${f.line}`).toBe(true);
    expect(await visibleCount(page)).toBe(findings.length);
    expect(await page.locator('#filter-status').textContent()).toBe(`${findings.length} of ${findings.length} findings shown`);
    // The cross-file flow, drawn step by step.
    const flow = await page.locator('article.finding', { hasText: '"JWT_SECRET" reaches' }).first().locator('ol.flow li').allTextContents();
    expect(flow.length).toBeGreaterThanOrEqual(3);
    expect(flow[0]).toMatch(/^src\/config\.js:1:\d+ /);
    expect(flow.some((step) => step.startsWith('src/auth.js:'))).toBe(true);
    // The markup file name and the </script> property are text, not elements.
    expect(await page.locator('h3 code', { hasText: MARKUP_FILE }).count()).toBe(1);
    expect([await page.locator('img').count(), await page.locator('script').count()]).toEqual([0, 1]);
    expect(await page.locator('article.finding', { hasText: 'keys.</script><script>alert(2)</script>' }).count()).toBe(1);

    const sources = Object.values(project.files).join('\n');
    for (const key of project.keys) expect(sources).toContain(key); // the check below looks for keys that are there to leak
    const dom = [await page.content(), await page.locator('body').innerText()];
    for (const key of project.keys) for (const text of dom) expect(text.includes(key), `key ${key.slice(0, 12)}… in the DOM`).toBe(false);
    for (const text of dom) expect(text).not.toContain("'secret'");
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    await close();
  });

  it('filters by rule (any problem of the key), level and test code, with the keyboard too', async () => {
    const { page, requests, problems, close } = await open(reportFile);
    const expected = (match: (f: JsonFinding) => boolean) => findings.filter(match).length;
    const check = async (rule: string, level: string, scope: string, match: (f: JsonFinding) => boolean) => {
      await page.selectOption('#filter-rule', rule);
      await page.selectOption('#filter-level', level);
      await page.selectOption('#filter-scope', scope);
      const n = expected(match);
      expect(n, `${rule}/${level}/${scope} matches some but not all findings`).toBeGreaterThan(0);
      expect(n).toBeLessThan(findings.length);
      expect(await visibleCount(page)).toBe(n);
      expect(await page.locator('#filter-status').textContent()).toBe(`${n} of ${findings.length} findings shown`);
    };
    await check('jwt-weak-secret', '', '', (f) => f.problems.includes('jwt-weak-secret'));
    await check('jwt-private-key-literal', '', '', (f) => f.problems.includes('jwt-private-key-literal'));
    await check('', 'warning', '', (f) => f.level === 'warning');
    await check('', '', 'test', (f) => f.inTestPath === true);
    await check('', '', 'production', (f) => !f.inTestPath);
    await check('jwt-inline-secret', 'error', 'production', (f) => f.problems.includes('jwt-inline-secret') && f.level === 'error' && !f.inTestPath);
    // A file whose findings are all filtered out is hidden with them.
    expect(await page.locator('section.file', { hasText: 'test/auth.test.js' }).isVisible()).toBe(false);
    // Nothing matches: zero shown, and "Show all" brings every finding back.
    await page.selectOption('#filter-rule', 'jwt-hardcoded-token');
    await page.selectOption('#filter-scope', 'test');
    expect(await visibleCount(page)).toBe(0);
    await page.click('button[type=reset]');
    await expect.poll(() => visibleCount(page)).toBe(findings.length);

    // Keyboard only: Tab to the level filter, choose "note" with the arrow keys.
    await page.locator('#filter-rule').focus();
    await page.keyboard.press('Tab');
    expect(await page.locator('#filter-level:focus').count()).toBe(1);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('#filter-level')).toBe('note');
    expect(await visibleCount(page)).toBe(expected((f) => f.level === 'note'));
    expect(requests).toHaveLength(1);
    expect(problems).toEqual([]);
    await close();
  });

  it('is readable without JavaScript: every finding shown, the filters hidden', async () => {
    const { page, problems, close } = await open(reportFile, { javaScriptEnabled: false });
    expect(await visibleCount(page)).toBe(findings.length);
    expect(await page.locator('#filters').isVisible()).toBe(false);
    expect(await page.locator('#verdict').textContent()).toMatch(new RegExp(`^${findings.length} findings \\(`));
    expect(problems).toEqual([]);
    await close();
  });

  it('says there are no findings on a clean project', async () => {
    const { page, url, requests, problems, close } = await open(emptyReportFile);
    expect(await page.locator('#verdict').textContent()).toBe('No JWT key findings (1 file scanned).');
    expect(await page.locator('article.finding').count()).toBe(0);
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    await close();
  });
});

