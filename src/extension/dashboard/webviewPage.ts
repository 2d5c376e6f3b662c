// What the host knows about a dashboard's webview page, and the one way it posts to it. No vscode import: the
// panel hands in its postMessage, so this logic is unit-tested on its own.
//
// Why readiness is derived from the page and from postMessage's result, not from view-state events: a page can be
// replaced (a window reload, a crashed webview; and, with retainContextWhenHidden off — the panel now keeps its page —
// every hide), and onDidChangeViewState and a new page's `ready` reach the extension host in no guaranteed order, so
// a "hidden, not ready" event could land after the new page's `ready` and lose it for good. postMessage resolves
// false when no page took the message.

/** What a post returns: whether VS Code handed the message to a page. */
export type SendToPage<M> = (message: M) => PromiseLike<boolean>;

export class WebviewPage<M extends { type: string }> {
  /** How many pages have said `ready` (each page load says it once): the generation of the current page. */
  private loads = 0;
  private live = false;

  constructor(private readonly send: SendToPage<M>) {}

  /** True while the latest page that said `ready` has not been found gone by a post. */
  get isReady(): boolean {
    return this.live;
  }

  /** How many times a page has loaded and said `ready`. */
  get pageLoads(): number {
    return this.loads;
  }

  /** A page (a new one after every reload) said `ready`: posts reach it from now on. */
  pageSaidReady(): void {
    this.loads++;
    this.live = true;
  }

  /**
   * Posts `message`; resolves whether it was handed to a page. A post that finds no page ends the readiness of the
   * page it was sent to — unless a newer page said `ready` meanwhile (its answer is about an older page).
   */
  async post(message: M): Promise<boolean> {
    const generation = this.loads;
    let delivered: boolean;
    try {
      delivered = await this.send(message);
    } catch {
      delivered = false; // a rejected post (the message could not be sent) reached no page either
    }
    if (!delivered && generation === this.loads) this.live = false;
    return delivered;
  }
}
