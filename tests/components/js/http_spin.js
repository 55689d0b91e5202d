// /spin never answers (a loop the Store's deadline must end); any other path answers "ok".
addEventListener('fetch', (event) => {
  if (new URL(event.request.url).pathname === '/spin') for (;;) {}
  event.respondWith(new Response('ok\n', { headers: { 'content-type': 'text/plain' } }));
});
