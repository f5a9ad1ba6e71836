/**
 * What the staff API answers, as the console reads it. Types only: they come from the server's
 * own code so the two cannot drift; nothing of the domain is bundled into the console.
 */

import type { listReplyTemplates } from '../../../../application/staff/reply-templates';
import type { StaffCommand } from '../../../../application/staff/staff-command-list';
import type { CaseSummary } from '../../../../domain/case/repository';
import type { staffCaseView } from '../../../../domain/case/staff-view';

export type { CaseSummary };
export type ActionName = StaffCommand;
export type CaseView = ReturnType<typeof staffCaseView> & {
  readonly allowedActions: readonly ActionName[];
  readonly mayRevealPetitioner?: boolean;
};
export type Deadline = CaseView['deadlines'][number];

export interface InboxPage {
  readonly unitId: string;
  readonly items: readonly CaseSummary[];
  readonly cursor?: string;
}

export interface DirectoryUnit {
  readonly id: string;
  readonly name: string;
  readonly kind: 'bureau' | 'organ' | 'department';
  readonly level: 'province' | 'city' | 'county';
  readonly regionCode: string;
  readonly parentId?: string;
  readonly categories?: readonly string[];
}

export interface Directory {
  readonly province: { readonly id: string; readonly name: string };
  readonly units: readonly DirectoryUnit[];
  readonly regions: readonly { code: string; name: string; level: string; parentCode?: string }[];
  readonly categories: readonly { id: string; name: string; topic: string }[];
  readonly roles: readonly { id: string; name: string }[];
  readonly stages: readonly { id: string; name: string }[];
  /** The platform's clock when it answered (ISO 8601). */
  readonly now: string;
  /** Days that are not working days, from `from` to `to` (YYYY-MM-DD, Beijing). */
  readonly calendar: { readonly from: string; readonly to: string; readonly daysOff: readonly string[] };
}

/** `GET /staff/reply-templates`: the stored templates and the text each outcome and category starts from. */
export type ReplyTemplateList = Awaited<ReturnType<typeof listReplyTemplates>>;
