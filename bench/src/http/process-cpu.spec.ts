import { parseProcStat } from './process-cpu';

describe('parseProcStat', () => {
  it('counts the fields from the last parenthesis, so a command name with blanks and parentheses cannot shift them', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …
    const line = '4242 (postgres: a (b) c) S 4200 4200 4200 0 -1 4194560 812 0 0 0 150 25 7 3 20 0 1 0 12345 0 0\n';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 4200, own: 175, endedChildren: 10 });
  });

  it('refuses a line that is not one', () => {
    expect(() => parseProcStat('garbage')).toThrow(/not a \/proc/);
  });
});
