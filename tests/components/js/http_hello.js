// wasi:http hello through StarlingMonkey's fetch event.
addEventListener('fetch', (event) =>
  event.respondWith(new Response('hello from js\n', { headers: { 'content-type': 'text/plain', 'x-handler': 'hello' } })));
