// Forwards to the upstream the request names (x-upstream) with fetch (wasi:http's
// outgoing-handler), and answers with what the upstream said.
addEventListener('fetch', (event) => event.respondWith((async () => {
  const upstream = await fetch(event.request.headers.get('x-upstream'), {
    method: 'POST',
    headers: { 'x-from': 'guest' },
    body: 'ping from the guest',
  });
  const text = await upstream.text();
  return new Response(`upstream said ${upstream.status}: ${text}`, {
    headers: { 'x-upstream-reply': upstream.headers.get('x-reply') ?? 'none' },
  });
})()));
