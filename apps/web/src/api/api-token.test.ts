import { describe, expect, it } from 'vitest';
import { sendWithApiToken, type TokenStore } from './api-token';

function memoryStore(answers: (string | null)[]): TokenStore & { token: string | null; asked: string[] } {
  const store = {
    token: null as string | null,
    asked: [] as string[],
    get: () => store.token,
    set: (t: string) => void (store.token = t),
    ask: (m: string) => (store.asked.push(m), answers.shift() ?? null),
  };
  return store;
}

/** A server that wants `Bearer s3cret`. */
const server = (seen: Record<string, string>[]) => async (headers: Record<string, string>) => {
  seen.push(headers);
  return new Response('{}', { status: headers.authorization === 'Bearer s3cret' ? 200 : 401 });
};

describe('sendWithApiToken', () => {
  it('sends without a token while the server does not ask for one', async () => {
    const seen: Record<string, string>[] = [];
    const store = memoryStore([]);
    const res = await sendWithApiToken(async (h) => (seen.push(h), new Response('{}')), store);
    expect(res.status).toBe(200);
    expect(seen).toEqual([{}]);
    expect(store.asked).toEqual([]);
  });

  it('asks for the token after a 401, keeps it, and sends it from then on', async () => {
    const seen: Record<string, string>[] = [];
    const store = memoryStore([' s3cret ']);
    expect((await sendWithApiToken(server(seen), store)).status).toBe(200);
    expect(store.asked[0]).toContain('BATON_API_TOKEN');
    expect(seen).toEqual([{}, { authorization: 'Bearer s3cret' }]);
    expect((await sendWithApiToken(server(seen), store)).status).toBe(200);
    expect(store.asked).toHaveLength(1);
  });

  it('says the token was refused when a kept one is wrong, and gives up when the user cancels', async () => {
    const seen: Record<string, string>[] = [];
    const store = memoryStore([null]);
    store.token = 'old';
    expect((await sendWithApiToken(server(seen), store)).status).toBe(401);
    expect(store.asked[0]).toMatch(/^The API token was refused/);
    expect(seen).toHaveLength(1);
  });

  it('asks once when several requests are refused at the same time', async () => {
    const seen: Record<string, string>[] = [];
    const store = memoryStore(['s3cret', 'again?']);
    const results = await Promise.all([sendWithApiToken(server(seen), store), sendWithApiToken(server(seen), store), sendWithApiToken(server(seen), store)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(store.asked).toHaveLength(1);
  });
});
