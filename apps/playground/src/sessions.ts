import type { Flows } from './flows.ts';
import { invalid } from './playgroundErrors.ts';

const SESSION_ID = /^[\w-]{8,64}$/;

/**
 * One playground per browser tab: its own emulator, clock, timeline and inspector, found by the id the tab
 * keeps in sessionStorage. A reload keeps the tab's story; another tab starts its own. The least recently
 * used ones are closed past `max`.
 */
export class Sessions {
  readonly #make: () => Promise<Flows>;
  readonly #max: number;
  readonly #open = new Map<string, Promise<Flows>>();

  constructor(make: () => Promise<Flows>, max = 16) {
    this.#make = make;
    this.#max = max;
  }

  /** The tab's playground, started on first use. */
  get(id: string | undefined): Promise<Flows> {
    if (!id || !SESSION_ID.test(id)) throw invalid('x-playground-session', 'header must be a tab id');
    let flows = this.#open.get(id);
    if (flows) this.#open.delete(id); // re-inserted: the map's order is the order of use
    if (!flows) {
      const started = this.#make();
      started.catch(() => this.#open.get(id) === started && this.#open.delete(id));
      flows = started;
    }
    this.#open.set(id, flows);
    if (this.#open.size > this.#max) {
      const [oldest, closing] = this.#open.entries().next().value!;
      this.#open.delete(oldest);
      void closing.then((f) => f.close()).catch(() => undefined);
    }
    return flows;
  }

  /** Start the tab over: a new emulator, clock, clients, timeline and inspector. */
  async reset(id: string | undefined): Promise<Flows> {
    const old = this.#open.get(id ?? '');
    this.#open.delete(id ?? '');
    await old?.then((f) => f.close()).catch(() => undefined);
    return this.get(id);
  }

  async closeAll(): Promise<void> {
    const all = [...this.#open.values()];
    this.#open.clear();
    await Promise.all(all.map((flows) => flows.then((f) => f.close()).catch(() => undefined)));
  }
}
