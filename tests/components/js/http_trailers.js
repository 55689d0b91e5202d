// wasi:http by hand (no fetch event): echoes the request's x-* headers as echo-x-*, reads the
// body to its end, then answers with the byte count and trailers echoing the request's.
import { Fields, IncomingBody, OutgoingBody, OutgoingResponse, ResponseOutparam } from 'wasi:http/types@0.2.10';

const encoder = new TextEncoder();

// A result inside an option arrives as {tag, val}; a thrown err may carry its payload.
function ok(result) {
  if (result && typeof result === 'object' && (result.tag === 'ok' || result.tag === 'err')) {
    if (result.tag === 'err') throw new Error(`err: ${JSON.stringify(result.val)}`);
    return result.val;
  }
  return result;
}

function readAll(stream) {
  let total = 0;
  for (;;) {
    try {
      total += stream.blockingRead(65536n).length;
    } catch (e) {
      const payload = e && e.payload !== undefined ? e.payload : e;
      if (payload && payload.tag === 'closed') return total;
      throw e;
    }
  }
}

export const incomingHandler = {
  handle(request, outparam) {
    const headers = new Fields();
    for (const [name, value] of request.headers().entries())
      if (name.toLowerCase().startsWith('x-')) headers.append(`echo-${name.toLowerCase()}`, value);

    const body = request.consume();
    const stream = body.stream();
    const total = readAll(stream);
    stream[Symbol.dispose]();
    const future = IncomingBody.finish(body);
    future.subscribe().block();
    const trailers = ok(ok(future.get()));

    const response = new OutgoingResponse(headers);
    response.setStatusCode(200);
    const outgoing = response.body();
    ResponseOutparam.set(outparam, { tag: 'ok', val: response });
    const out = outgoing.write();
    out.blockingWriteAndFlush(encoder.encode(`${total} bytes`));
    out[Symbol.dispose]();

    const echoed = new Fields();
    if (trailers)
      for (const [name, value] of trailers.entries()) echoed.append(`echo-${name.toLowerCase()}`, value);
    echoed.append('x-body-bytes', encoder.encode(String(total)));
    OutgoingBody.finish(outgoing, echoed);
  },
};
