export { AutomationPage } from './AutomationPage';
export { AutomationDetailPage } from './AutomationDetailPage';
