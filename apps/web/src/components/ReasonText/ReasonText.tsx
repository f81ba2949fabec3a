import { Fragment } from 'react';

/**
 * A plain-words reason from the API with its `backticked` names (asset keys, partitions) shown as code.
 *
 * @example
 * <ReasonText text="not requested: upstream `raw/orders` partition 2026-03-01 is missing" />
 */
export function ReasonText({ text }: { text: string }) {
  const parts = text.split('`');
  // an odd count of backticks leaves the last part unmatched: keep it as text
  return <>{parts.map((p, i) => (i % 2 === 1 && i < parts.length - 1 ? <code key={i} className="reason-code">{p}</code> : <Fragment key={i}>{i % 2 === 1 ? `\`${p}` : p}</Fragment>))}</>;
}
