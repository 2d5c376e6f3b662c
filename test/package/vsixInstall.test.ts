// The packaged VSIX installs into a real VS Code (code-server 1.100.3) the way a user installs it, and its commands
// appear in the command palette: training under "LeNet:", the inspector and dashboard under "CNN Explorer:". Saves test-artifacts/vsix-command-palette.png.
import * as assert from 'node:assert';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium, startCodeServer, type CodeServer } from '../integration/codeServerHost';

const repoRoot = join(__dirname, '..', '..');
const vsixPath = join(repoRoot, 'cnn-explorer.vsix');

describe('the VSIX installed into code-server', function () {
  this.timeout(180_000);
  // Real mouse and keyboard in a real workbench on a shared 2-core machine: a missed UI event is retried (the same
  // assertions must pass; the extension's behaviour is covered deterministically by the integration suite).
  this.retries(2);
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;

  after(async () => {
    await browser?.close().catch(() => undefined);
    server?.stop();
  });

  let page: import('playwright-core').Page;

  it('shows the training commands under LeNet and the inspector and dashboard under CNN Explorer in the palette', async () => {
    assert.ok(existsSync(vsixPath), 'run `npm run package` first');
    // A retried attempt starts afresh: stop the previous attempt's browser and server (left running, they kept mocha
    // from exiting after a failure).
    await browser?.close().catch(() => undefined);
    server?.stop();
    server = await startCodeServer(join(repoRoot, 'test', 'fixtures', 'workspace'), { installVsix: vsixPath });
    browser = await launchChromium(server.tmp, server.env);
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(join(repoRoot, 'test', 'fixtures', 'workspace'))}`);
    await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
    // What the palette lists for a typed prefix. The extension host starts after the workbench: retry until the
    // contributed commands are there.
    const paletteTitles = async (prefix: string, expected: number): Promise<string[]> => {
      const rows = page.locator('.quick-input-list .monaco-list-row', { hasText: prefix });
      let titles: string[] = [];
      for (let attempt = 0; attempt < 20 && titles.length < expected; attempt++) {
        await page.keyboard.press('Escape');
        await page.keyboard.press('F1');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill(`>${prefix}`);
        await page.waitForTimeout(750);
        titles = (await rows.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
      }
      return titles;
    };
    const lenet = await paletteTitles('LeNet:', 2);
    for (const title of ['LeNet: Train', 'LeNet: Stop Training']) {
      assert.ok(lenet.some((t) => t.startsWith(title)), `"${title}" not in the palette: ${JSON.stringify(lenet)}`);
    }
    assert.strictEqual(lenet.length, 2, `only training is under LeNet: ${JSON.stringify(lenet)}`);
    const explorer = await paletteTitles('CNN Explorer:', 2);
    const artifacts = join(repoRoot, 'test-artifacts');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'vsix-command-palette.png') });
    for (const title of ['CNN Explorer: Open Dashboard', 'CNN Explorer: Inspect Model Architecture']) {
      assert.ok(explorer.some((t) => t.startsWith(title)), `"${title}" not in the palette: ${JSON.stringify(explorer)}`);
    }
    // The old ids (lenet.openDashboard, lenet.inspectModel) still run, for keybindings, but are not listed.
    assert.ok(!explorer.some((t) => t.includes('old id')), `old ids listed: ${JSON.stringify(explorer)}`);
  });

  it('hovering a layer in a model.json shows its shapes and parameters (installed extension, real mouse)', async () => {
    assert.ok(page, 'the palette test opens the workbench');
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1'); // F1 then a file name (no '>') is Quick Open; Ctrl+P would be the browser's print
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('sequential-cnn.json:48'); // line 48 holds c1's name: bring it into view
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'sequential-cnn.json' }).first().waitFor();
    await page.keyboard.press('Enter');
    const token = page.locator('.monaco-editor .view-line span', { hasText: '"c1"' }).first();
    await token.waitFor({ timeout: 30_000 }).catch(async (e) => {
      await page.screenshot({ path: join(repoRoot, 'test-artifacts', 'vsix-hover.png') });
      throw e;
    });
    const hover = page.locator('.monaco-hover:visible', { hasText: 'Parameters' });
    // The extension activates on the JSON file and analyses it; until then no hover comes. A hover shows on a mouse
    // *move*, so leave the token between attempts (hovering the same spot again sends no event).
    for (let attempt = 0; attempt < 30 && !(await hover.count()); attempt++) {
      await page.mouse.move(5, 5);
      await token.hover();
      await page.waitForTimeout(1000);
    }
    await page.screenshot({ path: join(repoRoot, 'test-artifacts', 'vsix-hover.png') });
    assert.ok(await hover.count(), 'no hover with "Parameters" appeared (screenshot: test-artifacts/vsix-hover.png)');
    const text = (await hover.first().textContent()) ?? '';
    // c1: conv 6@5×5 "same" on 28×28×1 (TF.js says [null, 28, 28, 6] and 156 params, see sequential-cnn.expected.json).
    assert.ok(text.includes('[null, 28, 28, 6]') && text.includes('156 (trainable 156'), `hover text: ${text}`);
  });
});
