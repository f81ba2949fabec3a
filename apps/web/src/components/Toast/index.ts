export { Toasts } from './Toasts';
export { showToast, dismissToast } from './toast-store';
export type { Toast } from './toast-store';
export { announceLaunch } from './announce-launch';
