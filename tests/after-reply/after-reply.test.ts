import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { driver } from '../support/drive.js';
import { type TestPlatform, testPlatform } from '../support/test-platform.js';

const BUREAU = '330106-xinfang';
const CITY_BUREAU = '330100-xinfang';
const ORGAN = '330106-zhujian';
const leader = { personId: 'leader-1', name: '李局长' };
const handler = { personId: 'handler-1', name: '王科员' };

let platform: TestPlatform;
let drive: ReturnType<typeof driver>;

beforeEach(async () => {
  platform = await testPlatform('2026-03-02T02:00:00.000Z');
  drive = driver(platform);
});
afterEach(async () => platform.dispose());

/** A case forwarded by `from`, accepted by the organ and replied to. */
async function replied(fields: Record<string, unknown> = {}, from = BUREAU) {
  const receipt = await drive.submit(fields);
  const id = receipt.trackingNumber;
  expect((await drive.act(id, 'forward', from, 'triage_officer', { toUnitId: ORGAN })).status).toBe(200);
  await drive.act(id, 'signFor', ORGAN, 'handler');
  await drive.act(id, 'accept', ORGAN, 'leader', { notice: '予以受理', leader, handler });
  const r = await drive.act(id, 'reply', ORGAN, 'handler', {
    outcome: 'explained',
    text: '停车费调整已经业主大会表决。',
  });
  expect(r.body.stage).toBe('awaiting_evaluation');
  return receipt;
}

