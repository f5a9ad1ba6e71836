/**
 * Reply templates (`GET /staff/reply-templates`, `PUT|DELETE /staff/reply-templates/{outcome}/{categoryId}`):
 * every staff member reads them, with the text each outcome and category starts from; only the
 * province admin changes them, and every change is audited.
 */
import * as z from 'zod/mini';
import { isProvinceAdmin, type StaffPrincipal } from '../../domain/access/jurisdiction.js';
import { type ReplyOutcome, replyOutcomes } from '../../domain/case/model.js';
import {
  anyCategory,
  type ReplyTemplate,
  type ReplyTemplateStore,
  replyTemplateText,
} from '../../domain/replies/templates.js';
import { AccessDeniedError, InvalidRequestError, NotFoundError } from '../errors.js';
import type { AuditTrail, Clock, ProvinceContext } from '../ports.js';
import { parseOrRefuse } from '../validation.js';

export interface ReplyTemplatesPorts {
  readonly replyTemplates: ReplyTemplateStore;
  readonly province: Pick<ProvinceContext, 'config' | 'directory'>;
  readonly clock: Clock;
  readonly audit: AuditTrail;
}

/** The longest template: a reply is at most 2,000 characters, and a template leaves room. */
const maxTemplateLength = 2000;

const templateBodySchema = z.strictObject({
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(maxTemplateLength)),
});

/** What the console shows: the stored templates, and the text every outcome and category starts from. */
export async function listReplyTemplates(ports: ReplyTemplatesPorts, staff: StaffPrincipal) {
  const templates = await ports.replyTemplates.list();
  const categories = [anyCategory, ...ports.province.config.categories.map((c) => c.id)];
  return {
    canEdit: isProvinceAdmin(staff, ports.province.directory),
    templates,
    effective: replyOutcomes.flatMap((outcome) =>
      categories.map((categoryId) => ({
        outcome,
        categoryId,
        text: replyTemplateText(templates, outcome, categoryId === anyCategory ? undefined : categoryId),
        stored: templates.some((t) => t.outcome === outcome && t.categoryId === categoryId),
      })),
    ),
  };
}

function checkedKey(
  ports: ReplyTemplatesPorts,
  staff: StaffPrincipal,
  what: string,
  outcome: string,
  categoryId: string,
): ReplyOutcome {
  if (!isProvinceAdmin(staff, ports.province.directory))
    throw new AccessDeniedError(staff, what, 'only the province admin keeps the reply templates');
  const problems = [
    ...((replyOutcomes as readonly string[]).includes(outcome)
      ? []
      : [{ field: 'outcome', problem: `expected one of ${replyOutcomes.join(', ')}` }]),
    ...(categoryId === anyCategory || ports.province.config.categories.some((c) => c.id === categoryId)
      ? []
      : [{ field: 'categoryId', problem: `no category '${categoryId}' in this province` }]),
  ];
  if (problems.length > 0) throw new InvalidRequestError(problems, 'path');
  return outcome as ReplyOutcome;
}

/** Stores the template of an outcome and category (the province admin only). */
export async function saveReplyTemplate(
  ports: ReplyTemplatesPorts,
  staff: StaffPrincipal,
  outcome: string,
  categoryId: string,
  body: unknown,
): Promise<ReplyTemplate> {
  const checked = checkedKey(ports, staff, 'saveReplyTemplate', outcome, categoryId);
  const { text } = parseOrRefuse(templateBodySchema, body);
  const template: ReplyTemplate = {
    outcome: checked,
    categoryId,
    text,
    updatedAt: ports.clock.now(),
    updatedBy: staff.personId,
  };
  await ports.replyTemplates.put(template);
  ports.audit.record({
    action: 'saveReplyTemplate',
    outcome: 'allowed',
    personId: staff.personId,
    unitId: staff.unitId,
    role: staff.role,
    details: { replyOutcome: checked, categoryId },
  });
  return template;
}

/** Removes the template of an outcome and category (the province admin only). */
export async function removeReplyTemplate(
  ports: ReplyTemplatesPorts,
  staff: StaffPrincipal,
  outcome: string,
  categoryId: string,
): Promise<void> {
  const checked = checkedKey(ports, staff, 'removeReplyTemplate', outcome, categoryId);
  if (!(await ports.replyTemplates.remove(checked, categoryId)))
    throw new NotFoundError('template_not_found', `no reply template for ${outcome} and ${categoryId}`);
  ports.audit.record({
    action: 'removeReplyTemplate',
    outcome: 'allowed',
    personId: staff.personId,
    unitId: staff.unitId,
    role: staff.role,
    details: { replyOutcome: checked, categoryId },
  });
}
