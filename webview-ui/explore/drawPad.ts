// The 28×28 drawing pad: strokes with the mouse, a pen or a finger (pointer events), white on black like the
// datasets, painted by brush.ts into the grid the model reads. A stroke's end (pointerup) reports the drawing.
import { h } from '../dom';
import { bytesToGrid, gridToBytes, stampSegment } from './brush';
import { DRAW_SIZE } from './inputChoice';
import { canvasPoint, paintPixels } from './pixelCanvas';

export class DrawPad {
  readonly canvas = h('canvas', { class: 'draw-canvas', attrs: { width: DRAW_SIZE, height: DRAW_SIZE, 'data-testid': 'explore-draw-canvas', 'aria-label': 'Drawing pad, 28 by 28 pixels' } });
  readonly element: HTMLElement;
  private grid: Float32Array = new Float32Array(DRAW_SIZE * DRAW_SIZE);
  private last: { x: number; y: number } | null = null;

  constructor(private readonly changed: (pixels: Uint8Array) => void) {
    this.element = h('div', { class: 'draw-box' }, this.canvas,
      h('vscode-button', { attrs: { secondary: true, 'data-testid': 'explore-draw-clear' }, on: { click: () => this.clear() } }, 'Clear'));
    this.canvas.addEventListener('pointerdown', (e) => {
      this.canvas.setPointerCapture(e.pointerId);
      this.last = this.at(e);
      stampSegment(this.grid, DRAW_SIZE, this.last.x, this.last.y, this.last.x, this.last.y);
      this.repaint();
      e.preventDefault();
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (!this.last) return;
      for (const ev of e.getCoalescedEvents?.() ?? [e]) {
        const p = this.at(ev);
        stampSegment(this.grid, DRAW_SIZE, this.last.x, this.last.y, p.x, p.y);
        this.last = p;
      }
      this.repaint();
    });
    const end = () => {
      if (!this.last) return;
      this.last = null;
      this.changed(gridToBytes(this.grid));
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
    this.repaint();
  }

  /** Shows saved pixels (a reload) without reporting them. */
  setPixels(pixels: Uint8Array | null): void {
    if (this.last) return; // mid-stroke: the stroke wins
    this.grid = pixels && pixels.length === DRAW_SIZE * DRAW_SIZE ? bytesToGrid(pixels) : new Float32Array(DRAW_SIZE * DRAW_SIZE);
    this.repaint();
  }

  clear(): void {
    this.grid = new Float32Array(DRAW_SIZE * DRAW_SIZE);
    this.repaint();
    this.changed(gridToBytes(this.grid));
  }

  private at(e: PointerEvent): { x: number; y: number } {
    const [x, y] = canvasPoint(this.canvas, e, DRAW_SIZE, DRAW_SIZE);
    return { x, y };
  }

  private repaint(): void {
    paintPixels(this.canvas, gridToBytes(this.grid), DRAW_SIZE, DRAW_SIZE, 1);
  }
}
