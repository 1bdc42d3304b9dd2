/** Creating an event through the REST API, as the operator does (S61): one fetch for every test. */

/** POST a template to the node at `url` with `token` (the operator's, or another to see it refused); the answer as it came. */
export function postEvent(url: string, token: string | null, template: unknown): Promise<Response> {
  return fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(template),
  });
}
