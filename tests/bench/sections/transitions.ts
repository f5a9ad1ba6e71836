/**
 * Repository throughput: each case is created, then walked through five transitions, every one a
 * conditional TransactWriteItems of case + history line (DynamoCaseRepository.save).
 */
import type { CaseCommandOn } from '../../../domain/case/commands.js';
import type { Actor } from '../../../domain/case/model.js';
import { decide, registerCase } from '../../../domain/case/transitions.js';
import { addHours, ctx, ORGAN, registerCommand, staff, system, T0 } from '../../support/case-fixtures.js';
import { type BenchEnv, type BenchRow, find, perSecond, pool, timed } from '../bench.js';

const walk: readonly { command: CaseCommandOn; actor: Actor }[] = [
  { command: { type: 'passScreening' }, actor: system },
  { command: { type: 'forward', toUnitId: ORGAN, toUnitKind: 'organ' }, actor: system },
  { command: { type: 'signFor' }, actor: staff('handler', ORGAN) },
  {
    command: {
      type: 'accept',
      notice: '予以受理',
      leader: { personId: 'leader-1', name: '李局长' },
      handler: { personId: 'handler-1', name: '王科员' },
    },
    actor: staff('leader', ORGAN),
  },
  {
    command: { type: 'reply', outcome: 'explained', text: '经调查，物业费调整已按规定公示。' },
    actor: staff('handler', ORGAN),
  },
];

export async function run(env: BenchEnv): Promise<BenchRow[]> {
  const cases = env.quick ? 80 : 300;
  /** Untimed cases first, so the JVM's compiler has seen the transaction code path. */
  const warmUp = env.quick ? 15 : 30;
  const table = await env.createTable();
  try {
    const writes = cases * (1 + walk.length);
    env.log(
      `transitions: ${cases} cases × (create + ${walk.length} saves) at concurrency ${env.concurrency}`,
    );
    const walkCase = async (caseId: string) => {
      let now = addHours(T0, 1);
      const created = registerCase(
        registerCommand({ caseId, trackingNumber: `TN-${caseId}` }),
        ctx(now, system),
      );
      await table.repository.create(created);
      let current = created.case;
      for (const step of walk) {
        now = addHours(now, 1);
        const outcome = decide(current, step.command, ctx(now, step.actor));
        await table.repository.save(outcome);
        current = outcome.case;
      }
    };
    await pool(warmUp, env.concurrency, (i) => walkCase(`warm-${i}`));
    const ms = await timed(() => pool(cases, env.concurrency, (i) => walkCase(`tr-${i}`)));
    const rate = perSecond(writes, ms);
    const raw = find(env.previous, 'raw-put', 'throughput')?.value;
    return [
      {
        section: 'transitions',
        metric: 'transitions',
        value: writes,
        unit: 'writes',
        note: `${cases} creates + saves`,
      },
      { section: 'transitions', metric: 'throughput', value: rate, unit: 'transitions/s' },
      ...(raw === undefined
        ? []
        : [
            {
              section: 'transitions',
              metric: 'transitions / raw puts',
              value: Math.round((rate / raw) * 100) / 100,
              unit: 'ratio',
              note: 'each transition writes 2 items in a transaction',
            },
          ]),
    ];
  } finally {
    await table.dispose();
  }
}
