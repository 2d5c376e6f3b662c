// Delivering Explore's large host messages to the test page as VS Code does (a message event whose byte fields are
// Uint8Arrays), and opening the tab. The harness's send() passes a message through the driver as JSON, where a
// 7.8 MB test set becomes tens of MB of numbers and overflows the DevTools pipe (100 MB): byte fields cross as base64
// text instead and become Uint8Arrays again in the page before the event is dispatched.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { ExploreModelMessage, ExploreUnavailableMessage } from '../../src/protocol/explore';
import { posted, send, type BrowserSession } from './harness';

/** Replaces every Uint8Array (at any depth) by { __base64 }. */
function encode(v: unknown): unknown {
  if (v instanceof Uint8Array) return { __base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (Array.isArray(v)) return v.map(encode);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  return v;
}

/** Delivers a host message with byte fields (exploreModel's weights and test set, exploreImageFile's bytes). */
export async function sendWithBytes(page: Page, message: ExploreModelMessage | { type: string; [k: string]: unknown }): Promise<void> {
  // No named helper inside: tsx's keepNames would wrap it in a __name() call the page does not define.
  await page.evaluate((encoded) => {
    const m = encoded as Record<string, unknown> & { dataset?: Record<string, unknown> | null };
    const slots: [Record<string, unknown>, string][] = [[m, 'weightData'], [m, 'bytes']];
    if (m.dataset) for (const k of ['images', 'labels', 'predictions']) slots.push([m.dataset, k]);
    for (const [o, k] of slots) {
      const v = o[k] as { __base64?: string } | null | undefined;
      if (!v || typeof v.__base64 !== 'string') continue;
      const s = atob(v.__base64);
      const out = new Uint8Array(s.length);
      for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
      o[k] = out;
    }
    window.postMessage(m, '*');
  }, encode(message));
}

/** Shows the Explore tab, checks it asked for its panel's own model, and answers with `message`. */
export async function openExplore(page: Page, message: ExploreModelMessage | ExploreUnavailableMessage): Promise<void> {
  await page.click('vscode-tab-header[data-tab="explore"]');
  await page.waitForSelector('section[data-view="explore"]', { state: 'visible' });
  await answerExploreRequest(page, message);
}

/** Waits for the page's requestExploreModel (runDir null: the panel's own model) and answers it. */
export async function answerExploreRequest(page: Page, message: ExploreModelMessage | ExploreUnavailableMessage): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'requestExploreModel'));
  const request = (await posted(page)).find((m) => m.type === 'requestExploreModel');
  assert.deepEqual(request, { type: 'requestExploreModel', runDir: null }, 'the tab asks for its panel\'s own model');
  if (message.type === 'exploreModel') await sendWithBytes(page, message);
  else await send(page, message);
}

/** Waits until the model is loaded and its input computed (the status line says ready). */
export async function waitReady(page: Page, timeout = 60000): Promise<void> {
  await page.waitForSelector('[data-testid="explore-status"][data-state="ready"]', { timeout });
}

/**
 * Chromium asks the test server for /favicon.ico once a page has been open a while (a VS Code webview asks for
 * none); the 404 would count as a console error in closeCheckedPage. Answer it with an empty 204.
 */
export async function noFavicon(session: BrowserSession): Promise<void> {
  await session.context.route('**/favicon.ico', (r) => r.fulfill({ status: 204, body: '' }));
}
