import { describe, expect, it } from 'vitest';
import { type CaseCommandOn, type CommandType, commandTypes } from '../../domain/case/commands.js';
import { ActorNotPermittedError, CommandNotAllowedInStageError } from '../../domain/case/errors.js';
import { type Actor, type Case, type Stage, stages } from '../../domain/case/model.js';
import { decide, stagesAllowing, transitionTable } from '../../domain/case/transitions.js';
import {
  addDays,
  addHours,
  BUREAU,
  CITY_BUREAU,
  caseIn,
  ctx,
  ORGAN,
  type pathTo,
  petitioner,
  staff,
  system,
} from '../support/case-fixtures.js';

type OnCase = Exclude<CommandType, 'register'>;

interface Example {
  readonly command: CaseCommandOn;
  /** Who issues it, given the case it acts on. */
  readonly actor: (c: Case) => Actor;
  /** Steps that put the case in a state where the command's guards hold. */
  readonly setup?: (c: Case) => readonly { command: CaseCommandOn; actor: Actor }[];
  /** Hours after the fixture's last step at which the command is issued. */
  readonly afterHours?: number;
  /** A fixture to use instead of the plain one for this stage. */
  readonly fixture?: (stage: Stage) => keyof typeof pathTo;
}

const at = (role: Extract<Actor, { kind: 'staff' }>['role']) => (c: Case) => staff(role, c.currentUnitId);
const leader = { personId: 'leader-2', name: '赵局长' };
const handler = { personId: 'handler-2', name: '钱科员' };
const openAccountability: CaseCommandOn = {
  type: 'openAccountability',
  accountabilityId: 'acc-1',
  trigger: 'step_overdue',
  incidentAt: '2026-03-02T02:00:00.000Z',
  responsibleUnitId: ORGAN,
  proposingUnitId: BUREAU,
  reason: '办理超期',
};

