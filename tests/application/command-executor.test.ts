/**
 * The command executor on eventually consistent copies (issue 13): a case read as a copy at least
 * as new as the caller asked may still be older than the case as stored. A refusal or a conflict
 * on such a copy must read the case consistently and decide again, never reach the person or the
 * consumer as if the case had refused; a refusal or a conflict on a consistent read must.
 */
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { CommandExecutor } from '../../application/command-executor.js';
import type { CaseCommandOn } from '../../domain/case/commands.js';
import { CommandNotAllowedInStageError, StaleCaseVersionError } from '../../domain/case/errors.js';
import type { Case } from '../../domain/case/model.js';
import type { AtLeastVersion, CaseRepository } from '../../domain/case/repository.js';
import { decide, type TransitionOutcome } from '../../domain/case/transitions.js';
import { addHours, caseIn, ctx, ORGAN, registerCommand, staff } from '../support/case-fixtures.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';

let table: TestTable;

beforeEach(async () => {
  table = await createTestTable(inject('dynamoEndpoint'));
});
afterEach(async () => table.dispose());

const leader = staff('leader', ORGAN);
const accept: CaseCommandOn = {
  type: 'accept',
  notice: '予以受理',
  leader: { personId: 'leader-1', name: '李局长' },
  handler: { personId: 'handler-1', name: '王科员' },
};

/**
 * The table's repository, whose copies lag: a read that a copy may serve gets `copy` when it is at
 * least as new as asked (as DynamoDB's eventually consistent reads may), the stored case otherwise.
 */
function lagging(copy: Case) {
  const reads: string[] = [];
  const cases: Pick<CaseRepository, 'get' | 'create' | 'save'> = {
    get: async (caseId: string, atLeast?: AtLeastVersion) => {
      if (atLeast && copy.caseId === caseId && copy.version >= atLeast.atLeastVersion) {
        reads.push(`copy v${copy.version}`);
        return copy;
      }
      const stored = await table.repository.get(caseId);
      reads.push(`consistent v${stored?.version}`);
      return stored;
    },
    create: (transitions, options) => table.repository.create(transitions, options),
    save: (transitions) => table.repository.save(transitions),
  };
  return { cases, reads };
}

/** A case stored at `stage`, and the copy one version behind it. */
async function storedWithCopy(stage: 'awaiting_acceptance' | 'handling', caseId: string) {
  const { outcomes, now } = caseIn(stage, registerCommand({ caseId, trackingNumber: `ZJ-${caseId}` }));
  const [first, ...rest] = outcomes as [TransitionOutcome, ...TransitionOutcome[]];
  await table.repository.create(first);
  for (const outcome of rest) await table.repository.save(outcome);
  return { stored: outcomes.at(-1)!.case, copy: outcomes.at(-2)!.case, now };
}

function executor(cases: Pick<CaseRepository, 'get' | 'create' | 'save'>, now: string) {
  return new CommandExecutor({
    cases,
    clock: { now: () => addHours(now, 1) },
    province: { planner: ctx(now, leader).planner },
    logger: { info() {}, warn() {}, error() {} },
  });
}

