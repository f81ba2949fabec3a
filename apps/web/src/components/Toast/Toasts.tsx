import { Link } from '../../router';
import { dismissToast, useToasts } from './toast-store';

/** The toasts, bottom right, each with its link and a close button. */
export function Toasts() {
  const toasts = useToasts();
  if (toasts.length === 0) return null;
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.tone}`} data-testid="toast">
          <span>{t.message}</span>
          {t.link ? <Link href={t.link.href} className="toast-link" data-testid="toast-link" onClick={() => dismissToast(t.id)}>{t.link.label}</Link> : null}
          <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => dismissToast(t.id)}>×</button>
        </div>
      ))}
    </div>
  );
}
