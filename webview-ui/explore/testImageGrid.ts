// The test-image picker: the run's test images (optionally of one class) as pages of thumbnails. Keyboard: arrows move
// between images (a roving tabindex), PageUp/PageDown change the page, Home/End, Enter or Space chooses.
import type { ExploreDataset } from '../../src/protocol';
import { h } from '../dom';
import { testImagePixels } from './inputImage';
import { pixelCanvas } from './pixelCanvas';

export const GRID_COLUMNS = 8;
export const PAGE_SIZE = GRID_COLUMNS * 5;

/** Test-set indices of the images shown for a class filter (null: all), in test-set order. */
export function filteredIndices(labels: Uint8Array, classFilter: number | null): number[] {
  const out: number[] = [];
  for (let i = 0; i < labels.length; i++) if (classFilter === null || labels[i] === classFilter) out.push(i);
  return out;
}

export class TestImageGrid {
  readonly element = h('div', { class: 'test-grid-box' });
  private indices: number[] = [];
  private page = 0;
  private dataset: ExploreDataset | null = null;
  private selected: number | null = null;
  private focusIndex = 0;

  constructor(private readonly choose: (index: number) => void) {}

  /** Shows the images of `classFilter`, on the page of the selected image when it is among them. */
  show(dataset: ExploreDataset, classFilter: number | null, selected: number | null): void {
    const sameList = this.dataset === dataset && this.filter === classFilter;
    this.dataset = dataset;
    this.filter = classFilter;
    if (!sameList) this.indices = filteredIndices(dataset.labels, classFilter);
    this.selected = selected;
    const page = this.page;
    const at = selected === null ? -1 : this.indices.indexOf(selected);
    if (at >= 0) {
      this.page = Math.floor(at / PAGE_SIZE);
      this.focusIndex = at;
    } else if (!sameList) {
      this.page = 0;
      this.focusIndex = 0;
    }
    // The same page: only the selection moves (no 40 thumbnails redrawn per click).
    if (sameList && page === this.page && this.drawnPage === this.page) this.markSelected();
    else this.draw(false);
  }

  private filter: number | null | undefined = undefined;
  private drawnPage = -1;

  private markSelected(): void {
    for (const b of this.element.querySelectorAll<HTMLElement>('.test-image')) {
      const on = Number(b.dataset.index) === this.selected;
      b.classList.toggle('selected', on);
      b.setAttribute('aria-selected', on ? 'true' : 'false');
      b.tabIndex = Number(b.dataset.index) === this.indices[this.focusIndex] ? 0 : -1;
    }
  }

  private get pages(): number {
    return Math.max(1, Math.ceil(this.indices.length / PAGE_SIZE));
  }

  private draw(focus: boolean): void {
    const d = this.dataset;
    if (!d) return;
    const start = this.page * PAGE_SIZE;
    const shown = this.indices.slice(start, start + PAGE_SIZE);
    const grid = h('div', { class: 'test-grid', attrs: { role: 'listbox', 'aria-label': 'Test images' } }, ...shown.map((index, k) => {
      const label = d.labels[index];
      const predicted = d.predictions ? d.predictions[index] : null;
      const wrong = predicted !== null && predicted !== label;
      const name = (c: number) => d.classNames[c] ?? `class ${c}`;
      const button = h('button', {
        class: `test-image${index === this.selected ? ' selected' : ''}${wrong ? ' wrong' : ''}`,
        title: `Test image #${index}: ${name(label)}${predicted !== null ? `, the run predicted ${name(predicted)}` : ''}`,
        attrs: {
          'data-testid': 'explore-test-image', 'data-index': index, role: 'option', 'aria-selected': index === this.selected ? 'true' : 'false',
          tabindex: start + k === this.focusIndex ? 0 : -1,
        },
        on: {
          click: () => {
            this.focusIndex = start + k;
            this.choose(index);
          },
          keydown: (e) => this.onKey(e),
        },
      }, pixelCanvas('thumb', testImagePixels(d.images, d.width, d.height, index), d.width, d.height, 1));
      return button;
    }));
    const count = this.indices.length;
    const pager = h('div', { class: 'pager' },
      h('vscode-button', { attrs: { secondary: true, disabled: this.page === 0, 'aria-label': 'Previous page' }, on: { click: () => this.goPage(this.page - 1) } }, '‹'),
      h('span', { class: 'pager-text', text: count === 0 ? 'No test images of this class' : `${start + 1}–${Math.min(count, start + PAGE_SIZE)} of ${count} · page ${this.page + 1}/${this.pages}` }),
      h('vscode-button', { attrs: { secondary: true, disabled: this.page >= this.pages - 1, 'aria-label': 'Next page' }, on: { click: () => this.goPage(this.page + 1) } }, '›'));
    this.element.replaceChildren(grid, pager);
    this.drawnPage = this.page;
    if (focus) grid.querySelector<HTMLElement>('[tabindex="0"]')?.focus();
  }

  private goPage(page: number): void {
    const p = Math.max(0, Math.min(this.pages - 1, page));
    if (p === this.page) return;
    this.page = p;
    this.focusIndex = p * PAGE_SIZE;
    this.draw(false);
  }

  private onKey(e: KeyboardEvent): void {
    const moves: Record<string, number> = {
      ArrowRight: 1, ArrowLeft: -1, ArrowDown: GRID_COLUMNS, ArrowUp: -GRID_COLUMNS, PageDown: PAGE_SIZE, PageUp: -PAGE_SIZE,
      Home: -Infinity, End: Infinity,
    };
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const index = this.indices[this.focusIndex];
      if (index !== undefined) this.choose(index);
      return;
    }
    const step = moves[e.key];
    if (step === undefined || this.indices.length === 0) return;
    e.preventDefault();
    this.focusIndex = Math.max(0, Math.min(this.indices.length - 1, this.focusIndex + step));
    this.page = Math.floor(this.focusIndex / PAGE_SIZE);
    this.draw(true);
  }
}