/** One valid example of every command that acts on an existing case. */
const examples: Record<OnCase, Example> = {
  screenOut: {
    command: {
      type: 'screenOut',
      channel: 'arbitration',
      ruleId: 'screen-arbitration',
      guidance: '请申请劳动仲裁',
    },
    actor: () => system,
  },
  overturnScreening: {
    command: { type: 'overturnScreening', reason: '并非仲裁事项' },
    actor: at('triage_officer'),
  },
  linkRepeat: {
    command: { type: 'linkRepeat', originalCaseId: 'case-0', similarity: 0.8 },
    actor: () => system,
  },
  refuseConcludedMatter: {
    command: {
      type: 'refuseConcludedMatter',
      originalCaseId: 'case-0',
      originalTrackingNumber: 'XF20260101000001',
      concludedAt: '2026-02-01T02:00:00.000Z',
      similarity: 0.9,
    },
    actor: () => system,
  },
  passScreening: { command: { type: 'passScreening' }, actor: () => system },
  route: {
    command: {
      type: 'route',
      categoryId: 'housing',
      organUnitId: ORGAN,
      ruleId: 'kw-housing',
      confidence: 0.9,
      reason: '物业',
    },
    actor: () => system,
  },
  forward: {
    command: { type: 'forward', toUnitId: '330106-renshe', toUnitKind: 'organ' },
    actor: at('triage_officer'),
  },
  assign: {
    command: {
      type: 'assign',
      toUnitId: '330106-renshe',
      toUnitKind: 'organ',
      dueAt: '2026-04-30T16:00:00.000Z',
    },
    actor: at('triage_officer'),
  },
  signFor: { command: { type: 'signFor' }, actor: at('handler') },
  returnCase: { command: { type: 'returnCase', reason: '不属于本单位职责' }, actor: at('handler') },
  accept: { command: { type: 'accept', notice: '予以受理', leader, handler }, actor: at('leader') },
  decline: {
    command: { type: 'decline', notice: '不予受理告知书', reason: '重复信访' },
    actor: at('leader'),
  },
  assignResponsibility: {
    command: { type: 'assignResponsibility', leader, handler, reason: '人员调整' },
    actor: at('leader'),
  },
  recordHandlingNote: {
    command: { type: 'recordHandlingNote', kind: 'contact', text: '电话联系信访人' },
    actor: at('handler'),
  },
  addAssistingOrgan: {
    command: { type: 'addAssistingOrgan', unitId: '330106-zonghezhifa', reason: '涉及违建' },
    actor: at('leader'),
  },
  recordContribution: {
    command: { type: 'recordContribution', text: '已现场核查违建' },
    actor: () => staff('handler', '330106-zonghezhifa'),
    setup: (c) => [
      {
        command: { type: 'addAssistingOrgan', unitId: '330106-zonghezhifa', reason: '涉及违建' },
        actor: staff('leader', c.currentUnitId),
      },
    ],
  },
  requestExtension: {
    command: { type: 'requestExtension', days: 30, reason: '需要多部门会商' },
    actor: at('handler'),
  },
  approveExtension: {
    command: { type: 'approveExtension' },
    actor: at('leader'),
    setup: (c) => [
      {
        command: { type: 'requestExtension', days: 20, reason: '需要会商' },
        actor: staff('handler', c.currentUnitId),
      },
    ],
  },
  refuseExtension: {
    command: { type: 'refuseExtension', reason: '事实清楚' },
    actor: at('leader'),
    setup: (c) => [
      {
        command: { type: 'requestExtension', days: 20, reason: '需要会商' },
        actor: staff('handler', c.currentUnitId),
      },
    ],
  },
  reply: {
    command: { type: 'reply', outcome: 'supported', text: '已责令物业退还多收费用。' },
    actor: at('handler'),
  },
  evaluate: {
    command: { type: 'evaluate', rating: 'basically_satisfied', via: 'sms', revisitTasks: [] },
    actor: () => petitioner,
  },
  markUnrated: {
    command: {
      type: 'markUnrated',
      revisitTasks: [{ taskId: 'rv-1', unitId: ORGAN, basis: 'handling_organ' }],
    },
    actor: () => system,
    afterHours: 8 * 24,
  },
  recordRevisit: {
    command: {
      type: 'recordRevisit',
      taskId: 'rv-organ',
      method: 'on_site',
      petitionerSaid: '基本理解',
      outcome: 'resolved',
    },
    actor: () => staff('handler', ORGAN),
  },
  verify: {
    command: {
      type: 'verify',
      finding: 'unreasonable_demand',
      explanation: '已释明政策',
      petitionerResponse: '表示理解',
    },
    actor: () => staff('supervisor', BUREAU),
  },
  openSupervision: {
    command: {
      type: 'openSupervision',
      supervisionId: 'sv-9',
      mode: 'joint',
      supervisingUnitId: CITY_BUREAU,
      targetUnitId: ORGAN,
      reason: '超期',
    },
    actor: () => system,
  },
  recordSupervisionFollowUp: {
    command: { type: 'recordSupervisionFollowUp', supervisionId: 'sv-9', note: '已约谈' },
    actor: () => staff('supervisor', CITY_BUREAU),
    setup: (c) =>
      c.stage === 'supervising'
        ? [
            {
              command: {
                type: 'openSupervision',
                supervisionId: 'sv-9',
                mode: 'media',
                supervisingUnitId: CITY_BUREAU,
                targetUnitId: ORGAN,
                reason: '超期',
              },
              actor: system,
            },
          ]
        : [
            {
              command: {
                type: 'openSupervision',
                supervisionId: 'sv-9',
                mode: 'joint',
                supervisingUnitId: CITY_BUREAU,
                targetUnitId: ORGAN,
                reason: '超期',
              },
              actor: system,
            },
          ],
    fixture: (stage) => (stage === 'supervising' ? 'handling' : stage),
  },
  confirmRectification: {
    command: { type: 'confirmRectification', supervisionId: 'sv-1', note: '整改到位' },
    actor: () => staff('supervisor', BUREAU),
    setup: (c) =>
      c.stage === 'supervising'
        ? []
        : [
            {
              command: {
                type: 'openSupervision',
                supervisionId: 'sv-1',
                mode: 'joint',
                supervisingUnitId: BUREAU,
                targetUnitId: ORGAN,
                reason: '超期',
              },
              actor: system,
            },
          ],
  },
  flagDeadlineWarning: {
    command: { type: 'flagDeadlineWarning', key: 'accountabilityProposal:acc-1' },
    actor: () => system,
    setup: () => [{ command: openAccountability, actor: system }],
    afterHours: 7 * 24,
  },
  flagDeadlineOverdue: {
    command: { type: 'flagDeadlineOverdue', key: 'accountabilityProposal:acc-1' },
    actor: () => system,
    setup: () => [{ command: openAccountability, actor: system }],
    afterHours: 8 * 24,
  },
  openAccountability: { command: openAccountability, actor: () => staff('supervisor', BUREAU) },
  recordAccountabilityStep: {
    command: {
      type: 'recordAccountabilityStep',
      accountabilityId: 'acc-1',
      step: 'criticism',
      text: '通报批评',
    },
    actor: () => staff('supervisor', BUREAU),
    setup: () => [{ command: openAccountability, actor: system }],
  },
  requestReview: {
    command: { type: 'requestReview', reviewUnitId: '330100-zhujian', reason: '不服' },
    actor: () => petitioner,
  },
  decideReview: {
    command: { type: 'decideReview', decision: 'changed', text: '撤销原答复' },
    actor: () => staff('leader', '330100-zhujian'),
  },
  requestReReview: {
    command: { type: 'requestReReview', reviewUnitId: '330000-zhujian', reason: '不服复查' },
    actor: () => petitioner,
    fixture: () => 'closed_after_review',
  },
  decideReReview: {
    command: { type: 'decideReReview', decision: 'upheld', text: '维持' },
    actor: () => staff('leader', '330000-zhujian'),
  },
};

