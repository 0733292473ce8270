export interface ApiRequest {
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as multipart/form-data (uploads). */
  form?: FormData;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  /** Parsed JSON (incl. problem+json); the raw bytes for anything else, e.g. a PDF. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- callers assert the shape they expect
  headers: Headers;
}

/** One call to the running API, the way a client program makes it (e2e tests, benchmarks). */
export async function callApi(apiUrl: string, method: string, path: string, request: ApiRequest = {}): Promise<ApiResponse> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
      ...request.headers,
    },
    ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : request.form ? { body: request.form } : {}),
  });
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  const body = isJson ? await response.json() : Buffer.from(await response.arrayBuffer());
  return { status: response.status, body, headers: response.headers };
}
