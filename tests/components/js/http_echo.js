// Echoes the request body back as a stream (never whole in memory), with its method and path.
addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  event.respondWith(new Response(event.request.body, {
    status: 200,
    headers: { 'x-method': event.request.method, 'x-path': url.pathname + url.search },
  }));
});
