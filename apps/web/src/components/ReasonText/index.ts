export { ReasonText } from './ReasonText';
