import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** CPU time of a process from `/proc/<pid>/stat`, in clock ticks. */
export interface ProcessTimes {
  pid: number;
  ppid: number;
  /** User + system time of the process itself (all its threads). */
  own: number;
  /** User + system time of its children that ended and were waited for. */
  endedChildren: number;
}

/**
 * Parses one `/proc/<pid>/stat` line (proc(5)): the command name is in parentheses and may hold blanks,
 * so the fields are counted from the last `)`: state is field 3, ppid 4, utime 14, stime 15, cutime 16,
 * cstime 17.
 */
export function parseProcStat(line: string): ProcessTimes {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${line.slice(0, 80)}`);
  const fields = line.slice(close + 2).trim().split(/\s+/);
  const field = (n: number) => Number(fields[n - 3]);
  return { pid: Number(line.slice(0, open).trim()), ppid: field(4), own: field(14) + field(15), endedChildren: field(16) + field(17) };
}

let ticksPerSecond: number | undefined;

/** USER_HZ: the unit of /proc's times (100 on Linux, asked once). */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

function readTimes(pid: number): ProcessTimes | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // ended meanwhile
  }
}

/** The pids whose parent is `pid`: from /proc/<pid>/task/<pid>/children when the kernel has it, else by a scan of /proc. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .filter((child) => readTimes(child)?.ppid === pid);
  }
}

/** Milliseconds of CPU one process has used so far (its threads, not its children). */
export function processCpuMs(pid: number): number {
  const times = readTimes(pid);
  if (!times) throw new Error(`process ${pid} is gone`);
  return (times.own * 1000) / clockTicksPerSecond();
}

/**
 * Milliseconds of CPU a PostgreSQL server has used so far: the postmaster, every process it runs now
 * (backends, checkpointer, WAL writer, autovacuum…), and those that ended (their time is added to the
 * postmaster's children's times when it reaps them), so a connection closed during a run still counts.
 */
export function serverCpuMs(postmasterPid: number): number {
  const postmaster = readTimes(postmasterPid);
  if (!postmaster) throw new Error(`the PostgreSQL server (pid ${postmasterPid}) is gone`);
  let ticks = postmaster.own + postmaster.endedChildren;
  for (const child of childrenOf(postmasterPid)) ticks += readTimes(child)?.own ?? 0;
  return (ticks * 1000) / clockTicksPerSecond();
}
