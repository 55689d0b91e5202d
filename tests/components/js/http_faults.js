// Handlers that fail, by path: return without answering, answer with an error-code, throw
// (a trap), drop the body unfinished, or break the declared Content-Length.
import { Fields, OutgoingBody, OutgoingResponse, ResponseOutparam } from 'wasi:http/types@0.2.10';

const encoder = new TextEncoder();

function start(outparam, headers) {
  const response = new OutgoingResponse(headers);
  const body = response.body();
  ResponseOutparam.set(outparam, { tag: 'ok', val: response });
  const out = body.write();
  out.blockingWriteAndFlush(encoder.encode('abc'));
  out[Symbol.dispose]();
  return body;
}

export const incomingHandler = {
  handle(request, outparam) {
    switch (request.pathWithQuery()) {
      case '/none':
        return;
      case '/error-code':
        ResponseOutparam.set(outparam, { tag: 'err', val: { tag: 'internal-error', val: 'the guest says no' } });
        return;
      case '/throw':
        throw new Error('the guest threw');
      case '/unfinished':
        start(outparam, new Fields())[Symbol.dispose]();
        return;
      case '/short': {
        const body = start(outparam, Fields.fromList([['content-length', encoder.encode('10')]]));
        try {
          OutgoingBody.finish(body, undefined);
        } catch (e) {
          // HTTP-response-body-size: the response stays cut short.
        }
        return;
      }
      default:
        OutgoingBody.finish(start(outparam, new Fields()), undefined);
    }
  },
};
