export { AssetPage } from './AssetPage';
