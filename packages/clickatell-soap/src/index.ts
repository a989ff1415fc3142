export {
  ClickatellSoapClient,
  type ClickatellSoapOptions,
  DEFAULT_ENDPOINT,
  type SendMessageInput,
  type SendResult,
} from './clickatellSoapClient.js';
export { CLICKATELL_ERRORS, type ClickatellErrorKind } from './errorCodes.js';
export { parseFields } from './replyLines.js';
export { CLICKATELL_WSDL } from './wsdl.js';
