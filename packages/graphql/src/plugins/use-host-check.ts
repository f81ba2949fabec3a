import type { Plugin } from 'graphql-yoga';

/** Host names a local server always answers to. */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'] as const;

/** Why a request was refused by `hostRefusal`: HTTP status, code, and a message saying how to allow it. */
export interface HostRefusal {
  readonly status: 403 | 421;
  readonly code: 'HOST_NOT_ALLOWED' | 'ORIGIN_NOT_ALLOWED';
  readonly message: string;
  readonly hint: string;
}

/**
 * The host name of a `Host` header value, lower-cased, without its port (`[::1]:3000` → `[::1]`),
 * or undefined when it is not a valid host (`[::1`, a port over 65535, user info, a path).
 */
export function hostName(host: string): string | undefined {
  let url: URL;
  try {
    url = new URL(`http://${host.trim()}`);
  } catch {
    return undefined;
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return undefined;
  return url.hostname;
}

/**
 * The loopback names plus the comma-separated names of `BATON_ALLOWED_HOSTS` (ports dropped).
 *
 * @example
 * allowedHosts('baton.internal, ci-box:8080'); // ['127.0.0.1', 'localhost', '[::1]', 'baton.internal', 'ci-box']
 */
export function allowedHosts(configured: string | undefined): string[] {
  const extra = (configured ?? '').split(',').map((s) => hostName(s.trim()) ?? s.trim().toLowerCase()).filter(Boolean);
  return [...new Set([...LOOPBACK_HOSTS, ...extra])];
}

const HINT = 'BATON_ALLOWED_HOSTS (comma-separated host names) lists the names Baton may be reached through';

/**
 * Checks a request against DNS rebinding and cross-site writes: its `Host` must name an allowed
 * host (any port), and a write (any method but GET/HEAD/OPTIONS) that carries an `Origin` must come
 * from an allowed host too. Returns undefined when the request may proceed.
 *
 * @example
 * hostRefusal({ method: 'GET', host: 'evil.example', origin: null }, allowedHosts(undefined)); // { status: 421, code: 'HOST_NOT_ALLOWED', … }
 */
export function hostRefusal(request: { method: string; host: string | null | undefined; origin: string | null | undefined }, allowed: readonly string[]): HostRefusal | undefined {
  const host = request.host ? hostName(request.host) : undefined;
  if (host === undefined || !allowed.includes(host)) {
    const shown = host ? `"${host}"` : request.host ? `${JSON.stringify(request.host)} (malformed)` : '(none)';
    return {
      status: 421,
      code: 'HOST_NOT_ALLOWED',
      message: `Baton refused this request: its Host header ${shown} is not one of the allowed host names (${allowed.join(', ')}). This protects the server from DNS rebinding by web pages.`,
      hint: host ? `if you reach Baton through "${host}" on purpose, start it with BATON_ALLOWED_HOSTS=${host} (${HINT})` : `send a valid Host header (name or name:port); ${HINT}`,
    };
  }
  const method = request.method.toUpperCase();
  if (request.origin == null || method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return undefined;
  let originHost: string | undefined;
  try {
    originHost = request.origin === 'null' ? undefined : hostName(new URL(request.origin).host);
  } catch {
    originHost = undefined;
  }
  if (originHost !== undefined && allowed.includes(originHost)) return undefined;
  return {
    status: 403,
    code: 'ORIGIN_NOT_ALLOWED',
    message: `Baton refused a ${method} from the web page at ${JSON.stringify(request.origin)}: writes are only accepted from pages served by an allowed host (${allowed.join(', ')}).`,
    hint: originHost ? `if that page is yours, start Baton with BATON_ALLOWED_HOSTS=${originHost} (${HINT})` : `send the request from a script (no Origin header) or from the Baton UI; ${HINT}`,
  };
}

function hostOfUrl(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/**
 * Refuses GraphQL requests whose `Host` is not an allowed name (421) and writes from pages of
 * other origins (403), with a JSON body saying how to allow them (see `hostRefusal`).
 *
 * @example
 * createYoga({ plugins: [useHostCheck(allowedHosts(process.env.BATON_ALLOWED_HOSTS))] });
 */
export function useHostCheck(allowed: readonly string[]): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      // in-process requests (yoga.fetch) carry no Host header: their URL names the host
      const host = request.headers.get('host') ?? hostOfUrl(request.url);
      const refusal = hostRefusal({ method: request.method, host, origin: request.headers.get('origin') }, allowed);
      if (!refusal) return;
      const body = JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code, hint: refusal.hint } }] });
      endResponse(new fetchAPI.Response(body, { status: refusal.status, headers: { 'content-type': 'application/json; charset=utf-8' } }));
    },
  };
}
