import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { LiveFeed } from '../../libs/event-store/fan-out/live-feed';
import type { EventStore } from '../../libs/event-store/port';
import { comparePositions } from '../../libs/event-store/port';
import { generationSchema, openGeneration, readCheckpoint } from './generation';
import type { Projection } from './projection';
import { ProjectionRegistry } from './projection-registry';
import { publishReadViews } from './read-views';
import { ProjectionRunner, ProjectionStatus, RunnerOptions } from './projection-runner';

interface Hosted {
  projection: Projection;
  generation: number;
  schema: string;
  dataSource: DataSource;
  stop: AbortController;
  /** Absent in read mode: another process (the projector) applies the events. */
  runner?: ProjectionRunner;
  running?: Promise<void>;
  /** Read mode: the checkpoint as last read from the database. */
  seen?: ProjectionStatus;
}

/** `run`: apply events here. `read`: only serve reads of tables another process keeps (PROJECTIONS=off). */
export type HostMode = 'run' | 'read';
const READ_MODE_POLL_MS = 25;
const REGISTRY_POLL_MS = 1000;
const SWAP_GRACE_MS = 5000;

/**
 * Runs the live generation of every projection in this process (the api on the embedded default, or the
 * projector app alone) and answers what the read side needs: each projection's tables, its status, and
 * "has it applied position P yet?". It follows the registry: when a rebuild swaps a new generation in, the
 * host opens it, runs it from its checkpoint and lets the old one go (ADR 0006).
 */
export class ProjectionHost {
  private readonly hosted = new Map<string, Hosted>();
  private registry?: ProjectionRegistry;
  private watcher?: NodeJS.Timeout;
  private switching = Promise.resolve();
  /** One follower of the log for every runner here: an append costs one read, not one per projection. */
  private readonly feed: LiveFeed;

  constructor(
    private readonly store: EventStore,
    private readonly pool: Pool,
    private readonly databaseUrl: string,
    private readonly projections: readonly Projection[],
    private readonly options: RunnerOptions & { registryPollMs?: number } = {},
    private readonly mode: HostMode = 'run',
  ) {
    this.feed = new LiveFeed(store);
  }

  async start(): Promise<void> {
    this.registry = new ProjectionRegistry(this.pool);
    await this.registry.migrate();
    for (const projection of this.projections) {
      const hosted = await this.open(projection, await this.registry.liveGeneration(projection.name));
      this.hosted.set(projection.name, hosted);
      await publishReadViews(this.pool, hosted.schema);
    }
    this.watcher = setInterval(() => {
      this.switching = this.switching.then(() => this.followRegistry()).catch(() => undefined);
    }, this.options.registryPollMs ?? REGISTRY_POLL_MS);
    this.watcher.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.watcher);
    await this.switching;
    await Promise.all([...this.hosted.values()].map((hosted) => this.release(hosted)));
    this.hosted.clear();
    await this.feed.close();
  }

  statuses(): ProjectionStatus[] {
    return [...this.hosted.keys()].map((name) => this.status(name));
  }

  status(name: string): ProjectionStatus {
    const hosted = this.get(name);
    return hosted.runner ? hosted.runner.current : (hosted.seen as ProjectionStatus);
  }

  dataSource(name: string): DataSource {
    return this.get(name).dataSource;
  }

  /** Read mode: what the other process has applied, fresh from its checkpoint. */
  async refresh(): Promise<void> {
    for (const hosted of this.hosted.values()) {
      if (!hosted.runner) hosted.seen = await this.readStatus(hosted);
    }
  }

  /** True when `text` is a position of the log the projections follow. */
  isPosition(text: string): boolean {
    return this.store.isPosition(text);
  }

  async waitFor(name: string, position: string, timeoutMs: number): Promise<boolean> {
    const hosted = this.get(name);
    if (hosted.runner) return hosted.runner.waitFor(position, timeoutMs);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      hosted.seen = await this.readStatus(hosted);
      if (comparePositions(hosted.seen.position, position) >= 0) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, READ_MODE_POLL_MS));
    }
  }

  /** Switches to a generation a rebuild swapped in: open and run the new one first, then stop the old. */
  async followRegistry(): Promise<void> {
    if (!this.registry) return;
    for (const [name, hosted] of this.hosted) {
      const live = await this.registry.liveGeneration(name);
      if (live === hosted.generation) continue;
      this.hosted.set(name, await this.open(hosted.projection, live));
      // Stop applying to the old generation at once; close its connections a little later, after the reads
      // that started on it have finished.
      hosted.stop.abort();
      await hosted.running;
      setTimeout(() => void hosted.dataSource.destroy().catch(() => undefined), SWAP_GRACE_MS).unref();
    }
  }

  private async open(projection: Projection, generation: number): Promise<Hosted> {
    const schema = generationSchema(projection.name, generation);
    const dataSource = await openGeneration(this.databaseUrl, projection, schema);
    const hosted: Hosted = { projection, generation, schema, dataSource, stop: new AbortController() };
    if (this.mode === 'read') {
      hosted.seen = await this.readStatus(hosted);
      return hosted;
    }
    const runner = new ProjectionRunner(this.store, dataSource, projection, schema, { ...this.options, feed: this.feed });
    hosted.runner = runner;
    hosted.running = runner.run(hosted.stop.signal).catch((error: unknown) => {
      // A runner that dies outside a batch (lost connection) reports it; the others go on.
      runner.emit('error-stopped', error);
    });
    return hosted;
  }

  private async release(hosted: Hosted): Promise<void> {
    hosted.stop.abort();
    await hosted.running;
    await hosted.dataSource.destroy();
  }

  private async readStatus(hosted: Hosted): Promise<ProjectionStatus> {
    const { position, eventsApplied } = await readCheckpoint(hosted.dataSource, hosted.schema);
    return { name: hosted.projection.name, schema: hosted.schema, state: 'running', position, eventsApplied };
  }

  private get(name: string): Hosted {
    const hosted = this.hosted.get(name);
    if (!hosted) throw new Error(`No projection named ${name} runs here`);
    return hosted;
  }
}
