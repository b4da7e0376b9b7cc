import type { Response } from 'supertest';

/** The response is api.md's problem+json with this status and stable code. */
export function expectProblem(res: Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
}