const onCaseTypes = commandTypes.filter((t): t is OnCase => t !== 'register');
const pairs = stages.flatMap((stage) =>
  onCaseTypes.map((type) => ({ stage, type, allowed: stagesAllowing(type).includes(stage) })),
);

function run(stage: Stage, type: OnCase) {
  const example = examples[type];
  const fixture = caseIn(example.fixture?.(stage) ?? stage);
  let current = fixture.case;
  let now = fixture.now;
  for (const step of example.setup?.(current) ?? []) {
    now = addHours(now, 1);
    current = decide(current, step.command, ctx(now, step.actor)).case;
  }
  now = addHours(now, example.afterHours ?? 1);
  return {
    before: current,
    outcome: () => decide(current, example.command, ctx(now, example.actor(current))),
  };
}

describe('the transition table', () => {
  it('has an example for every command', () => {
    // Assess
    expect(Object.keys(examples).sort()).toEqual([...onCaseTypes].sort());
  });

  it('leaves no stage without a way in or out, except the ends', () => {
    // Prepare
    const allowedSomewhere = new Set(pairs.filter((p) => p.allowed).map((p) => p.stage));
    // Assess
    for (const stage of stages) expect(allowedSomewhere.has(stage), stage).toBe(true);
  });

  it.each(pairs.filter((p) => p.allowed))(
    'accepts $type in $stage and emits its event',
    ({ stage, type }) => {
      // Prepare
      const { before, outcome } = run(stage, type);
      // Act
      const result = outcome();
      // Assess
      expect(result.case.version).toBe(before.version + 1);
      expect(result.history.seq).toBe(result.case.version);
      expect(result.history.command).toBe(type);
      expect(result.history.fromStage).toBe(before.stage);
      expect(result.history.toStage).toBe(result.case.stage);
      expect(result.event.type).toBe(transitionTable[type].event);
      expect(result.event.caseVersion).toBe(result.case.version);
    },
  );

  it.each(pairs.filter((p) => !p.allowed))(
    'rejects $type in $stage with a named error',
    ({ stage, type }) => {
      // Prepare
      const fixture = caseIn(stage);
      const example = examples[type];
      // Act
      const act = () =>
        decide(fixture.case, example.command, ctx(addHours(fixture.now, 1), example.actor(fixture.case)));
      // Assess
      expect(act).toThrow(CommandNotAllowedInStageError);
      expect(act).toThrow(`'${type}' is not allowed while the case is in stage '${stage}'`);
    },
  );
});

