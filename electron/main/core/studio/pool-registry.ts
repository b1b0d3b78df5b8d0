import type { EngineName } from '../../../../shared/model/audio';
import { EnginePool, type EnginePoolOptions } from '../engines/engine-pool';
import type { Settings } from '../settings/settings-schema';
import type { EngineFactory } from './engine-factory';

interface InteractivePool {
  readonly signature: string;
  readonly engine: EngineName;
  readonly pool: Promise<EnginePool>;
}

/** Identity of an engine configuration, without the key (a key change retires pools explicitly). */
export function engineSignature(settings: Settings): string {
  return JSON.stringify([settings.engine, settings.azure.region, settings.azure.host, settings.maxConnections]);
}

/**
 * Every engine pool the studio holds: the runs' pools and the small interactive pool (auditions and
 * single-cell renders outside a run), tracked until fully closed so the shutdown closes them all and
 * `liveSynthesizers()` can prove it.
 */
export class PoolRegistry {
  private readonly pools = new Set<EnginePool>();
  private readonly retiring = new Set<Promise<void>>();
  private interactive: InteractivePool | undefined;

  constructor(
    private readonly createEngine: EngineFactory,
    private readonly poolOptions: Partial<EnginePoolOptions> | undefined,
    /** Called with each new interactive pool (the Pool tab shows it when no run is on). */
    private readonly onInteractivePool: (pool: EnginePool, engine: EngineName) => void,
  ) {}

  /** Starts tracking a pool (closed by closePool or the shutdown). */
  track(pool: EnginePool): EnginePool {
    this.pools.add(pool);
    return pool;
  }

  /** Closes a pool (idempotent) and forgets it once every synthesizer is closed. */
  async closePool(pool: EnginePool): Promise<void> {
    await pool.close();
    this.pools.delete(pool);
  }

  /**
   * The pool for auditions and single-cell renders outside a run: small (auditions are one at a time,
   * by ear), created on first use, idle workers released after a minute, replaced when the engine,
   * its settings or the key change.
   */
  interactivePool(settings: Settings): Promise<EnginePool> {
    const signature = engineSignature(settings);
    if (this.interactive?.signature !== signature) {
      this.retireInteractivePool();
      const created = this.createEngine(settings).then((engine) => {
        const pool = this.track(new EnginePool(engine, { idleTimeoutMs: 60_000, ...this.poolOptions, maxConnections: Math.min(2, settings.maxConnections) }));
        this.onInteractivePool(pool, settings.engine);
        return pool;
      });
      this.interactive = { signature, engine: settings.engine, pool: created };
      created.catch(() => {
        if (this.interactive?.pool === created) this.interactive = undefined;
      });
    }
    return this.interactive!.pool;
  }

  /** The interactive pool is closed in the background; the next audition builds a new one. */
  retireInteractivePool(): void {
    const retired = this.interactive;
    if (!retired) return;
    this.interactive = undefined;
    const closing = retired.pool.then(
      (pool) => this.closePool(pool),
      () => undefined,
    );
    this.retiring.add(closing);
    void closing.finally(() => this.retiring.delete(closing));
  }

  /** Synthesizers (workers, sockets) alive or starting in every pool; 0 after the shutdown. */
  liveSynthesizers(): number {
    let live = 0;
    for (const pool of this.pools) {
      const stats = pool.stats();
      live += stats.size + stats.pendingCreates;
    }
    return live;
  }

  /** After sleep every socket is presumed dead: idle ones are replaced now, busy ones when returned. */
  markAllForRetirement(): void {
    for (const pool of this.pools) pool.resources.markAllForRetirement();
  }

  async closeAll(): Promise<void> {
    this.retireInteractivePool();
    await Promise.all([...[...this.pools].map((pool) => this.closePool(pool)), ...this.retiring]);
  }
}
