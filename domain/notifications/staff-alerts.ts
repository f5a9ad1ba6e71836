/**
 * Who among the staff is told what when a case event happens (issue #7): the escalation ladder
 * (warning, overdue, supervision, accountability), revisit tasks, a unit receiving a case and a
 * review to decide. Staff have no phone numbers in the platform, so an alert goes to the FEED of
 * a unit (a front end polls it); when the case names the people responsible (首办责任), the alert
 * names them too. Pure and deterministic: the same event and case always give the same alerts.
 */

import type { CaseEventType, CaseEventWith } from '../case/events.js';
import type { Case, CaseDeadline, organFailureKinds, Person } from '../case/model.js';
import { shownToPetitioner, stepLabels } from '../case/public-view.js';
import type { DeadlineStep } from '../deadlines/rules.js';
import type { HotspotWarning } from '../hotspots/warnings.js';
import type { ProvinceDirectory } from '../province/directory.js';

/** 不作为 / 慢作为 / 乱作为: the one failure the verification found. */
const organFailureLabels: Record<(typeof organFailureKinds)[number], string> = {
  inaction: '不作为',
  slow_action: '慢作为',
  wrongful_action: '乱作为',
};

function organFailureLabel(kind: (typeof organFailureKinds)[number] | undefined): string {
  return kind ? organFailureLabels[kind] : '首办责任单位失责';
}

/**
 * The events that may alert staff; the event-bus rule of the staff-alerts queue matches these. A
 * `CaseRegistered` alerts only when the registration was late, and has a rule of its own that
 * matches only those (see {@link lateRegistrationAlerted}), so that not every registration costs
 * the staff notifier a message.
 */
export const staffAlertedEvents = [
  'CaseDeadlineWarned',
  'CaseDeadlineMissed',
  'SupervisionOpened',
  'CaseVerified',
  'AccountabilityOpened',
  'CaseEvaluated',
  'CaseUnrated',
  'CaseForwarded',
  'CaseAssigned',
  'ReviewRequested',
  'ReReviewRequested',
] as const satisfies readonly CaseEventType[];

/** The event that alerts staff only when its payload says `registeredLate: true`. */
export const lateRegistrationAlerted = 'CaseRegistered' satisfies CaseEventType;

export const staffAlertKinds = [
  'deadline_warning', // 预警
  'deadline_overdue', // 超期
  'supervision_opened', // 督办
  'accountability_opened', // 责任追究
  'revisit_opened', // 回访
  'case_received', // 收到转送 / 交办
  'review_requested', // 复查 / 复核
  'late_registration', // 未及时登记
] as const;
/** 群体性信访预警: about a matter and a place (a cluster or a spike), not one case; see {@link hotspotWarningAlert}. */
export const hotspotWarningKind = 'hotspot_warning';
type StaffAlertKind = (typeof staffAlertKinds)[number];

/** A person of the unit the alert is addressed to, by the role the case gives them. */
interface Addressee extends Person {
  readonly role: 'leader' | 'handler';
}

/** One line in a unit's notification feed about one case event. */
export interface StaffAlert {
  readonly unitId: string;
  readonly kind: StaffAlertKind;
  readonly caseId: string;
  readonly trackingNumber: string;
  /** The case version the event produced: with caseId and kind, what makes a redelivery harmless. */
  readonly caseVersion: number;
  /** When the event happened. */
  readonly at: string;
  /** Short, in Chinese: what happened. */
  readonly title: string;
  /** One sentence in Chinese: which case, what is expected, by when. */
  readonly detail: string;
  /** The deadline the alert is about, if any. */
  readonly dueAt?: string;
  /** The responsible leader and handler, when the case names them for this unit. */
  readonly addressees?: readonly Addressee[];
}

/** The event fields the alerts depend on (a bus envelope's `detail` has them all). */
export type AlertingEvent = CaseEventWith<
  'caseId' | 'trackingNumber' | 'caseVersion' | 'occurredAt' | 'unitId'
>;

const hour = 3_600_000;

/** An instant as Beijing time, `2026-03-17 08:00`: how staff read dates. */
export function beijingTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * hour).toISOString().slice(0, 16).replace('T', ' ');
}

