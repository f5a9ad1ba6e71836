import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandExecutor } from '../../application/command-executor.js';
import type { CaseCommandOn } from '../../domain/case/commands.js';
import type { Actor, Case } from '../../domain/case/model.js';
import { createCaseworkConsumer } from '../../functions/casework/casework-consumer.js';
import { createDeadlineSweep } from '../../functions/sweeps/deadline-sweep.js';
import { registerWebPetition, type TestPlatform, testPlatform } from '../support/test-platform.js';

const context = {} as Context;
let platform: TestPlatform;

beforeEach(async () => {
  platform = await testPlatform('2026-03-02T02:00:00.000Z');
});
afterEach(async () => platform.dispose());

async function registeredCase(submissionId = 'sweep-1', phone = '13900001111'): Promise<Case> {
  const trackingNumber = await registerWebPetition(platform, submissionId, { phone });
  return (await platform.deps.cases.get(trackingNumber))!;
}

async function act(c: Case, command: CaseCommandOn, actor: Actor): Promise<Case> {
  const run = await new CommandExecutor(platform.deps).run(c, () => command, { actor, onStale: 'fail' });
  return run!.case;
}

/** Runs one sweep tick and the casework it queued, as the schedule and the queue would. */
async function tick() {
  const report = await createDeadlineSweep(platform.deps)();
  const work = platform.queue.drain('casework');
  const result = await createCaseworkConsumer(platform.deps)(work, context);
  return { report, failures: result?.batchItemFailures ?? [] };
}

