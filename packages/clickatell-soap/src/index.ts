/**
 * Clickatell's SOAP API with session IDs that never go stale: {@link ClickatellSoapClient}. The service's
 * facts (operations, error table, WSDL) are in `@x/clickatell-soap/contract`.
 *
 * @module \@x/clickatell-soap
 */
export { ClickatellSoapClient } from './clickatellSoapClient.js';
export {
  CLICKATELL_ERRORS,
  CLICKATELL_OPERATIONS,
  CLICKATELL_WSDL,
  type ClickatellErrorKind,
  type ClickatellField,
  type ClickatellOperation,
} from './contract.js';
export type {
  CommandParams,
  MessageStatus,
  RouteCoverage,
  SendMessageInput,
  SendResult,
} from './messages.js';
export { type ClickatellSoapOptions, DEFAULT_ENDPOINT } from './options.js';
export { parseFields } from './replyLines.js';
