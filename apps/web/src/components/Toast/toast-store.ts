import { useSyncExternalStore } from 'react';

/** A short notice after an action, with an optional link (the run or backfill it launched). */
export interface Toast {
  readonly id: number;
  readonly message: string;
  readonly link?: { readonly href: string; readonly label: string } | undefined;
  readonly tone: 'success' | 'error';
}

let toasts: readonly Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

/**
 * Shows a toast for `ms` milliseconds (default 8 s).
 *
 * @example
 * showToast({ message: 'Launched 3 runs', link: { href: '/runs', label: 'View runs' } });
 */
export function showToast(toast: Omit<Toast, 'id' | 'tone'> & { tone?: Toast['tone'] }, ms = 8000): number {
  const id = nextId++;
  toasts = [...toasts, { tone: 'success', ...toast, id }];
  emit();
  setTimeout(() => dismissToast(id), ms);
  return id;
}

/** Removes a toast before its time is up. */
export function dismissToast(id: number): void {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

/** The toasts on screen now. */
export function useToasts(): readonly Toast[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => toasts,
  );
}
