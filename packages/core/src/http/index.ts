/**
 * {@link HttpTransport}: JSON over HTTP on ky. Install the optional peer dependency `ky` to use it.
 *
 * @module \@x/core/http
 */
export {
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  HttpTransport,
  type HttpTransportOptions,
} from './httpTransport.js';
