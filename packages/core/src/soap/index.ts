export { type SoapCallOptions, SoapTransport, type SoapTransportOptions } from './soapTransport.js';
