import type { ReactNode } from 'react';
import { GraphQLRequestError } from '../../api/graphql-error';

/** A centred spinner with a label, for whole-page or whole-card loading. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      <div className="spinner" />
      <span className="subtle">{label}</span>
    </div>
  );
}

/** The server's own message (and hint and code), with a retry button. */
export function ErrorState({ error, onRetry, title = 'Something went wrong' }: { error: unknown; onRetry?: () => void; title?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof GraphQLRequestError ? error.code : undefined;
  const hint = error instanceof GraphQLRequestError ? error.hint : undefined;
  return (
    <div className="state error" role="alert">
      <h2>{title}</h2>
      <div className="error-box" data-testid="error-message">{message}{hint ? `\n${hint}` : ''}</div>
      {code ? <span className="subtle mono">{code}</span> : null}
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
