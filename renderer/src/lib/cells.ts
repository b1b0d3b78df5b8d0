import type { RenderCell } from '../../../shared/ipc/contract';

// The contract's `cellId` lives beside zod schemas; importing it would pull zod into the page.
// Same key format: `${phraseId}/${variantId}`.
export const cellKey = (phraseId: string, variantId: string): string => `${phraseId}/${variantId}`;

export type CellStatus = RenderCell['status'];

/** Statuses that have a file to play. */
export const PLAYABLE: ReadonlySet<CellStatus> = new Set<CellStatus>(['done', 'cached']);

/** Statuses that count as "not rendered yet" for the "Pending only" filter. */
export const NOT_RENDERED: ReadonlySet<CellStatus> = new Set<CellStatus>(['pending', 'queued', 'stale', 'cancelled', 'running', 'retrying']);

/** Cells absent from the snapshot have never been touched by a run. */
export const PENDING_CELL: RenderCell = { status: 'pending' };