function text(payload: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = payload[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function stepLabel(step: string | undefined): string {
  return step !== undefined && step in stepLabels ? stepLabels[step as DeadlineStep] : '办理';
}

/**
 * The deadline with this key that was still open when the event happened. A key can be opened
 * again (a case returned and forwarded anew), and the case may have moved on since the event.
 */
function deadlineAt(c: Case, key: string, at: string): CaseDeadline | undefined {
  return c.deadlines.find((d) => d.key === key && (d.closedAt === undefined || d.closedAt >= at));
}

/** The leader and handler the case names, when `unitId` is the first-handling unit. */
function responsibleOf(c: Case, unitId: string, roles: readonly Addressee['role'][]): Addressee[] {
  const r = c.responsibility;
  if (r?.unitId !== unitId) return [];
  return roles.map((role) => ({ role, ...(role === 'leader' ? r.leader : r.handler) }));
}

function names(addressees: readonly Addressee[]): string {
  const label = { leader: '责任领导', handler: '责任人' } as const;
  return addressees.map((a) => `${label[a.role]}${a.name}`).join('、');
}

/**
 * The alerts one case event gives, at most one per unit and kind. `c` is the case as stored now
 * (at or after the event's version); units come from the event, names from the case.
 */
export function staffAlertsFor(event: AlertingEvent, c: Case, directory: ProvinceDirectory): StaffAlert[] {
  const p = event.payload;
  const unitName = (id: string) => directory.findUnit(id)?.name ?? id;
  const subject = `${event.trackingNumber}「${c.title}」`;
  const alert = (
    unitId: string,
    kind: StaffAlertKind,
    title: string,
    detail: string,
    extra: { dueAt?: string | undefined; addressees?: readonly Addressee[] } = {},
  ): StaffAlert => ({
    unitId,
    kind,
    caseId: event.caseId,
    trackingNumber: event.trackingNumber,
    caseVersion: event.caseVersion,
    at: event.occurredAt,
    title,
    detail,
    ...(extra.dueAt === undefined ? {} : { dueAt: extra.dueAt }),
    ...(extra.addressees && extra.addressees.length > 0 ? { addressees: extra.addressees } : {}),
  });

  const alerts: StaffAlert[] = [];
  /** The proposing bureau is asked for a proposal; the responsible unit learns it is a lead. */
  const accountabilityAlerts = (
    accountabilityId: string | undefined,
    proposing: string | undefined,
    responsible: string | undefined,
    reason: string | undefined,
  ): void => {
    const record = c.accountabilities.find((a) => a.accountabilityId === accountabilityId);
    const dueAt = accountabilityId
      ? deadlineAt(c, `accountabilityProposal:${accountabilityId}`, event.occurredAt)?.dueAt
      : undefined;
    const why = reason ? `（${reason}）` : '';
    if (proposing) {
      alerts.push(
        alert(
          proposing,
          'accountability_opened',
          '请提出责任追究建议',
          `${responsible ? unitName(responsible) : '承办单位'}办理的${subject}已列为责任追究线索${why}，` +
            `请${dueAt ? `于${beijingTime(dueAt)}前` : ''}提出责任追究建议。`,
          { dueAt },
        ),
      );
    }
    if (responsible) {
      const addressees: Addressee[] = [
        ...(record?.leader ? [{ role: 'leader' as const, ...record.leader }] : []),
        ...(record?.handler ? [{ role: 'handler' as const, ...record.handler }] : []),
      ];
      alerts.push(
        alert(
          responsible,
          'accountability_opened',
          '列为责任追究线索',
          `${subject}已列为责任追究线索${why}${addressees.length > 0 ? `，涉及${names(addressees)}` : ''}。`,
          { addressees },
        ),
      );
    }
  };
  switch (event.type) {
    case 'CaseDeadlineWarned': {
      const unitId = text(p, 'unitId') ?? event.unitId;
      const step = stepLabel(text(p, 'step'));
      const dueAt = text(p, 'dueAt');
      const addressees = responsibleOf(c, unitId, ['handler']);
      alerts.push(
        alert(
          unitId,
          'deadline_warning',
          `${step}即将到期`,
          `${subject}的${step}期限${dueAt ? `将于${beijingTime(dueAt)}届满` : '即将届满'}` +
            `${addressees.length > 0 ? `，请${names(addressees)}抓紧办理` : '，请抓紧办理'}。`,
          { dueAt, addressees },
        ),
      );
      break;
    }
    case 'CaseDeadlineMissed': {
      const unitId = text(p, 'unitId') ?? event.unitId;
      const rawStep = text(p, 'step');
      const step = stepLabel(rawStep);
      const dueAt = text(p, 'dueAt');
      const addressees = responsibleOf(c, unitId, ['leader', 'handler']);
      // Only what the petitioner's public view shows may be said to show there.
      const shownPublicly =
        rawStep !== undefined && shownToPetitioner({ step: rawStep as DeadlineStep, status: 'open' });
      alerts.push(
        alert(
          unitId,
          'deadline_overdue',
          `${step}已超期`,
          `${subject}的${step}期限${dueAt ? `已于${beijingTime(dueAt)}届满` : '已届满'}` +
            `${shownPublicly ? '，公开查询已显示超期' : ''}` +
            `${addressees.length > 0 ? `，请${names(addressees)}立即办理` : '，请立即办理'}。`,
          { dueAt, addressees },
        ),
      );
      const overseer = directory.findUnit(unitId) ? directory.supervisingBureau(unitId) : undefined;
      if (overseer) {
        alerts.push(
          alert(
            overseer.id,
            'deadline_overdue',
            `下级单位${step}超期`,
            `${unitName(unitId)}办理的${subject}${step}已超期，请督促其立即办理。`,
            { dueAt },
          ),
        );
      }
      break;
    }
    case 'SupervisionOpened':
    case 'CaseVerified': {
      const supervisionId = text(p, 'supervisionId');
      const record = c.supervisions.find((s) => s.supervisionId === supervisionId);
      // A verification opens supervision only when it finds an organ failure.
      if (event.type === 'CaseVerified' && (event.payload.finding !== 'organ_failure' || !record)) break;
      const supervising = text(p, 'supervisingUnitId') ?? record?.supervisingUnitId;
      const target = text(p, 'targetUnitId') ?? record?.targetUnitId;
      if (!supervising || !target) break;
      const dueAt = supervisionId
        ? deadlineAt(c, `rectification:${supervisionId}`, event.occurredAt)?.dueAt
        : undefined;
      const reason = text(p, 'reason');
      const by = dueAt ? `，请于${beijingTime(dueAt)}前整改到位并报告` : '，请整改到位并报告';
      alerts.push(
        alert(
          target,
          'supervision_opened',
          '收到督办',
          `${unitName(supervising)}对${subject}启动督办${reason ? `（${reason}）` : ''}${by}。`,
          { dueAt, addressees: responsibleOf(c, target, ['leader', 'handler']) },
        ),
        alert(
          supervising,
          'supervision_opened',
          '已启动督办',
          `已对${unitName(target)}办理的${subject}启动督办，请跟踪整改情况。`,
          { dueAt },
        ),
      );
      // A verified organ failure may also open an accountability record in the same transition.
      const accountabilityId = event.type === 'CaseVerified' ? text(p, 'accountabilityId') : undefined;
      if (accountabilityId) {
        const proposal = deadlineAt(c, `accountabilityProposal:${accountabilityId}`, event.occurredAt);
        const record = c.accountabilities.find((a) => a.accountabilityId === accountabilityId);
        accountabilityAlerts(
          accountabilityId,
          proposal?.unitId ?? supervising,
          record?.responsibleUnitId ?? target,
          `核查认定${organFailureLabel(c.verification?.failureKind)}`,
        );
      }
      break;
    }
    case 'AccountabilityOpened':
      accountabilityAlerts(
        text(p, 'accountabilityId'),
        text(p, 'proposingUnitId'),
        text(p, 'responsibleUnitId'),
        text(p, 'reason'),
      );
      break;
    case 'CaseEvaluated':
    case 'CaseUnrated': {
      if (event.type === 'CaseEvaluated' && event.payload.rating !== 'dissatisfied') break;
      const why = event.type === 'CaseEvaluated' ? '信访人对答复不满意' : '信访人逾期未评价';
      for (const task of c.revisits) {
        const dueAt = deadlineAt(c, `revisit:${task.taskId}`, event.occurredAt)?.dueAt;
        alerts.push(
          alert(
            task.unitId,
            'revisit_opened',
            '回访任务',
            `${subject}${why}，请${dueAt ? `于${beijingTime(dueAt)}前` : ''}完成回访并记录结果。`,
            { dueAt, addressees: responsibleOf(c, task.unitId, ['handler']) },
          ),
        );
      }
      break;
    }
    case 'CaseForwarded':
    case 'CaseAssigned': {
      const to = text(p, 'to');
      if (!to) break;
      const from = text(p, 'from');
      const assigned = event.type === 'CaseAssigned';
      const dueAt = text(p, 'dueAt') ?? deadlineAt(c, 'signFor', event.occurredAt)?.dueAt;
      const what = assigned ? '交办' : '转送';
      alerts.push(
        alert(
          to,
          'case_received',
          `收到${what}事项`,
          `${from ? unitName(from) : '信访工作机构'}${what}${subject}，` +
            (assigned && dueAt
              ? `请于${beijingTime(dueAt)}前办结。`
              : `请${dueAt ? `于${beijingTime(dueAt)}前` : '及时'}签收。`),
          { dueAt },
        ),
      );
      break;
    }
    case 'CaseRegistered': {
      // 不及时录入: the bureau above the registering one is told, so that it can follow up; a
      // provincial bureau, which has none above it on the platform, sees its own.
      if (event.payload.registeredLate !== true) break;
      const registering = text(p, 'receivingUnitId') ?? c.receivingUnitId;
      const overseer = directory.findUnit(registering)
        ? (directory.supervisingBureau(registering) ?? directory.findUnit(registering))
        : undefined;
      if (!overseer) break;
      alerts.push(
        alert(
          overseer.id,
          'late_registration',
          '信访事项未及时登记',
          `${unitName(registering)}于${beijingTime(event.occurredAt)}登记的${subject}，` +
            `收到时间为${beijingTime(c.receivedAt)}，超过及时登记期限，请核实原因。`,
        ),
      );
      break;
    }
    case 'ReviewRequested':
    case 'ReReviewRequested': {
      const reviewer = text(p, 'reviewUnitId');
      if (!reviewer) break;
      const review = event.type === 'ReviewRequested';
      const what = review ? '复查' : '复核';
      const dueAt = deadlineAt(c, review ? 'reviewDecision' : 'reReviewDecision', event.occurredAt)?.dueAt;
      alerts.push(
        alert(
          reviewer,
          'review_requested',
          `收到${what}申请`,
          `信访人对${subject}申请${what}，请${dueAt ? `于${beijingTime(dueAt)}前` : ''}出具${what}意见。`,
          { dueAt },
        ),
      );
      break;
    }
  }
  const seen = new Set<string>();
  return alerts.filter((a) => {
    const key = `${a.unitId}#${a.kind}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A hot-issue warning in a bureau's feed: one per cluster and threshold, or per region, topic and day. */
export interface HotspotWarningAlert {
  readonly unitId: string;
  readonly kind: typeof hotspotWarningKind;
  readonly warningId: string;
  readonly at: string;
  readonly title: string;
  readonly detail: string;
  readonly regionCode: string;
  readonly topic: string;
  readonly clusterId?: string;
  readonly trackingNumbers: readonly string[];
}

/** The feed entry that tells the region's bureau about a warning, in Chinese; it names no petitioner. */
export function hotspotWarningAlert(
  warning: HotspotWarning,
  unitId: string,
  regionName: string,
): HotspotWarningAlert {
  const keywords = warning.keywords.length > 0 ? `（关键词：${warning.keywords.join('、')}）` : '';
  const detail =
    warning.kind === 'cluster'
      ? `${regionName}${warning.withinDays ?? ''}日内已有${warning.distinctPetitioners}名不同信访人反映同一事项「${warning.title}」${keywords}，` +
        `累计${warning.size}件，请及时研判化解，防止形成集体访、越级访。`
      : `${regionName}${warning.spike?.day ?? ''}${warning.topic}类信访${warning.size}件，` +
        `明显高于前几周同日平均${warning.spike?.mean ?? 0}件（z=${warning.spike?.z ?? 0}），请关注是否涉及同一事项。`;
  return {
    unitId,
    kind: hotspotWarningKind,
    warningId: warning.warningId,
    at: warning.raisedAt,
    title: warning.kind === 'cluster' ? '群体性信访预警' : '信访量异常增长预警',
    detail,
    regionCode: warning.regionCode,
    topic: warning.topic,
    ...(warning.clusterId ? { clusterId: warning.clusterId } : {}),
    trackingNumbers: warning.trackingNumbers,
  };
}
