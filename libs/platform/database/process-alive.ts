/** Whether a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user (the postgres user's server, when we are not root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
