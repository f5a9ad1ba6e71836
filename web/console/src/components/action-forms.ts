/**
 * The form of each case action: its fields (validated in the browser before sending) and how the
 * values become the action's body. What the server fills in itself (ids, unit kinds, review
 * units) is not asked for; the API checks every rule again and its reasons are shown as they are.
 */
import type { ActionName, CaseView } from '../api/types';
import {
  failureKindLabels,
  outcomeLabels,
  reviewDecisionLabels,
  revisitMethodLabels,
  supervisionModeLabels,
} from '../labels';

type FieldKind = 'text' | 'textarea' | 'number' | 'select' | 'unit' | 'date';

export interface FormField {
  readonly name: string;
  readonly label: string;
  readonly kind: FieldKind;
  readonly required?: boolean;
  readonly options?: readonly { value: string; label: string }[];
  readonly min?: number;
  readonly max?: number;
  /** Shown only when another field has this value. */
  readonly when?: { readonly field: string; readonly equals: string };
  /** Units offered by a unit picker. */
  readonly units?: 'dispatch' | 'organs';
}

export interface ActionForm {
  readonly fields: readonly FormField[];
  /** The body from the form's values (default: the values as they are). */
  toBody?(values: Record<string, unknown>): Record<string, unknown>;
  /** Ask before sending an action that has no fields. */
  readonly confirm?: string;
  /** Values the form starts with. */
  readonly initial?: Record<string, unknown>;
}

/** Who is filling in the form: a leader or handler accepting a case names themselves by default. */
export interface FormUser {
  readonly personId?: string | undefined;
  readonly role?: string | undefined;
  readonly name?: string | undefined;
}

