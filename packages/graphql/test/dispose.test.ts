import { definitions } from '@baton/core';
import { createSqliteStorage } from '@baton/storage';
import { describe, expect, it } from 'vitest';
import { createBatonYoga } from '../src/index';

describe('createBatonYoga: dispose', () => {
  it("subscribes to the storage's change notifications and unsubscribes on dispose, leaving the storage as it found it", async () => {
    const inner = await createSqliteStorage({ path: ':memory:' });
    let listeners = 0;
    const storage = {
      ...inner,
      onEventsAppended(listener: () => void) {
        listeners++;
        const unsubscribe = inner.onEventsAppended(listener);
        return () => {
          listeners--;
          unsubscribe();
        };
      },
    };
    try {
      const yoga = createBatonYoga({ getDefinitions: () => definitions({ assets: [] }), storage, graphiql: false });
      expect(listeners).toBe(1);
      await yoga.dispose();
      expect(listeners).toBe(0);
    } finally {
      await inner.close();
    }
  });
});
