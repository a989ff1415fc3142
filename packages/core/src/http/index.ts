export {
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  HttpTransport,
  type HttpTransportOptions,
} from './httpTransport.js';
