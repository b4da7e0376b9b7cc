import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { OsUser } from './reachability';

const run = promisify(execFile);
const NAME = 'postgres';

/**
 * The unprivileged `postgres` OS user the server runs as when we are root (PostgreSQL refuses to run as
 * root), created as a system user without a home if it is missing.
 */
export async function postgresOsUser(): Promise<OsUser> {
  const found = await lookUp();
  if (found) return found;
  try {
    await run('groupadd', ['--system', NAME]).catch(unlessExists);
    await run('useradd', ['--system', '--gid', NAME, '--no-create-home', NAME]).catch(unlessExists);
  } catch (error) {
    throw new Error(`Running as root, PostgreSQL must run as an unprivileged "${NAME}" OS user, which is missing and could not be created: ${(error as Error).message}`, { cause: error });
  }
  const created = await lookUp();
  if (!created) throw new Error(`The "${NAME}" OS user was created but cannot be looked up (id -u ${NAME})`);
  return created;
}

async function lookUp(): Promise<OsUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', NAME]), run('id', ['-g', NAME])]);
    return { name: NAME, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/** groupadd and useradd exit with 9 when the name is taken: another process made it a moment ago. */
function unlessExists(error: { code?: unknown }): void {
  if (error.code !== 9) throw error;
}
