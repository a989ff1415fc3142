// Everything of the SOAP transport that needs node-soap or `node:http`, imported on the first SOAP call
// only: node-soap (and what it pulls in) is most of a SOAP package's load time, and a client that never
// makes a SOAP call (SBT over REST) should not pay it.
export { type Client, createClientAsync } from 'soap';
export { envProxyAgent, SoapHttpClient } from './soapHttp.js';