describe('after the reply', () => {
  it('closes a satisfied case and says why in the public view', async () => {
    // Prepare
    const { trackingNumber, queryCode } = await replied();
    // Act
    const rated = await drive.publicPost(trackingNumber, 'evaluation', {
      code: queryCode,
      rating: 'satisfied',
    });
    const twice = await drive.publicPost(trackingNumber, 'evaluation', {
      code: queryCode,
      rating: 'dissatisfied',
    });
    // Assess
    expect(rated.body).toMatchObject({
      stage: 'closed',
      evaluation: { rating: '满意' },
      closed: { reason: '信访人满意或基本满意' },
    });
    expect(twice.status).toBe(409);
  });

  it('refuses a rating after the window with a clear message', async () => {
    // Prepare
    const { trackingNumber, queryCode } = await replied();
    platform.clock.advanceHours(8 * 24);
    // Act
    const late = await drive.publicPost(trackingNumber, 'evaluation', {
      code: queryCode,
      rating: 'satisfied',
    });
    // Assess
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/window to rate the reply closed/);
  });

  it('marks an unrated case when the window lapses and revisits it at the organ and the county bureau', async () => {
    // Prepare
    const { trackingNumber } = await replied();
    // Act
    platform.clock.advanceHours(9 * 24);
    await drive.tick();
    // Assess
    const c = (await platform.deps.cases.get(trackingNumber))!;
    expect(c.stage).toBe('revisiting');
    expect(c.evaluation?.rating).toBe('unrated');
    expect(c.revisits.map((t) => [t.unitId, t.basis])).toEqual([
      [ORGAN, 'handling_organ'],
      [BUREAU, 'filing_bureau'],
    ]);
  });

  it('has the city bureau revisit a case it forwarded itself', async () => {
    // Prepare: filed with the city bureau, which forwards straight to the district organ.
    const { trackingNumber, queryCode } = await replied({ addressedTo: CITY_BUREAU }, CITY_BUREAU);
    // Act
    await drive.publicPost(trackingNumber, 'evaluation', { code: queryCode, rating: 'dissatisfied' });
    // Assess
    const c = (await platform.deps.cases.get(trackingNumber))!;
    expect(c.revisits.map((t) => [t.unitId, t.basis])).toEqual([
      [ORGAN, 'handling_organ'],
      [CITY_BUREAU, 'dispatching_bureau'],
    ]);
  });

  it('takes a dissatisfied case through revisit, verification and supervision until rectified', async () => {
    // Prepare
    const { trackingNumber, queryCode } = await replied();
    await drive.publicPost(trackingNumber, 'evaluation', {
      code: queryCode,
      rating: 'dissatisfied',
      comment: '没有解决',
    });
    // Act
    const steps = [
      await drive.act(trackingNumber, 'recordRevisit', ORGAN, 'handler', {
        method: 'phone',
        petitionerSaid: '停车费仍按新标准收取',
        outcome: 'problem_found',
      }),
      await drive.act(trackingNumber, 'recordRevisit', BUREAU, 'triage_officer', {
        method: 'on_site',
        petitionerSaid: '要求退还多收费用',
        outcome: 'resolved',
      }),
      await drive.act(trackingNumber, 'verify', BUREAU, 'supervisor', {
        finding: 'organ_failure',
        failureKind: 'inaction',
        mode: 'joint',
        reason: '未依法查处',
      }),
    ];
    const supervisionId = steps[2]!.body.supervisions[0].supervisionId;
    steps.push(
      await drive.act(trackingNumber, 'recordSupervisionFollowUp', BUREAU, 'supervisor', {
        supervisionId,
        note: '约谈住建局分管领导',
      }),
    );
    steps.push(
      await drive.act(trackingNumber, 'confirmRectification', BUREAU, 'supervisor', {
        supervisionId,
        note: '已责令退还多收费用',
      }),
    );
    // Assess
    expect(steps.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    expect(steps.map((s) => s.body.stage)).toEqual([
      'revisiting',
      'verifying',
      'supervising',
      'supervising',
      'closed',
    ]);
    expect(steps[2]!.body.verification).toMatchObject({ finding: 'organ_failure', failureKind: 'inaction' });
    expect(steps[4]!.body.closure.reason).toBe('supervision_rectified');
  });

  it('opens an accountability record due 7 days after late handling, and records its steps', async () => {
    // Prepare: accepted, then never replied.
    const { trackingNumber } = await drive.submit({});
    await drive.act(trackingNumber, 'forward', BUREAU, 'triage_officer', { toUnitId: ORGAN });
    await drive.act(trackingNumber, 'signFor', ORGAN, 'handler');
    const accepted = await drive.act(trackingNumber, 'accept', ORGAN, 'leader', {
      notice: '予以受理',
      leader,
      handler,
    });
    const handling = accepted.body.deadlines.find((d: { key: string }) => d.key === 'handling');
    // Act
    platform.clock.set(new Date(Date.parse(handling.dueAt) + 8 * 86_400_000).toISOString());
    await drive.tick();
    const c = (await platform.deps.cases.get(trackingNumber))!;
    const accountability = c.accountabilities[0]!;
    const steps = [];
    for (const step of ['criticism', 'proposal', 'transfer', 'outcome', 'publication']) {
      steps.push(
        await drive.act(trackingNumber, 'recordAccountabilityStep', BUREAU, 'supervisor', {
          accountabilityId: accountability.accountabilityId,
          step,
          text: `${step} 记录`,
        }),
      );
    }
    // Assess
    // Long overdue 7 days after the handling deadline: that is the incident the proposal counts from.
    const incidentAt = new Date(Date.parse(handling.dueAt) + 7 * 86_400_000).toISOString();
    expect(accountability).toMatchObject({
      trigger: 'step_overdue',
      incidentAt,
      responsibleUnitId: ORGAN,
      leader,
      handler,
    });
    const proposal = c.deadlines.find(
      (d) => d.key === `accountabilityProposal:${accountability.accountabilityId}`,
    )!;
    expect(proposal.status).toBe('open');
    expect(Date.parse(proposal.dueAt) - Date.parse(incidentAt)).toBeGreaterThanOrEqual(7 * 86_400_000);
    // The incident is at 24:00 Shanghai, i.e. the start of the next day; that day is not counted.
    expect(Date.parse(proposal.dueAt) - Date.parse(incidentAt)).toBeLessThanOrEqual(8 * 86_400_000);
    expect(steps.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
    expect(steps[1]!.body.deadlines.find((d: { key: string }) => d.key === proposal.key).status).toBe('met');
  });

  it('takes a reply through review and final re-review, then answers a later petition on the same matter that it is concluded', async () => {
    // Prepare
    const { trackingNumber, queryCode } = await replied({
      petitioner: { name: '周九', phone: '13500004444' },
    });
    // Act
    const review = await drive.publicPost(trackingNumber, 'review', { code: queryCode, reason: '不服答复' });
    const reviewed = await drive.act(trackingNumber, 'decideReview', '330100-zhujian', 'leader', {
      decision: 'upheld',
      text: '维持原答复意见',
    });
    const reReview = await drive.publicPost(trackingNumber, 'review', {
      code: queryCode,
      reason: '不服复查意见',
    });
    const final = await drive.act(trackingNumber, 'decideReReview', '330000-zhujian', 'leader', {
      decision: 'upheld',
      text: '维持，复核终结',
    });
    const later = await drive.submit({
      petitioner: { name: '周九', phone: '13500004444' },
      content: '小区物业未经业主大会同意擅自上调停车费，请住建部门再次查处。',
    });
    // Assess
    expect([review.body.stage, reviewed.body.stage, reReview.body.stage, final.body.stage]).toEqual([
      'under_review',
      'closed',
      'under_re_review',
      'closed',
    ]);
    expect(final.body.concluded).toBe(true);
    const repeat = (await platform.deps.cases.get(later.trackingNumber))!;
    expect(repeat).toMatchObject({ stage: 'concluded_matter', repeatOf: trackingNumber, concluded: true });
  });

  it('holds the first-handling organ accountable when an overdue matter is raised again at the province', async () => {
    // Prepare: accepted by the district organ, its handling deadline missed.
    const petitioner = { name: '吴十', phone: '13500005555' };
    const { trackingNumber } = await drive.submit({ petitioner });
    await drive.act(trackingNumber, 'forward', BUREAU, 'triage_officer', { toUnitId: ORGAN });
    await drive.act(trackingNumber, 'signFor', ORGAN, 'handler');
    const accepted = await drive.act(trackingNumber, 'accept', ORGAN, 'leader', {
      notice: '予以受理',
      leader,
      handler,
    });
    const handling = accepted.body.deadlines.find((d: { key: string }) => d.key === 'handling');
    platform.clock.set(new Date(Date.parse(handling.dueAt) + 3_600_000).toISOString());
    await drive.tick();
    // Act: the petitioner goes to the provincial bureau with the same matter.
    const skip = await drive.submit({ petitioner, addressedTo: '330000-xinfang' });
    // Assess
    const repeat = (await platform.deps.cases.get(skip.trackingNumber))!;
    expect(repeat).toMatchObject({ stage: 'repeat_linked', skipLevel: true, repeatOf: trackingNumber });
    const original = (await platform.deps.cases.get(trackingNumber))!;
    expect(original.accountabilities).toEqual([
      expect.objectContaining({
        trigger: 'skip_level_after_failure',
        responsibleUnitId: ORGAN,
        incidentAt: repeat.receivedAt,
      }),
    ]);
  });
});
