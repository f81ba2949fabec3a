export { StorageBanner } from './StorageBanner';
