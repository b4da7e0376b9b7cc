import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import getRawBody from 'raw-body';
import { Problem } from './problem';
import { parseRequestJson } from './request-json';

export const BODY_LIMIT_BYTES = 1024 * 1024;

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Request bodies (api.md "Conventions": JSON bodies, Content-Type application/json). It replaces Nest's
 * body parser so that every write body is read the same careful way (request-json.ts), and so that a form
 * or text body is a 415 rather than something the validation happens to accept. A write without a body
 * (no Content-Length or 0, no Transfer-Encoding) is fine: commands such as send and confirm need none.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  async use(request: Request, _response: Response, next: NextFunction): Promise<void> {
    request.body = undefined;
    if (!WRITES.has(request.method) || !carriesBody(request)) return next();
    const type = request.headers['content-type'];
    if (type === undefined || !JSON_TYPE.test(type)) {
      throw new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as Content-Type: application/json (UTF-8)');
    }
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
      throw new Problem(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Encoding ${encoding} is not accepted; send the body uncompressed`);
    }
    request.body = parseRequestJson(await readBody(request));
    next();
  }
}

function carriesBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

async function readBody(request: Request): Promise<Buffer> {
  try {
    return await getRawBody(request, { length: request.headers['content-length'], limit: BODY_LIMIT_BYTES });
  } catch (error) {
    const { type } = error as { type?: string };
    if (type === 'entity.too.large') throw new Problem(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${BODY_LIMIT_BYTES} bytes`);
    if (type === 'request.size.invalid') throw new Problem(400, 'MALFORMED_REQUEST', 'The body is shorter or longer than its Content-Length');
    throw new Problem(400, 'MALFORMED_REQUEST', 'The body could not be read');
  }
}
