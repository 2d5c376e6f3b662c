// Driving the dashboard's controls as a user does: click a field, select its text, type; open a select, click an
// option. And reading back what the Theory and Memory views show.
import type { Page } from 'playwright-core';
import type { CardOnScreen } from './oracles';

/** Replaces a vscode-textfield's text by typing (each keystroke fires `input`, as for a user). */
export async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.click(selector);
  await page.keyboard.press('Control+A');
  if (text === '') await page.keyboard.press('Backspace');
  else await page.keyboard.type(text);
}

/** Opens a vscode-single-select and clicks the option with exactly this label. */
export async function chooseOption(page: Page, selector: string, label: string): Promise<void> {
  await page.click(selector);
  const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  await page.locator(`${selector} li[role="option"]`, { hasText: exact }).click();
}

/** Every calculator card: its result line, error line, formula and the text now in each of its fields. */
export function readCards(page: Page): Promise<Record<string, CardOnScreen & { fields: Record<string, string> }>> {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('[data-calculator]')].map((c) => [c.dataset.calculator!, {
    result: c.querySelector('.result-line')?.textContent ?? '',
    error: c.querySelector('.error')?.textContent ?? '',
    formula: c.querySelector('pre.formula')?.textContent ?? '',
    fields: Object.fromEntries([...c.querySelectorAll<HTMLElement & { value: string }>('[data-field]')].map((f) => [f.dataset.field!.split('.')[1], f.value])),
  }])));
}

/** The memory view: each figure row (value and note), the control values, and any message in place of figures. */
export function readMemory(page: Page): Promise<{ rows: Record<string, { value: string; note: string }>; message: string; batch: string; dtype: string; optimizer: string }> {
  // No named helper inside: tsx's keepNames would wrap it in a __name() call the page does not define.
  return page.evaluate(() => {
    return {
      rows: Object.fromEntries([...document.querySelectorAll<HTMLElement>('section[data-view="memory"] .memory-table [data-figure]')].map((tr) => [tr.dataset.figure!, {
        value: tr.querySelector('td.num')?.textContent ?? '', note: tr.querySelector('td.note')?.textContent ?? '',
      }])),
      message: [...document.querySelectorAll('section[data-view="memory"] .memory-result .warning, section[data-view="memory"] .memory-result .error')].map((e) => e.textContent).join('\n'),
      ...Object.fromEntries((['batch-size', 'dtype', 'optimizer'] as const).map((id) => [id === 'batch-size' ? 'batch' : id, (document.getElementById(id) as unknown as { value: string } | null)?.value ?? ''])) as { batch: string; dtype: string; optimizer: string },
    };
  });
}
