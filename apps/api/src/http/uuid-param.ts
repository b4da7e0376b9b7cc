import { ParseUUIDPipe } from '@nestjs/common';
import { Problem } from './problem';

/** A path id that is not a UUID names nothing: a 404 with the resource's code, like an unknown id. */
export const uuidParam = (code: string, what: string): ParseUUIDPipe =>
  new ParseUUIDPipe({ exceptionFactory: () => new Problem(404, code, `No such ${what}`) });
