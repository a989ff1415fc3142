/**
 * Clickatell's SOAP API with session IDs that never go stale: {@link ClickatellSoapClient}. The service's
 * facts (operations, error table, WSDL) are in `@x/clickatell-soap/contract`.
 *
 * @module \@x/clickatell-soap
 */
export {
  ClickatellSoapClient,
  type ClickatellSoapOptions,
  DEFAULT_ENDPOINT,
  type RouteCoverage,
  type SendMessageInput,
  type SendResult,
} from './clickatellSoapClient.js';
export {
  CLICKATELL_ERRORS,
  CLICKATELL_OPERATIONS,
  CLICKATELL_WSDL,
  type ClickatellErrorKind,
  type ClickatellField,
  type ClickatellOperation,
} from './contract.js';
export { parseFields } from './replyLines.js';
