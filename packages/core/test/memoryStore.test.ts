import { MemoryTokenStore } from '../src/index.js';
import { describeTokenStore } from '../src/testing/index.js';

describeTokenStore('memory', async () => ({ store: new MemoryTokenStore() }));