describe('CommandExecutor on a copy that may be stale', () => {
  it('decides again on the case read consistently when the copy refuses the command', async () => {
    // Prepare: signed for, but the copy still awaits signing, where acceptance is refused.
    const { stored, copy, now } = await storedWithCopy('awaiting_acceptance', 'c-refused-copy');
    const { cases, reads } = lagging(copy);

    // Act
    const run = await executor(cases, now).run(stored.caseId, () => accept, {
      actor: leader,
      onStale: 'fail',
      atLeastVersion: 0,
    });

    // Assess
    expect(run?.outcome?.event.type).toBe('CaseAccepted');
    expect(reads).toEqual([`copy v${copy.version}`, `consistent v${stored.version}`]);
    expect((await table.repository.get(stored.caseId))?.version).toBe(stored.version + 1);
  });

  it('reads consistently and decides again when a command decided on the copy meets a newer version', async () => {
    // Prepare: a note is allowed on both versions, so only the write finds the copy stale.
    const { stored, copy, now } = await storedWithCopy('handling', 'c-stale-copy');
    const { cases, reads } = lagging(copy);

    // Act: a person acting (`fail`): the conflict is the copy's, not a change they did not see.
    const run = await executor(cases, now).run(stored.caseId, () => note('已约谈物业公司。'), {
      actor: staff('handler', ORGAN),
      onStale: 'fail',
      atLeastVersion: 0,
    });

    // Assess
    expect(run?.case.version).toBe(stored.version + 1);
    expect(reads).toEqual([`copy v${copy.version}`, `consistent v${stored.version}`]);
  });

  it('throws the refusal when the case read consistently refuses too, after one consistent read', async () => {
    // Prepare
    const { stored, copy, now } = await storedWithCopy('handling', 'c-refused');
    const { cases, reads } = lagging(copy);

    // Act: acceptance again, refused on both versions.
    const run = executor(cases, now).run(stored.caseId, () => accept, {
      actor: leader,
      atLeastVersion: 0,
    });

    // Assess
    await expect(run).rejects.toBeInstanceOf(CommandNotAllowedInStageError);
    expect(reads).toEqual([`copy v${copy.version}`, `consistent v${stored.version}`]);
  });

  it('reads consistently when the caller names no version a copy must reach', async () => {
    // Prepare
    const { stored, copy, now } = await storedWithCopy('awaiting_acceptance', 'c-consistent');
    const { cases, reads } = lagging(copy);

    // Act
    await executor(cases, now).run(stored.caseId, () => accept, { actor: leader });

    // Assess
    expect(reads).toEqual([`consistent v${stored.version}`]);
  });

  it('fails a person when the copy was current and another write came after it was read', async () => {
    // Prepare: the copy is the stored case; someone else writes between the read and the write,
    // at the run's own time (after the copy was read).
    const { stored, now } = await storedWithCopy('handling', 'c-copy-raced');
    const { cases, reads } = lagging(stored);
    let raced = false;
    const racing: typeof cases = {
      ...cases,
      save: async (transitions) => {
        if (!raced) {
          raced = true;
          await table.repository.save(
            decide(stored, note('另一人先写。'), ctx(addHours(now, 1), staff('handler', ORGAN))),
          );
        }
        await table.repository.save(transitions);
      },
    };

    // Act
    const asPerson = await executor(racing, now)
      .run(stored.caseId, () => note('已约谈物业公司。'), {
        actor: staff('handler', ORGAN),
        onStale: 'fail',
        atLeastVersion: 0,
      })
      .catch((error: unknown) => error);

    // Assess: as with a consistent read, the person is told the case changed.
    expect(asPerson).toBeInstanceOf(StaleCaseVersionError);
    expect(reads).toEqual([`copy v${stored.version}`, `consistent v${stored.version + 1}`]);
    expect((await table.repository.get(stored.caseId))?.version).toBe(stored.version + 1);
  });

  it('refuses a person when only a change made after the copy was read would allow the command', async () => {
    // Prepare: the copy (awaiting signing) is current when read; the case is signed for right
    // after, at the run's own time, before the consistent read the refusal asks for.
    const { outcomes, now } = caseIn(
      'awaiting_sign_for',
      registerCommand({ caseId: 'c-signed-since', trackingNumber: 'ZJ-c-signed-since' }),
    );
    const [first, ...rest] = outcomes as [TransitionOutcome, ...TransitionOutcome[]];
    await table.repository.create(first);
    for (const outcome of rest) await table.repository.save(outcome);
    const copy = outcomes.at(-1)!.case;
    const { cases } = lagging(copy);
    const signedMeanwhile: typeof cases = {
      ...cases,
      get: async (caseId, atLeast) => {
        if (!atLeast)
          await table.repository.save(
            decide(copy, { type: 'signFor' }, ctx(addHours(now, 1), staff('handler', ORGAN))),
          );
        return cases.get(caseId, atLeast);
      },
    };

    // Act
    const asPerson = await executor(signedMeanwhile, now)
      .run(copy.caseId, () => accept, { actor: leader, onStale: 'fail', atLeastVersion: 0 })
      .catch((error: unknown) => error);

    // Assess: a consistent read when the person acted would have refused too.
    expect(asPerson).toBeInstanceOf(CommandNotAllowedInStageError);
    expect((await table.repository.get(copy.caseId))?.stage).toBe('awaiting_acceptance');
  });

  it('fails a person whose command meets a change made after the consistent read', async () => {
    // Prepare: the copy is one version behind; someone else writes just before the second write.
    const { stored, copy, now } = await storedWithCopy('handling', 'c-raced');
    const { cases, reads } = lagging(copy);
    let raceWon = false;
    const raced: typeof cases = {
      ...cases,
      save: async (transitions) => {
        if (reads.length === 2 && !raceWon) {
          raceWon = true;
          const other = decide(stored, note('另一人先写。'), ctx(addHours(now, 1), staff('handler', ORGAN)));
          await table.repository.save(other);
        }
        await table.repository.save(transitions);
      },
    };

    // Act
    const run = executor(raced, now).run(stored.caseId, () => note('已约谈物业公司。'), {
      actor: staff('handler', ORGAN),
      onStale: 'fail',
      atLeastVersion: 0,
    });

    // Assess: whatever the copy caused was read again; this is a change the person did not see.
    await expect(run).rejects.toBeInstanceOf(StaleCaseVersionError);
    expect(raceWon).toBe(true);
    expect(reads).toEqual([`copy v${copy.version}`, `consistent v${stored.version}`]);
  });
});

function note(text: string): CaseCommandOn {
  return { type: 'recordHandlingNote', kind: 'note', text };
}
