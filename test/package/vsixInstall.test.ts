// The packaged VSIX installs into a real VS Code (code-server 1.100.3) the way a user installs it, and its four
// commands appear in the command palette. Saves test-artifacts/vsix-command-palette.png.
import * as assert from 'node:assert';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium, startCodeServer, type CodeServer } from '../integration/codeServerHost';

const repoRoot = join(__dirname, '..', '..');
const vsixPath = join(repoRoot, 'cnn-explorer.vsix');

describe('the VSIX installed into code-server', function () {
  this.timeout(180_000);
  let server: CodeServer | undefined;
  let browser: BrowserContext | undefined;

  after(async () => {
    await browser?.close().catch(() => undefined);
    server?.stop();
  });

  it('shows the four LeNet commands in the command palette', async () => {
    assert.ok(existsSync(vsixPath), 'run `npm run package` first');
    server = await startCodeServer(join(repoRoot, 'test', 'fixtures', 'workspace'), { installVsix: vsixPath });
    browser = await launchChromium(server.tmp, server.env);
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(join(repoRoot, 'test', 'fixtures', 'workspace'))}`);
    await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
    const rows = page.locator('.quick-input-list .monaco-list-row', { hasText: 'LeNet:' });
    // The extension host starts after the workbench; retry the palette until the contributed commands are listed.
    let titles: string[] = [];
    for (let attempt = 0; attempt < 20 && titles.length < 4; attempt++) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill('>LeNet:');
      await page.waitForTimeout(750);
      titles = (await rows.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    }
    const artifacts = join(repoRoot, 'test-artifacts');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'vsix-command-palette.png') });
    for (const title of ['LeNet: Train', 'LeNet: Stop Training', 'LeNet: Open Dashboard', 'LeNet: Inspect Model Architecture']) {
      assert.ok(titles.some((t) => t.startsWith(title)), `"${title}" not in the palette: ${JSON.stringify(titles)}`);
    }
  });
});