describe('the deadline sweep', () => {
  it('warns, flags overdue, then opens supervision of an organ that never accepts, and repeats nothing', async () => {
    // Prepare: forwarded and signed for by the organ, then left unaccepted.
    let c = await registeredCase();
    c = await act(
      c,
      { type: 'forward', toUnitId: '330106-zhujian', toUnitKind: 'organ' },
      { kind: 'system', process: 'routing' },
    );
    c = await act(
      c,
      { type: 'signFor' },
      { kind: 'staff', personId: 'h1', role: 'handler', unitId: '330106-zhujian' },
    );
    const acceptance = c.deadlines.find((d) => d.key === 'acceptance')!;
    // Act + Assess: nothing is due before the warning point.
    expect((await tick()).report.itemsDue).toBe(0);
    platform.clock.set(acceptance.warnAt);
    const warned = await tick();
    const afterWarning = (await platform.deps.cases.get(c.caseId))!;
    platform.clock.set(acceptance.dueAt);
    await tick();
    const afterDue = (await platform.deps.cases.get(c.caseId))!;
    platform.clock.advanceHours(3 * 24);
    await tick();
    const afterSupervision = (await platform.deps.cases.get(c.caseId))!;
    const again = [await tick(), await tick()];
    const settled = (await platform.deps.cases.get(c.caseId))!;
    // Assess
    expect(warned.report).toMatchObject({ itemsRead: 1, itemsDue: 1, itemsQueued: 1 });
    expect(afterWarning.deadlines.find((d) => d.key === 'acceptance')?.warnedAt).toBe(acceptance.warnAt);
    expect(afterDue.deadlines.find((d) => d.key === 'acceptance')).toMatchObject({
      overdueAt: acceptance.dueAt,
    });
    expect(afterSupervision.supervisions).toEqual([
      expect.objectContaining({
        supervisionId: 'sv-acceptance',
        supervisingUnitId: '330106-xinfang',
        targetUnitId: '330106-zhujian',
        cause: 'overdue',
      }),
    ]);
    expect(afterSupervision.stage).toBe('awaiting_acceptance');
    expect(again.map((t) => t.report.itemsDue)).toEqual([0, 0]);
    expect(settled.version).toBe(afterSupervision.version);
    const events = (await platform.deps.cases.history(c.caseId)).map((h) => h.event);
    expect(events.filter((e) => e === 'CaseDeadlineWarned')).toHaveLength(1);
    expect(events.filter((e) => e === 'CaseDeadlineMissed')).toHaveLength(1);
    expect(events.filter((e) => e === 'SupervisionOpened')).toHaveLength(1);
  });

  it('turns a long-overdue step into an accountability record due 7 days after the incident', async () => {
    // Prepare
    let c = await registeredCase('sweep-2');
    c = await act(
      c,
      { type: 'forward', toUnitId: '330106-zhujian', toUnitKind: 'organ' },
      { kind: 'system', process: 'routing' },
    );
    c = await act(
      c,
      { type: 'signFor' },
      { kind: 'staff', personId: 'h1', role: 'handler', unitId: '330106-zhujian' },
    );
    const acceptance = c.deadlines.find((d) => d.key === 'acceptance')!;
    // Act: warning, overdue, supervision and accountability all fall due in one late tick.
    platform.clock.set(new Date(Date.parse(acceptance.dueAt) + 8 * 86_400_000).toISOString());
    const { failures } = await tick();
    // Assess
    const after = (await platform.deps.cases.get(c.caseId))!;
    expect(failures).toEqual([]);
    expect(after.accountabilities).toEqual([
      expect.objectContaining({
        accountabilityId: 'acc-acceptance',
        trigger: 'step_overdue',
        incidentAt: new Date(Date.parse(acceptance.dueAt) + 7 * 86_400_000).toISOString(),
        responsibleUnitId: '330106-zhujian',
      }),
    ]);
    const proposal = after.deadlines.find((d) => d.key === 'accountabilityProposal:acc-acceptance');
    expect(proposal?.startAt).toBe(after.accountabilities[0]?.incidentAt);
    expect(proposal!.dueAt > platform.clock.now()).toBe(true);
    expect(Date.parse(proposal!.dueAt) - Date.parse(proposal!.startAt)).toBeGreaterThanOrEqual(
      7 * 86_400_000,
    );
  });

  it('flags a late accountability proposal without opening a chain of new records', async () => {
    // Prepare
    let c = await registeredCase('sweep-3');
    c = await act(
      c,
      { type: 'forward', toUnitId: '330106-zhujian', toUnitKind: 'organ' },
      { kind: 'system', process: 'routing' },
    );
    c = await act(
      c,
      { type: 'signFor' },
      { kind: 'staff', personId: 'h1', role: 'handler', unitId: '330106-zhujian' },
    );
    const acceptance = c.deadlines.find((d) => d.key === 'acceptance')!;
    platform.clock.set(new Date(Date.parse(acceptance.dueAt) + 8 * 86_400_000).toISOString());
    await tick();
    // Act: nobody proposes accountability for two months.
    for (let week = 0; week < 8; week++) {
      platform.clock.advanceHours(7 * 24);
      await tick();
    }
    // Assess
    const after = (await platform.deps.cases.get(c.caseId))!;
    // The missed acceptance, and the supervision never rectified; nothing about the late proposal itself.
    expect(after.accountabilities.map((a) => a.accountabilityId)).toEqual([
      'acc-acceptance',
      'acc-rectification:sv-acceptance',
    ]);
    expect(
      after.deadlines.find((d) => d.key === 'accountabilityProposal:acc-acceptance')?.overdueAt,
    ).toBeDefined();
    expect(after.deadlines.find((d) => d.key === 'rectification:sv-acceptance')?.overdueAt).toBeDefined();
  });

  it('reads only due cases from the index, not the others', async () => {
    // Prepare: three petitioners' cases registered; their forwarding deadlines warn 15 days on.
    const cases = [
      await registeredCase('a', '13900000001'),
      await registeredCase('b', '13900000002'),
      await registeredCase('c', '13900000003'),
    ];
    platform.clock.advanceHours(5 * 24);
    const later = await registeredCase('d', '13900000004');
    platform.clock.set(cases[0]!.deadlines[0]!.warnAt);
    // Act
    const report = await createDeadlineSweep(platform.deps)();
    // Assess
    expect(later.deadlines[0]!.warnAt > platform.clock.now()).toBe(true);
    expect(report.itemsRead).toBe(3);
    expect(platform.queue.sent.filter((m) => m.queue === 'casework')).toHaveLength(3);
  });
});

describe('the casework consumer', () => {
  it('does the work once when one batch holds the same case twice', async () => {
    // Prepare: two sweeps queued the same due case before the consumer ran.
    const c = await registeredCase('dup-1', '13900000099');
    platform.clock.set(c.deadlines[0]!.warnAt);
    await createDeadlineSweep(platform.deps)();
    await createDeadlineSweep(platform.deps)();
    const batch = platform.queue.drain('casework');
    // Act
    const result = await createCaseworkConsumer(platform.deps)(batch, context);
    // Assess
    expect(batch.Records).toHaveLength(2);
    expect(result?.batchItemFailures).toEqual([]);
    const events = (await platform.deps.cases.history(c.caseId)).map((h) => h.event);
    expect(events.filter((e) => e === 'CaseDeadlineWarned')).toHaveLength(1);
  });
});
