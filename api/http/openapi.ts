import { OpenApiGeneratorV31, type OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';

/** The OpenAPI 3.1 document, generated from the same schemas the routes validate with. */
export function buildOpenApiDocument(registry: OpenAPIRegistry, serverUrl: string): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  // Web pages: httpOnly session cookie from POST /auth/session; changes also need X-CSRF-Token.
  registry.registerComponent('securitySchemes', 'cookieAuth', { type: 'apiKey', in: 'cookie', name: 'atime_session' });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'aTime ordering API',
      version: '1.0.0',
      description:
        'Registration, trial and activation; orders of aTime hardware and support tickets; documents; ' +
        'payments and shipping for the back office; support calls for consultants. Errors are application/problem+json.',
    },
    servers: [{ url: serverUrl }],
  });
}
