/**
 * Issue 12, item 8: a case whose routing message was lost (a queue server that crashed, a message
 * parked in a dead-letter queue), or whose router crashed between deciding and forwarding, is put
 * back on its way by the stuck-case sweep once it has waited longer than the province allows.
 */
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Transitions } from '../../domain/case/repository.js';
import { createRoutingConsumer } from '../../functions/routing/routing-consumer.js';
import { createStuckCaseSweep } from '../../functions/sweeps/stuck-case-sweep.js';
import { registerWebPetition, type TestPlatform, testPlatform } from '../support/test-platform.js';

const context = {} as Context;
let platform: TestPlatform;

beforeEach(async () => {
  platform = await testPlatform('2026-03-02T02:00:00.000Z');
});
afterEach(async () => platform.dispose());

/** A web petition registered and screened in: in the bureau's triage, its routing message lost. */
async function inTriage(submissionId: string): Promise<string> {
  const trackingNumber = await registerWebPetition(platform, submissionId, {
    name: '赵六',
    phone: '13700001234',
    title: '小区物业擅自占用公共绿地',
    content: '小区物业擅自将公共绿地改为停车位收费，业主反对无效，请求住建部门处理。',
  });
  platform.bus.published.length = 0; // the bus's copy for routing is lost
  return trackingNumber;
}

async function sweep() {
  return (await createStuckCaseSweep(platform.deps)()) as unknown as { resumed: number };
}

describe('the stuck-case sweep', () => {
  it('leaves a case alone until it has waited longer than the province allows, then routes it', async () => {
    // Prepare
    const trackingNumber = await inTriage('stuck-1');

    // Act
    const early = await sweep();
    platform.clock.advanceHours(1);
    const late = await sweep();
    await createRoutingConsumer(platform.deps)(platform.queue.drain('routing'), context);
    const again = await sweep();

    // Assess
    const c = await platform.deps.cases.get(trackingNumber);
    expect(early.resumed).toBe(0);
    expect(late.resumed).toBe(1);
    expect(c?.routing).toBeDefined();
    expect(c?.stage).toBe('awaiting_sign_for');
    expect(again.resumed).toBe(0);
  });

  it('completes a forward a router decided and left unwritten (routing and forward written apart)', async () => {
    // Prepare: routing and its forward are one write now; a case routed by an earlier version,
    // which wrote them apart and crashed between the two, holds the decision without the forward.
    const trackingNumber = await inTriage('stuck-2');
    platform.clock.advanceHours(1);
    await sweep();
    const save = platform.deps.cases.save.bind(platform.deps.cases);
    let crashed = false;
    platform.deps.cases.save = async (transitions: Transitions) => {
      const chain = [transitions].flat();
      if (!crashed && chain.some((o) => o.event.type === 'CaseForwarded')) {
        crashed = true;
        await save(chain.filter((o) => o.event.type !== 'CaseForwarded'));
        throw new Error('the router crashed');
      }
      return save(transitions);
    };
    const first = await createRoutingConsumer(platform.deps)(platform.queue.drain('routing'), context);
    const decided = await platform.deps.cases.get(trackingNumber);
    platform.clock.advanceHours(1);

    // Act
    const resumed = await sweep();
    await createRoutingConsumer(platform.deps)(platform.queue.drain('routing'), context);

    // Assess
    expect(first).toEqual({ batchItemFailures: [expect.anything()] });
    expect(decided?.stage).toBe('triage');
    expect(decided?.routing?.forwardsNext).toBe(true);
    expect(resumed.resumed).toBe(1);
    expect((await platform.deps.cases.get(trackingNumber))?.stage).toBe('awaiting_sign_for');
  });
});
