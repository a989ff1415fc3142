import { randomUUID } from 'node:crypto';
import type { Flows } from './flows.ts';
import { invalid, UnknownTabError } from './playgroundErrors.ts';

/**
 * One playground per browser tab: its own emulator, clock, timeline and inspector, found by an id the
 * server issued and the tab keeps in sessionStorage. A reload keeps the tab's story; another tab starts
 * its own. The least recently used ones are closed past `max`. An id the server did not issue (or has
 * closed) is refused, not adopted: only the server mints tabs, so a confirmation bound to a tab is bound
 * to one the page was given.
 */
export class Sessions {
  readonly #make: () => Promise<Flows>;
  readonly #max: number;
  readonly #open = new Map<string, Promise<Flows>>();

  constructor(make: () => Promise<Flows>, max = 16) {
    this.#make = make;
    this.#max = max;
  }

  /** A new tab: its id, its playground starting. */
  open(): string {
    const id = randomUUID();
    this.#start(id);
    return id;
  }

  /** The tab's playground. */
  get(id: string | undefined): Promise<Flows> {
    if (!id) throw invalid('x-playground-session', 'header must be a tab id');
    const flows = this.#open.get(id);
    if (!flows)
      throw new UnknownTabError('no such tab here (the server restarted or closed it): open a new one');
    this.#open.delete(id); // re-inserted: the map's order is the order of use
    this.#open.set(id, flows);
    return flows;
  }

  /** Start the tab over: a new emulator, clock, clients, timeline and inspector. */
  async reset(id: string | undefined): Promise<Flows> {
    const old = this.get(id);
    this.#open.delete(id!);
    await old.then((f) => f.close()).catch(() => undefined);
    return this.#start(id!);
  }

  async closeAll(): Promise<void> {
    const all = [...this.#open.values()];
    this.#open.clear();
    await Promise.all(all.map((flows) => flows.then((f) => f.close()).catch(() => undefined)));
  }

  #start(id: string): Promise<Flows> {
    const started = this.#make();
    started.catch(() => this.#open.get(id) === started && this.#open.delete(id));
    this.#open.set(id, started);
    if (this.#open.size > this.#max) {
      const [oldest, closing] = this.#open.entries().next().value!;
      this.#open.delete(oldest);
      void closing.then((f) => f.close()).catch(() => undefined);
    }
    return started;
  }
}
