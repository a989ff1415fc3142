// A TokenManager dropped without close(): once garbage, it stops watching its store (a watch would keep
// a Redis subscription, and the listener set, for every manager ever made).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { credential, settle } from './credential.js';
import { recordingStore } from './recordingStore.js';

it('a manager dropped without close() stops watching its store once it is collected', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const { store, inner } = recordingStore();
  let stops = 0;
  store.watch = (key, listener) => {
    const stop = inner.watch(key, listener);
    return () => {
      stops++;
      stop();
    };
  };
  const { make } = credential({ store });
  (() => {
    make();
  })();
  for (let i = 0; i < 20 && stops === 0; i++) {
    gc();
    await settle();
  }
  expect(stops).toBe(1);
});

it('a manager of a store that cannot watch leaves nothing to stop when it is collected', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const errors: unknown[] = [];
  const onError = (error: unknown) => errors.push(error);
  process.on('uncaughtException', onError);
  try {
    const { store } = recordingStore({ watch: false });
    const collected = new FinalizationRegistry<() => void>((noted) => noted());
    let gone = false;
    (() => {
      collected.register(credential({ store }).make(), () => (gone = true));
    })();
    for (let i = 0; i < 20 && !gone; i++) {
      gc();
      await settle();
    }
    expect(gone).toBe(true);
    await settle();
    expect(errors).toEqual([]);
  } finally {
    process.off('uncaughtException', onError);
  }
});
