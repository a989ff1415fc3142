import soap from 'soap';
import { type EmulatorRequest, type Reply, xml } from './reply.js';

/** node-soap's server (serverless mode), serving `wsdl` at `path`; `?wsdl` answers the WSDL itself. */
export async function soapEndpoint(options: {
  path: string;
  wsdl: string;
  envelopeKey: string;
  services: object;
}): Promise<(request: EmulatorRequest, origin: string) => Promise<Reply>> {
  const server = await new Promise<{
    processRequest(body: string, req: object): Promise<{ statusCode: number; headers: object; body: string }>;
  }>((resolve, reject) => {
    soap.createServerless({
      path: options.path,
      xml: options.wsdl,
      envelopeKey: options.envelopeKey,
      services: withEmptyArgs(options.services) as never,
      suppressStack: true,
      callback: (error: unknown, created: never) => (error ? reject(error) : resolve(created)),
    } as never);
  });
  return async (request, origin) => {
    if (request.method === 'GET') {
      // the WSDL as the real service hosts it, pointing at this emulator
      return xml(200, options.wsdl.replace(/location="[^"]*"/, `location="${origin}${options.path}"`));
    }
    const answer = await server.processRequest(request.body, {
      url: request.url.pathname,
      method: 'POST',
      headers: request.headers,
    });
    return xml(answer.statusCode, answer.body);
  };
}

type Method = (args: unknown, ...rest: unknown[]) => unknown;

/** node-soap hands `null` to a method whose request element is empty; give every method `{}` instead. */
function withEmptyArgs(services: object): object {
  return Object.fromEntries(
    Object.entries(services).map(([service, ports]) => [
      service,
      Object.fromEntries(
        Object.entries(ports as Record<string, Record<string, Method>>).map(([port, methods]) => [
          port,
          Object.fromEntries(
            Object.entries(methods).map(([name, method]) => [
              name,
              (args: unknown, ...rest: unknown[]) => method(args ?? {}, ...rest),
            ]),
          ),
        ]),
      ),
    ]),
  );
}