const options = (labels: Readonly<Record<string, string>>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

const reason: FormField = { name: 'reason', label: '理由', kind: 'textarea', required: true };
const person = (prefix: string, label: string): FormField[] => [
  { name: `${prefix}Name`, label: `${label}姓名`, kind: 'text', required: true },
  { name: `${prefix}Id`, label: `${label}工号`, kind: 'text', required: true },
];
const people = (v: Record<string, unknown>) => ({
  leader: { personId: String(v['leaderId']), name: String(v['leaderName']) },
  handler: { personId: String(v['handlerId']), name: String(v['handlerName']) },
});
const endOfBeijingDay = (date: unknown) => `${String(date)}T23:59:59+08:00`;
const optionalReason = (v: Record<string, unknown>) =>
  typeof v['reason'] === 'string' && v['reason'].trim() ? { reason: v['reason'] } : {};

export function actionForm(action: ActionName, c: CaseView, me: FormUser = {}): ActionForm {
  const openSupervisions = c.supervisions
    .filter((s) => !s.rectifiedAt)
    .map((s) => ({
      value: s.supervisionId,
      label: `${s.supervisionId}（${supervisionModeLabels[s.mode] ?? s.mode}）`,
    }));
  const openDeadlines = c.deadlines
    .filter((d) => d.status === 'open' && d.kind === 'obligation')
    .map((d) => ({ value: d.key, label: `${d.label}${d.overdue ? '（已超期）' : ''}` }));
  switch (action) {
    case 'forward':
      return {
        fields: [
          { name: 'toUnitId', label: '转送至', kind: 'unit', required: true, units: 'dispatch' },
          { name: 'reason', label: '转送说明', kind: 'textarea' },
        ],
        toBody: (v) => ({ toUnitId: v['toUnitId'], ...optionalReason(v) }),
      };
    case 'assign':
      return {
        fields: [
          { name: 'toUnitId', label: '交办至', kind: 'unit', required: true, units: 'dispatch' },
          { name: 'dueDate', label: '办结时限', kind: 'date', required: true },
          { name: 'reason', label: '交办说明', kind: 'textarea' },
        ],
        toBody: (v) => ({
          toUnitId: v['toUnitId'],
          dueAt: endOfBeijingDay(v['dueDate']),
          ...optionalReason(v),
        }),
      };
    case 'signFor':
      return { fields: [], confirm: '确认签收本件？签收后开始计算受理期限。' };
    case 'passScreening':
      return { fields: [], confirm: '确认本件为初次信访事项，进入分流？' };
    case 'approveExtension':
      return { fields: [], confirm: '确认批准延期申请？将告知信访人延期理由。' };
    case 'returnCase':
      return { fields: [{ ...reason, label: '退回理由' }] };
    case 'accept':
      return {
        fields: [
          { name: 'notice', label: '受理告知书', kind: 'textarea', required: true },
          ...person('leader', '责任领导'),
          ...person('handler', '责任人'),
        ],
        ...(me.personId && (me.role === 'leader' || me.role === 'handler')
          ? { initial: { [`${me.role}Id`]: me.personId } }
          : {}),
        toBody: (v) => ({ notice: v['notice'], ...people(v) }),
      };
    case 'assignResponsibility':
      return {
        fields: [...person('leader', '责任领导'), ...person('handler', '责任人'), reason],
        toBody: (v) => ({ ...people(v), reason: v['reason'] }),
      };
    case 'decline':
      return {
        fields: [
          { name: 'notice', label: '不予受理告知书', kind: 'textarea', required: true },
          { ...reason, label: '不予受理理由' },
        ],
      };
    case 'requestExtension':
      return {
        fields: [
          { name: 'days', label: '延长天数', kind: 'number', required: true, min: 1, max: 90 },
          { ...reason, label: '延期理由' },
        ],
      };
    case 'refuseExtension':
      return { fields: [{ ...reason, label: '不批准理由' }] };
    case 'reply':
      return {
        fields: [
          {
            name: 'outcome',
            label: '答复结果',
            kind: 'select',
            required: true,
            options: options(outcomeLabels),
          },
          { name: 'text', label: '答复意见', kind: 'textarea', required: true },
        ],
      };
    case 'recordHandlingNote':
      return {
        fields: [
          {
            name: 'kind',
            label: '类型',
            kind: 'select',
            required: true,
            options: [
              { value: 'note', label: '办理记录' },
              { value: 'contact', label: '联系信访人' },
            ],
          },
          { name: 'text', label: '内容', kind: 'textarea', required: true },
        ],
      };
    case 'addAssistingOrgan':
      return {
        fields: [
          { name: 'unitId', label: '协办单位', kind: 'unit', required: true, units: 'organs' },
          reason,
        ],
      };
    case 'recordContribution':
      return { fields: [{ name: 'text', label: '协办意见', kind: 'textarea', required: true }] };
    case 'recordRevisit':
      return {
        fields: [
          {
            name: 'method',
            label: '回访方式',
            kind: 'select',
            required: true,
            options: options(revisitMethodLabels),
          },
          { name: 'petitionerSaid', label: '信访人意见', kind: 'textarea', required: true },
          {
            name: 'outcome',
            label: '回访结果',
            kind: 'select',
            required: true,
            options: [
              { value: 'resolved', label: '问题已解决' },
              { value: 'problem_found', label: '发现问题，需核查' },
            ],
          },
        ],
      };
    case 'verify':
      return {
        fields: [
          {
            name: 'finding',
            label: '核查结论',
            kind: 'select',
            required: true,
            options: [
              { value: 'unreasonable_demand', label: '诉求过高或不合理，已解释疏导' },
              { value: 'organ_failure', label: '责任单位履职不到位' },
            ],
          },
          {
            name: 'explanation',
            label: '解释疏导情况',
            kind: 'textarea',
            required: true,
            when: { field: 'finding', equals: 'unreasonable_demand' },
          },
          {
            name: 'petitionerResponse',
            label: '信访人反应',
            kind: 'textarea',
            required: true,
            when: { field: 'finding', equals: 'unreasonable_demand' },
          },
          {
            name: 'failureKind',
            label: '问题性质',
            kind: 'select',
            required: true,
            options: options(failureKindLabels),
            when: { field: 'finding', equals: 'organ_failure' },
          },
          {
            name: 'mode',
            label: '督办方式',
            kind: 'select',
            required: true,
            options: options(supervisionModeLabels),
            when: { field: 'finding', equals: 'organ_failure' },
          },
          { ...reason, label: '督办理由', when: { field: 'finding', equals: 'organ_failure' } },
        ],
      };
    case 'openSupervision':
      return {
        fields: [
          {
            name: 'mode',
            label: '督办方式',
            kind: 'select',
            required: true,
            options: options(supervisionModeLabels),
          },
          { name: 'deadlineKey', label: '督办的期限', kind: 'select', options: openDeadlines },
          { ...reason, label: '督办理由' },
        ],
      };
    case 'recordSupervisionFollowUp':
    case 'confirmRectification':
      return {
        fields: [
          {
            name: 'supervisionId',
            label: '督办事项',
            kind: 'select',
            required: true,
            options: openSupervisions,
          },
          {
            name: 'note',
            label: action === 'confirmRectification' ? '整改情况' : '跟进情况',
            kind: 'textarea',
            required: true,
          },
        ],
      };
    case 'openAccountability':
      return {
        fields: [
          { name: 'deadlineKey', label: '涉及的期限', kind: 'select', options: openDeadlines },
          { ...reason, label: '追责事由' },
        ],
      };
    case 'recordAccountabilityStep':
      return {
        fields: [
          {
            name: 'accountabilityId',
            label: '追责事项',
            kind: 'select',
            required: true,
            options: c.accountabilities.map((a) => ({
              value: a.accountabilityId,
              label: a.accountabilityId,
            })),
          },
          {
            name: 'step',
            label: '环节',
            kind: 'select',
            required: true,
            options: [
              { value: 'criticism', label: '通报批评' },
              { value: 'proposal', label: '责任追究建议' },
              { value: 'transfer', label: '移交纪检监察、组织人事部门' },
              { value: 'outcome', label: '处理结果' },
              { value: 'publication', label: '公开' },
            ],
          },
          { name: 'text', label: '内容', kind: 'textarea', required: true },
        ],
      };
    case 'screenOut':
      return {
        fields: [
          {
            name: 'channel',
            label: '法定途径',
            kind: 'select',
            required: true,
            options: options({
              litigation: '诉讼',
              arbitration: '仲裁',
              administrative_licensing: '行政许可',
              administrative_confirmation: '行政确认',
              administrative_adjudication: '行政裁决',
              administrative_payment: '行政给付',
              administrative_reconsideration: '行政复议',
            }),
          },
          { name: 'guidance', label: '告知信访人的指引', kind: 'textarea', required: true },
        ],
        toBody: (v) => ({ ...v, ruleId: 'manual' }),
      };
    case 'overturnScreening':
      return { fields: [reason] };
    case 'linkRepeat':
      return {
        fields: [{ name: 'originalCaseId', label: '原信访件编号', kind: 'text', required: true }],
        toBody: (v) => ({ originalCaseId: v['originalCaseId'], similarity: 1 }),
      };
    case 'refuseConcludedMatter':
      return {
        fields: [
          { name: 'originalCaseId', label: '原信访件编号', kind: 'text', required: true },
          { name: 'originalTrackingNumber', label: '原受理编号', kind: 'text', required: true },
          { name: 'concludedDate', label: '复核终结日期', kind: 'date', required: true },
        ],
        confirm: '同一事项已经复核终结，确认告知信访人不再受理？',
        toBody: (v) => ({
          originalCaseId: v['originalCaseId'],
          originalTrackingNumber: v['originalTrackingNumber'],
          concludedAt: new Date(endOfBeijingDay(v['concludedDate'])).toISOString(),
          similarity: 1,
        }),
      };
    case 'route':
      return {
        fields: [
          { name: 'categoryId', label: '类别', kind: 'text', required: true },
          { name: 'organUnitId', label: '有权处理机关', kind: 'unit', units: 'organs' },
          reason,
        ],
        toBody: (v) => ({ ...v, ruleId: 'manual', confidence: 1 }),
      };
    case 'requestReview':
    case 'requestReReview':
      return { fields: [{ ...reason, label: '申请理由' }] };
    case 'decideReview':
    case 'decideReReview':
      return {
        fields: [
          {
            name: 'decision',
            label: '意见',
            kind: 'select',
            required: true,
            options: options(reviewDecisionLabels),
          },
          { name: 'text', label: '意见书', kind: 'textarea', required: true },
        ],
      };
  }
}
