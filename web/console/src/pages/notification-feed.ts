/** The staff notification feed (`GET /staff/notifications`) and what this browser has seen of it. */
import type { StoredFeedEntry } from '../../../../domain/notifications/staff-feed';

type StaffNotification = StoredFeedEntry;

export interface NotificationPage {
  readonly items: readonly StaffNotification[];
  readonly cursor?: string;
}

const key = (unitId: string) => `console.notifications.seen.${unitId}`;

export function lastSeenNotification(unitId: string): string {
  return localStorage.getItem(key(unitId)) ?? '';
}

export function markNotificationsSeen(unitId: string, at: string): void {
  if (at > lastSeenNotification(unitId)) localStorage.setItem(key(unitId), at);
}
