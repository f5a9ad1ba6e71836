/**
 * The port of the per-unit notification feed: what staff of a unit read through the API, newest
 * first. Alerts and digests are written at least once; an entry written again changes nothing.
 */
import type { Page } from '../case/repository.js';
import type { DailyDigest } from './daily-digest.js';
import type { HotspotWarningAlert, StaffAlert } from './staff-alerts.js';

/** What a feed holds: alerts about case events, hot-issue warnings, and one digest per unit and day. */
export type FeedEntry = StaffAlert | HotspotWarningAlert | DailyDigest;

/** A feed entry as read back, with its id (stable: the same entry always has the same id). */
export type StoredFeedEntry = FeedEntry & { readonly id: string };

export interface FeedQuery {
  /** Only entries at or after this instant (inclusive: entries of one instant are not split). */
  readonly since?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export interface StaffFeed {
  /** Stores entries once each; returns how many were new (a redelivery adds nothing). */
  add(entries: readonly FeedEntry[]): Promise<number>;
  /** A unit's entries, newest first; `cursor` is opaque and only valid for the same unit. */
  list(unitId: string, query: FeedQuery): Promise<Page<StoredFeedEntry>>;
}
