// The host's view of a dashboard page: readiness comes from the page's `ready` and from postMessage's result, in
// whatever order VS Code delivers them.
import * as assert from 'node:assert';
import { WebviewPage } from '../../../src/extension/dashboard/webviewPage';

type Msg = { type: 'model' | 'training' };

/** A send whose answers the test releases one by one, as VS Code's RPC would. */
function manualSend() {
  const pending: ((ok: boolean) => void)[] = [];
  return { pending, send: () => new Promise<boolean>((r) => pending.push(r)) };
}

describe('WebviewPage', () => {
  it('is ready after the page says ready, and each reload counts as a new page', () => {
    const page = new WebviewPage<Msg>(async () => true);
    assert.strictEqual(page.isReady, false);
    page.pageSaidReady();
    page.pageSaidReady();
    assert.strictEqual(page.isReady, true);
    assert.strictEqual(page.pageLoads, 2);
  });

  it('a post that finds no page (postMessage false) ends readiness until the next ready', async () => {
    let alive = true;
    const page = new WebviewPage<Msg>(async () => alive);
    page.pageSaidReady();
    assert.strictEqual(await page.post({ type: 'model' }), true);
    alive = false; // the panel was hidden: VS Code released the page
    assert.strictEqual(await page.post({ type: 'training' }), false);
    assert.strictEqual(page.isReady, false);
    alive = true;
    page.pageSaidReady();
    assert.strictEqual(page.isReady, true);
  });

  it('a failed post to an older page does not end the readiness of a newer page that said ready meanwhile', async () => {
    const { pending, send } = manualSend();
    const page = new WebviewPage<Msg>(send);
    page.pageSaidReady();
    const toOldPage = page.post({ type: 'training' });
    page.pageSaidReady(); // the panel was hidden and shown: the new page said ready before the old post's answer came
    pending[0](false);
    assert.strictEqual(await toOldPage, false);
    assert.strictEqual(page.isReady, true);
  });

  it('a rejected post counts as not delivered', async () => {
    const page = new WebviewPage<Msg>(() => Promise.reject(new Error('cannot clone')));
    page.pageSaidReady();
    assert.strictEqual(await page.post({ type: 'model' }), false);
    assert.strictEqual(page.isReady, false);
  });
});
