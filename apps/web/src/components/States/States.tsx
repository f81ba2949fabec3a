import type { ReactNode } from 'react';
import { GraphQLRequestError } from '../../api/graphql-error';
import { Link, assetHref } from '../../router';

/** A centred spinner with a label, for whole-page or whole-card loading. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      <div className="spinner" />
      <span className="subtle">{label}</span>
    </div>
  );
}

/**
 * The server's own message and its hint (once, even when the message already carries it), with a retry
 * button. The error code stays out of sight (on `data-code`, for tests and support); a "did you mean"
 * hint for an asset becomes a link to that asset.
 */
export function ErrorState({ error, onRetry, title = 'Something went wrong' }: { error: unknown; onRetry?: () => void; title?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof GraphQLRequestError ? error.code : undefined;
  const rawHint = error instanceof GraphQLRequestError ? error.hint : undefined;
  const hint = rawHint && !message.includes(rawHint) ? rawHint : undefined;
  const suggestion = code === 'ASSET_NOT_FOUND' ? /did you mean "([^"]+)"/.exec(rawHint ?? message)?.[1] : undefined;
  return (
    <div className="state error" role="alert" data-code={code ?? ''}>
      <h2>{title}</h2>
      <div className="error-box" data-testid="error-message">{message}{hint ? `\n${hint}` : ''}</div>
      {suggestion ? <Link className="btn" href={assetHref(suggestion)} data-testid="did-you-mean">Open {suggestion}</Link> : null}
      {onRetry ? <button className="btn" onClick={onRetry}>Try again</button> : null}
    </div>
  );
}

/** A designed empty state: what is missing and what to do about it. */
export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="state">
      <h2>{title}</h2>
      {children}
      {action}
    </div>
  );
}
