import { MemoryTokenStore } from '../src/index.js';
import { describeTokenStore } from '../src/testing/vitest.js';

describeTokenStore('memory', async () => ({ store: new MemoryTokenStore() }));
