import { useCSRFPrevention as useYogaCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';

/** Headers any of which marks a request as sent by a script or the UI rather than a cross-site form. */
export const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'x-baton-client'] as const;

/**
 * Yoga's CSRF prevention: requests a browser would send cross-site without a preflight (GET, or
 * form/text content types) must carry one of `CSRF_HEADERS`. JSON POSTs are preflighted and pass.
 *
 * @example
 * fetch('/graphql?query={assets{totalCount}}', { headers: { 'x-baton-client': 'script' } });
 */
export function useCSRFPrevention(): Plugin {
  return useYogaCSRFPrevention({ requestHeaders: [...CSRF_HEADERS] }) as Plugin;
}