describe('the lifecycle', () => {
  it('names the first-handling unit, leader and handler on acceptance', () => {
    // Act
    const { case: c } = caseIn('handling');
    // Assess
    expect(c.responsibility).toEqual({
      unitId: ORGAN,
      leader: { personId: 'leader-1', name: '李局长' },
      handler: { personId: 'handler-1', name: '王科员' },
    });
  });

  it('lets only the organ’s leader decide on acceptance (首办责任: the responsible leader signs the notice)', () => {
    // Prepare
    const { case: c, now } = caseIn('awaiting_acceptance');
    const leader = { personId: 'leader-1', name: '李局长' };
    const handler = { personId: 'handler-1', name: '王科员' };
    const accept: CaseCommandOn = { type: 'accept', notice: '予以受理', leader, handler };
    const decline: CaseCommandOn = { type: 'decline', notice: '不予受理告知书', reason: '已经处理' };
    // Act
    const byHandler = (command: CaseCommandOn) => () => decide(c, command, ctx(now, staff('handler', ORGAN)));
    // Assess
    expect(byHandler(accept)).toThrow(ActorNotPermittedError);
    expect(byHandler(decline)).toThrow(ActorNotPermittedError);
    expect(decide(c, accept, ctx(now, staff('leader', ORGAN))).case.stage).toBe('handling');
  });

  it('counts the forwarding deadline from receipt, not from registration', () => {
    // Act
    const { case: c } = caseIn('registered');
    // Assess
    const forwarding = c.deadlines.find((d) => d.key === 'forwarding');
    expect(forwarding?.startAt).toBe('2026-03-02T01:00:00.000Z');
    expect(forwarding?.dueAt).toBe(addDays('2026-03-02T01:00:00.000Z', 15));
  });

  it('counts the organ’s acceptance period from the forward, however late it signs for', () => {
    // Prepare
    const { case: c, now } = caseIn('awaiting_sign_for');
    // Act
    const { case: signed } = decide(c, { type: 'signFor' }, ctx(addDays(now, 2), staff('handler', ORGAN)));
    // Assess
    const acceptance = signed.deadlines.find((d) => d.key === 'acceptance');
    expect(acceptance?.startAt).toBe(c.dispatch?.at);
    expect(acceptance?.dueAt).toBe(addDays(c.dispatch!.at, 15));
  });

  it('counts a subordinate bureau’s forwarding period from the assignment, not from its sign-for', () => {
    // Prepare
    const { case: c, now } = caseIn('triage');
    const assignedAt = addHours(now, 1);
    const { case: assigned } = decide(
      c,
      { type: 'assign', toUnitId: '330106-xinfang-sub', toUnitKind: 'bureau', dueAt: addDays(now, 40) },
      ctx(assignedAt, staff('triage_officer', c.currentUnitId)),
    );
    // Act
    const { case: signed } = decide(
      assigned,
      { type: 'signFor' },
      ctx(addDays(assignedAt, 2), staff('triage_officer', '330106-xinfang-sub')),
    );
    // Assess
    expect(signed.stage).toBe('triage');
    const forwarding = signed.deadlines.filter((d) => d.key === 'forwarding' && d.status === 'open');
    expect(forwarding.map((d) => d.startAt)).toEqual([assignedAt]);
  });

  it('counts the revisits of an unrated case from the end of the rating window', () => {
    // Prepare
    const { case: c, now } = caseIn('awaiting_evaluation');
    const window = c.deadlines.find((d) => d.key === 'evaluation')!;
    // Act
    const { case: unrated } = decide(
      c,
      {
        type: 'markUnrated',
        revisitTasks: [{ taskId: 'rv-organ', unitId: ORGAN, basis: 'handling_organ' }],
      },
      ctx(addDays(window.dueAt, 3), system),
    );
    // Assess
    expect(now < window.dueAt).toBe(true);
    expect(unrated.deadlines.find((d) => d.key === 'revisit:rv-organ')?.startAt).toBe(window.dueAt);
  });

  it('sends a returned case back to the sending bureau and counts the return', () => {
    // Prepare
    const { case: c, now } = caseIn('awaiting_sign_for');
    // Act
    const { case: returned } = decide(
      c,
      { type: 'returnCase', reason: '非本单位职责' },
      ctx(addHours(now, 1), staff('handler', ORGAN)),
    );
    // Assess
    expect(returned.stage).toBe('triage');
    expect(returned.currentUnitId).toBe(BUREAU);
    expect(returned.returns).toEqual([{ unitId: ORGAN, reason: '非本单位职责', at: addHours(now, 1) }]);
  });

  it('closes a satisfied case but keeps the review window open', () => {
    // Act
    const { case: c } = caseIn('closed');
    // Assess
    expect(c.closure?.reason).toBe('satisfied');
    expect(c.deadlines.filter((d) => d.status === 'open').map((d) => d.key)).toEqual(['reviewRequest']);
  });

  it('opens one revisit deadline per task, each for its own unit', () => {
    // Act
    const { case: c } = caseIn('revisiting');
    // Assess
    const revisits = c.deadlines.filter((d) => d.step === 'revisit');
    expect(revisits.map((d) => [d.key, d.unitId])).toEqual([
      ['revisit:rv-organ', ORGAN],
      ['revisit:rv-bureau', BUREAU],
    ]);
  });

  it('opens supervision of the first-handling unit when verification finds an organ failure', () => {
    // Act
    const { case: c } = caseIn('supervising');
    // Assess
    expect(c.verification?.failureKind).toBe('slow_action');
    expect(c.supervisions[0]).toMatchObject({
      supervisionId: 'sv-1',
      targetUnitId: ORGAN,
      cause: 'organ_failure',
    });
    expect(c.deadlines.find((d) => d.key === 'rectification:sv-1')?.status).toBe('open');
    expect(c.accountabilities).toEqual([
      expect.objectContaining({
        accountabilityId: 'acc-sv-1',
        trigger: 'organ_failure',
        responsibleUnitId: ORGAN,
        leader: { personId: 'leader-1', name: '李局长' },
      }),
    ]);
    expect(c.deadlines.find((d) => d.key === 'accountabilityProposal:acc-sv-1')).toMatchObject({
      status: 'open',
      unitId: BUREAU,
    });
  });

  it('marks the matter concluded after the re-review decision', () => {
    // Prepare
    const { case: c, now } = caseIn('under_re_review');
    // Act
    const { case: decided } = decide(
      c,
      { type: 'decideReReview', decision: 'upheld', text: '维持' },
      ctx(addHours(now, 1), staff('leader', '330000-zhujian')),
    );
    // Assess
    expect(decided.concluded).toBe(true);
    expect(decided.closure?.reason).toBe('re_review_final');
  });
});
