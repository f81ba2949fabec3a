/**
 * A GraphQL request from a browser test to the server under test (JSON POST); throws with the server's
 * errors so a failed setup step says why.
 *
 * @example
 * await api(server.url, `mutation { materialize(selection: "*") { __typename } }`);
 */
export async function api(url: string, query: string): Promise<any> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const ENDED = ['SUCCESS', 'FAILURE', 'CANCELED'];

/**
 * Waits until the newest `first` runs have all ended (at least one run exists), and returns their statuses.
 *
 * @example
 * expect(await waitForRunsToEnd(server.url)).toEqual(['SUCCESS']);
 */
export async function waitForRunsToEnd(url: string, options: { first?: number; timeoutMs?: number } = {}): Promise<string[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let statuses: string[] = [];
  while (Date.now() < deadline) {
    statuses = (await api(url, `{ runs(first: ${options.first ?? 50}) { nodes { status } } }`)).runs.nodes.map((r: { status: string }) => r.status);
    if (statuses.length > 0 && statuses.every((s) => ENDED.includes(s))) return statuses;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`runs did not end within ${options.timeoutMs ?? 60_000} ms: ${statuses.join(', ')}`);
}
