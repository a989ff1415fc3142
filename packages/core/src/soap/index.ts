/**
 * {@link SoapTransport}: SOAP calls on node-soap. Install the optional peer dependency `soap` to use it.
 *
 * @module \@x/core/soap
 */
export { type SoapCallOptions, SoapTransport, type SoapTransportOptions } from './soapTransport.js';
