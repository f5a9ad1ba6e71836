/**
 * A unit's notification feed, newest first (`GET /staff/notifications`). Staff read their own
 * unit's feed, or that of a unit in their bureau's region (the same remit as the inbox).
 */
import { canSeeInboxOf, type StaffPrincipal } from '../../domain/access/jurisdiction.js';
import type { Page } from '../../domain/case/repository.js';
import type { StoredFeedEntry } from '../../domain/notifications/staff-feed.js';
import { AccessDeniedError } from '../errors.js';
import type { ProvinceContext, StaffFeed } from '../ports.js';

export interface ReadFeedPorts {
  readonly staffFeed: Pick<StaffFeed, 'list'>;
  readonly province: Pick<ProvinceContext, 'directory'>;
}

export interface FeedRequest {
  readonly unit?: string | undefined;
  readonly since?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export async function readFeed(
  ports: ReadFeedPorts,
  staff: StaffPrincipal,
  request: FeedRequest,
): Promise<{ unitId: string } & Page<StoredFeedEntry>> {
  const unitId = request.unit ?? staff.unitId;
  if (!canSeeInboxOf(staff, unitId, ports.province.directory))
    throw new AccessDeniedError(
      staff,
      'notifications',
      `the feed of ${unitId} is outside the remit of ${staff.unitId}`,
    );
  const page = await ports.staffFeed.list(unitId, {
    limit: request.limit,
    ...(request.since ? { since: request.since } : {}),
    ...(request.cursor ? { cursor: request.cursor } : {}),
  });
  return { unitId, items: page.items, ...(page.cursor ? { cursor: page.cursor } : {}) };
}
