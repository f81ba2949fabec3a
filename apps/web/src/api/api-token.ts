/** Where the UI keeps the API token the user entered: this tab only, gone when it closes. */
const KEY = 'baton.apiToken';

/** Reads, keeps and asks for the server's API token (injectable for tests). */
export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  /** Asks the user; null when they cancel. */
  ask(message: string): string | null;
}

export const browserTokenStore: TokenStore = {
  get: () => sessionStorage.getItem(KEY),
  set: (token) => sessionStorage.setItem(KEY, token),
  ask: (message) => window.prompt(message),
};

/** `Authorization: Bearer <token>` when the user entered a token, else nothing. */
export function authHeaders(store: TokenStore = browserTokenStore): Record<string, string> {
  const token = store.get();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * Sends a request with the token the user entered (if any). When the server answers 401 (it has
 * BATON_API_TOKEN and this operation needs it), asks the user for the token once, keeps it for the
 * tab, and sends again (requests refused at the same time ask once between them). The server never hands its token to the page.
 *
 * @example
 * const response = await sendWithApiToken((headers) => fetch('/graphql', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body }));
 */
export async function sendWithApiToken(send: (headers: Record<string, string>) => Promise<Response>, store: TokenStore = browserTokenStore): Promise<Response> {
  const sentWith = store.get();
  const first = await send(authHeaders(store));
  if (first.status !== 401) return first;
  // another request already asked while this one was on its way: send again with that token
  if (store.get() && store.get() !== sentWith) return send(authHeaders(store));
  const entered = store.ask(
    store.get()
      ? 'The API token was refused. Enter the token this Baton server was started with (BATON_API_TOKEN):'
      : 'This Baton server needs its API token for this (BATON_API_TOKEN). Enter it:',
  );
  if (!entered?.trim()) return first;
  store.set(entered.trim());
  return send(authHeaders(store));
}
