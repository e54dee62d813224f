// The HTML audit report in a real browser (Debian's chromium, headless): built by `history --format
// html` from a real repository, it must show each key once with every commit, author, date and path,
// a timeline row per key, and load nothing from anywhere. UPDATE_SCREENSHOT=1 refreshes
// docs/html-report.png for the README.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needsTool } from '../helpers/tools.js';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { redactKey } from '../../src/detect/index.js';
import { runCli } from '../helpers/run-cli.js';
import { cleanup } from '../helpers/git.js';
import { AUDIT_KEYS, buildAuditRepo } from './history-repo.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/html-report.png');

describe.skipIf(needsTool('chromium', 'chromium'))('HTML audit report in headless Chromium', () => {
  let repo: { dir: string; commits: string[] };
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  beforeAll(async () => {
    repo = buildAuditRepo();
    const report = path.join(repo.dir, 'report.html');
    const run = runCli(['history', '--repo', repo.dir, '--format', 'html', '--output', report, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(report).href);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (repo) cleanup(repo.dir);
  });

  it('groups findings by key: one section per key, still-present keys first', async () => {
    const headings = await page.locator('section.key h2 code').allTextContents();
    expect(headings).toEqual([redactKey(AUDIT_KEYS.ci), redactKey(AUDIT_KEYS.prod), redactKey(AUDIT_KEYS.k8s)]);
    await expect(page.locator('h1').textContent()).resolves.toBe('AIsa key history audit');
    await expect(page.locator('.lede').textContent()).resolves.toBe(
      '3 AIsa keys in 5 places, introduced by 5 commits from 4 authors.',
    );
  });

  it('lists every commit, author, date and path where each key appears', async () => {
    const rows = (key: string) => page.locator(`section.key:has(h2 code:text-is("${redactKey(key)}")) tbody tr`);
    const cells = async (key: string) =>
      (await rows(key).evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent)))) as string[][];
    const [c1, c2, c3, , c5, c6] = repo.commits.map((sha) => sha.slice(0, 12));
    expect(await cells(AUDIT_KEYS.prod)).toEqual([
      [c1, '2023-02-14 09:30', 'Dana Whitfield <dana@example.com>', 'config/prod.env:1:14'],
      [c2, '2023-05-02 17:05', 'Dana Whitfield <dana@example.com>', 'scripts/deploy.sh:2:22'],
    ]);
    expect(await cells(AUDIT_KEYS.k8s)).toEqual([[c3, '2023-09-21 11:00', 'Ravi Patel <ravi@example.com>', 'k8s/secret.yaml:2:12 base64']]);
    expect(await cells(AUDIT_KEYS.ci)).toEqual([
      [c5, '2024-03-30 22:45', 'Mia Chen <mia@example.com>', '.github/workflows/ci.yml:2:17'],
      [c6, '2024-06-11 10:00', 'Leo Martin <leo@example.com>', 'src/client.ts:1:21'],
    ]);
  });

  it('draws a timeline row per key: dots per commit, the live one running to the edge', async () => {
    const labels = await page.locator('svg g.row text.label').allTextContents();
    expect(labels).toEqual([redactKey(AUDIT_KEYS.ci), redactKey(AUDIT_KEYS.prod), redactKey(AUDIT_KEYS.k8s)]);
    expect(await page.locator('svg g.row').nth(0).locator('circle.dot').count()).toBe(2);
    expect(await page.locator('svg g.row').nth(1).locator('circle.dot').count()).toBe(2);
    expect(await page.locator('svg g.row').nth(2).locator('circle.dot').count()).toBe(1);
    expect(await page.locator('svg text.end').allTextContents()).toEqual(['still present', 'removed later', 'removed later']);
    const box = await page.locator('section.timeline svg').boundingBox();
    expect(box!.height).toBeGreaterThan(100);
    expect(await page.locator('section.key .badge').allTextContents()).toEqual([
      'not verified', 'still present', 'not verified', 'no longer at any tip', 'not verified', 'no longer at any tip',
    ]);
  });

  it('is self-contained: no scripts, no requests beyond the file itself, no full key', async () => {
    expect(await page.locator('script').count()).toBe(0);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^file:/);
    const html = await page.content();
    for (const key of Object.values(AUDIT_KEYS)) expect(html).not.toContain(key.slice(8, 20));
    if (process.env.UPDATE_SCREENSHOT === '1') await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });
});
