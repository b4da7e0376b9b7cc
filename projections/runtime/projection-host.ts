import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { EventStore } from '../../libs/event-store/port';
import { comparePositions } from '../../libs/event-store/port';
import { generationSchema, openGeneration, readCheckpoint } from './generation';
import type { Projection } from './projection';
import { ProjectionRegistry } from './projection-registry';
import { ProjectionRunner, ProjectionStatus, RunnerOptions } from './projection-runner';

interface Hosted {
  projection: Projection;
  schema: string;
  dataSource: DataSource;
  /** Absent in read mode: another process (the projector) applies the events. */
  runner?: ProjectionRunner;
  running?: Promise<void>;
  /** Read mode: the checkpoint as last read from the database. */
  seen?: ProjectionStatus;
}

/** `run`: apply events here. `read`: only serve reads of tables another process keeps (PROJECTIONS=off). */
export type HostMode = 'run' | 'read';
const READ_MODE_POLL_MS = 25;

/**
 * Runs the live generation of every projection in this process (the api on the embedded default, or the
 * projector app alone) and answers what the read side needs: each projection's tables, its status, and
 * "has it applied position P yet?".
 */
export class ProjectionHost {
  private readonly hosted = new Map<string, Hosted>();
  private readonly stop = new AbortController();

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly databaseUrl: string,
    private readonly projections: readonly Projection[],
    private readonly options: RunnerOptions = {},
    private readonly mode: HostMode = 'run',
  ) {}

  async start(): Promise<void> {
    const registry = new ProjectionRegistry(this.pool);
    await registry.migrate();
    for (const projection of this.projections) {
      const schema = generationSchema(projection.name, await registry.liveGeneration(projection.name));
      const dataSource = await openGeneration(this.databaseUrl, projection, schema);
      if (this.mode === 'read') {
        this.hosted.set(projection.name, { projection, schema, dataSource, seen: await this.readStatus(projection.name, schema, dataSource) });
        continue;
      }
      const runner = new ProjectionRunner(this.store, dataSource, projection, schema, this.options);
      const running = runner.run(this.stop.signal).catch((error: unknown) => {
        // A runner that dies outside a batch (lost connection) reports it; the others go on.
        runner.emit('error-stopped', error);
      });
      this.hosted.set(projection.name, { projection, schema, dataSource, runner, running });
    }
  }

  async close(): Promise<void> {
    this.stop.abort();
    await Promise.all([...this.hosted.values()].map((h) => h.running ?? Promise.resolve()));
    await Promise.all([...this.hosted.values()].map((h) => h.dataSource.destroy()));
    this.hosted.clear();
  }

  statuses(): ProjectionStatus[] {
    return [...this.hosted.keys()].map((name) => this.status(name));
  }

  status(name: string): ProjectionStatus {
    const hosted = this.get(name);
    return hosted.runner ? hosted.runner.current : (hosted.seen as ProjectionStatus);
  }

  /** Read mode: what the other process has applied, fresh from its checkpoint. */
  async refresh(): Promise<void> {
    for (const [name, hosted] of this.hosted) {
      if (!hosted.runner) hosted.seen = await this.readStatus(name, hosted.schema, hosted.dataSource);
    }
  }

  dataSource(name: string): DataSource {
    return this.get(name).dataSource;
  }

  async waitFor(name: string, position: string, timeoutMs: number): Promise<boolean> {
    const hosted = this.get(name);
    if (hosted.runner) return hosted.runner.waitFor(position, timeoutMs);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      hosted.seen = await this.readStatus(name, hosted.schema, hosted.dataSource);
      if (comparePositions(hosted.seen.position, position) >= 0) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, READ_MODE_POLL_MS));
    }
  }

  private async readStatus(name: string, schema: string, dataSource: DataSource): Promise<ProjectionStatus> {
    const { position, eventsApplied } = await readCheckpoint(dataSource, schema);
    return { name, schema, state: 'running', position, eventsApplied };
  }

  private get(name: string): Hosted {
    const hosted = this.hosted.get(name);
    if (!hosted) throw new Error(`No projection named ${name} runs here`);
    return hosted;
  }
}
