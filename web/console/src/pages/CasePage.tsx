/**
 * One case (`/console/cases/{trackingNumber}`): the matter, the petitioner (masked), the routing
 * decision, repeats, every deadline with its state, the timeline, notes and records, reviews and
 * re-reviews with their decisions (终结 once a re-review decided), and the actions the API says
 * this user may take now, each a button named as the action is named.
 */

import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, message, Space, Tag, Timeline, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, describeError } from '../api/client';
import { useCase, useDirectoryIndex } from '../api/queries';
import type { ActionName, CaseView, Deadline } from '../api/types';
import { Countdown } from '../components/Countdown';
import { PageSpinner } from '../components/PageSpinner';
import {
  actionLabels,
  channelLabels,
  deadlineStatusLabels,
  outcomeLabels,
  platformCommandLabels,
  ratingLabels,
  reviewDecisionLabels,
  revisitMethodLabels,
  supervisionModeLabels,
} from '../labels';
import { formatBeijing } from '../time';

/** The action forms (and the date picker) load when an action is first opened. */
const ActionDialog = lazy(() => import('../components/ActionDialog'));

function actorText(entry: CaseView['timeline'][number], unitName: (id: string) => string): string {
  const actor = entry.actor;
  if (actor.kind === 'staff') return `${entry.actorUnitName ?? unitName(actor.unitId)} ${actor.personId}`;
  if (actor.kind === 'petitioner') return '信访人';
  return `系统（${actor.process}）`;
}

/** What a timeline line says besides its name: a review's decision, the concluded original. */
function entryDetail(entry: CaseView['timeline'][number]): string | undefined {
  if (entry.event === 'ReviewDecided' || entry.event === 'ReReviewDecided')
    return `意见：${reviewDecisionLabels[entry.payload.decision] ?? entry.payload.decision}。${entry.payload.text}`;
  if (entry.event === 'CaseRefusedAsConcluded')
    return `原件 ${entry.payload.originalTrackingNumber} 已于 ${formatBeijing(entry.payload.concludedAt)} 复核终结，不再受理`;
  return undefined;
}

/** The petitioner's contact in full, fetched only when asked for: each reveal is audited. */
function PetitionerContact({ caseId }: { readonly caseId: string }) {
  const [shown, setShown] = useState(false);
  const contact = useQuery({
    queryKey: ['petitioner-contact', caseId],
    queryFn: () =>
      api<{ phone?: string; idNumber?: string; address?: string }>(
        `/staff/cases/${encodeURIComponent(caseId)}/petitioner`,
      ),
    enabled: shown,
    staleTime: 0,
    gcTime: 0,
  });
  if (!shown)
    return (
      <Space orientation="vertical" size={4}>
        <Typography.Text type="secondary">个人信息已脱敏显示；查看完整信息将记入审计日志。</Typography.Text>
        <Button size="small" onClick={() => setShown(true)}>
          查看完整联系方式
        </Button>
      </Space>
    );
  if (contact.isPending) return <Typography.Text type="secondary">正在读取…</Typography.Text>;
  if (contact.isError) return <Alert type="error" title={describeError(contact.error)} />;
  return (
    <Descriptions
      size="small"
      column={1}
      aria-label="完整联系方式"
      items={[
        { key: 'phone', label: '完整电话', children: contact.data.phone ?? '—' },
        { key: 'id', label: '完整身份证号', children: contact.data.idNumber ?? '—' },
        { key: 'address', label: '地址', children: contact.data.address ?? '—' },
      ]}
    />
  );
}

export default function CasePage() {
  const { trackingNumber = '' } = useParams();
  const query = useCase(trackingNumber);
  const { unitName, regions, categories } = useDirectoryIndex();
  const [action, setAction] = useState<ActionName>();
  const [notice, noticeHolder] = message.useMessage();

  if (query.isPending) return <PageSpinner />;
  if (query.isError)
    return <Alert type="error" title={describeError(query.error)} action={<Link to="/">返回工作台</Link>} />;
  const c = query.data;
  const deadlineState = (d: Deadline) => (
    <Space size={4} wrap>
      <span>{d.unitName ?? ''}</span>
      <Countdown dueAt={d.dueAt} done={d.status !== 'open'} />
      <Tag color={d.overdue ? 'red' : d.status === 'open' ? 'blue' : 'default'}>
        {d.overdue ? '已超期' : (deadlineStatusLabels[d.status] ?? d.status)}
      </Tag>
      {d.warnedAt && <Tag color="orange">已预警</Tag>}
      {d.supervisedAt && <Tag color="volcano">已督办</Tag>}
      {d.provisional && <Tag>暂定（节假日未公布）</Tag>}
    </Space>
  );

  return (
    <article aria-labelledby="case-title">
      {noticeHolder}
      <Flex justify="space-between" align="start" wrap gap={16}>
        <div>
          <Typography.Title level={2} id="case-title" style={{ fontSize: 20, marginBottom: 4 }}>
            {c.title}
          </Typography.Title>
          <Space wrap>
            <Typography.Text copyable>{c.trackingNumber}</Typography.Text>
            <Tag
              color={
                c.stage === 'closed' ? '#237804' : c.stage === 'concluded_matter' ? '#531dab' : '#0958d9'
              }
              data-testid="case-stage"
            >
              {c.stageLabel}
            </Tag>
            {c.concluded && <Tag color="#531dab">已终结</Tag>}
            {c.skipLevel && <Tag color="red">越级</Tag>}
            {c.repeatOf && <Tag color="purple">重复件</Tag>}
            <span>当前办理：{c.currentUnitName}</span>
            <span>版本 {c.version}</span>
          </Space>
        </div>
        <section aria-label="可办理的操作">
          <Space wrap>
            {c.allowedActions.length === 0 && (
              <Typography.Text type="secondary">当前无可办理的操作</Typography.Text>
            )}
            {c.allowedActions.map((a) => (
              <Button
                key={a}
                type={a === c.allowedActions[0] ? 'primary' : 'default'}
                onClick={() => setAction(a)}
              >
                {actionLabels[a]}
              </Button>
            ))}
          </Space>
        </section>
      </Flex>

      <Flex gap={16} wrap style={{ marginTop: 16 }} align="start">
        <Space orientation="vertical" size={16} style={{ flex: '2 1 560px', minWidth: 0 }}>
          <Card title="信访事项" size="small" role="region" aria-label="信访事项">
            <Descriptions
              size="small"
              column={2}
              items={[
                { key: 'channel', label: '来源渠道', children: channelLabels[c.channel] ?? c.channel },
                { key: 'received', label: '收件时间', children: formatBeijing(c.receivedAt) },
                { key: 'registered', label: '登记时间', children: formatBeijing(c.registeredAt) },
                { key: 'region', label: '问题属地', children: regions.get(c.regionCode) ?? c.regionCode },
                {
                  key: 'category',
                  label: '类别',
                  children: c.categoryId ? (categories.get(c.categoryId) ?? c.categoryId) : '未分类',
                },
                { key: 'receiving', label: '接收单位', children: c.receivingUnitName },
                {
                  key: 'responsibility',
                  label: '首办责任',
                  span: 2,
                  children: c.responsibility
                    ? `${unitName(c.responsibility.unitId)}；责任领导 ${c.responsibility.leader.name}；责任人 ${c.responsibility.handler.name}`
                    : '尚未受理',
                },
              ]}
            />
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12, marginBottom: 0 }}>
              {c.content}
            </Typography.Paragraph>
            {c.attachments.length > 0 && (
              <div style={{ marginTop: 12 }}>
                <Typography.Text strong>附件（{c.attachments.length}）</Typography.Text>
                <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                  {c.attachments.map((a) => (
                    <li key={a.url}>
                      <a href={a.url} target="_blank" rel="noopener noreferrer">
                        {a.name}
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </Card>

          <Card title="办理期限" size="small" role="region" aria-label="办理期限">
            {c.deadlines.length === 0 ? (
              <Typography.Text type="secondary">暂无期限</Typography.Text>
            ) : (
              <Descriptions
                size="small"
                column={1}
                bordered
                items={c.deadlines.map((d) => ({ key: d.key, label: d.label, children: deadlineState(d) }))}
              />
            )}
          </Card>

          <Card title="办理记录" size="small" role="region" aria-label="办理记录">
            <Timeline
              items={c.timeline.map((t) => ({
                key: t.seq,
                color: t.visibility === 'public' ? 'blue' : 'gray',
                content: (
                  <div>
                    <strong>
                      {actionLabels[t.command as ActionName] ?? platformCommandLabels[t.command] ?? t.command}
                    </strong>
                    <span style={{ marginLeft: 8, color: '#595959' }}>
                      {formatBeijing(t.at)} · {actorText(t, unitName)}
                      {t.visibility === 'internal' ? ' · 内部' : ''}
                    </span>
                    {t.reason && <div>理由：{t.reason}</div>}
                    {entryDetail(t) && <div>{entryDetail(t)}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Space>

        <Space orientation="vertical" size={16} style={{ flex: '1 1 320px', minWidth: 0 }}>
          <Card title="信访人" size="small" role="region" aria-label="信访人">
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'name', label: '姓名', children: c.petitioner.name },
                { key: 'phone', label: '电话', children: c.petitioner.maskedPhone ?? '—' },
                { key: 'id', label: '身份证号', children: c.petitioner.maskedIdNumber ?? '—' },
              ]}
            />
            {c.mayRevealPetitioner ? (
              <PetitionerContact caseId={c.caseId} />
            ) : (
              <Typography.Text type="secondary">个人信息已脱敏显示。</Typography.Text>
            )}
          </Card>

          <Card title="分流" size="small" role="region" aria-label="分流">
            {c.routing ? (
              <Descriptions
                size="small"
                column={1}
                items={[
                  {
                    key: 'cat',
                    label: '类别',
                    children: categories.get(c.routing.categoryId) ?? c.routing.categoryId,
                  },
                  { key: 'organ', label: '建议机关', children: unitName(c.routing.organUnitId) },
                  { key: 'conf', label: '置信度', children: `${Math.round(c.routing.confidence * 100)}%` },
                  { key: 'reason', label: '依据', children: c.routing.reason },
                  ...(c.routing.candidates && c.routing.candidates.length > 1
                    ? [
                        {
                          key: 'candidates',
                          label: '候选类别',
                          children: c.routing.candidates
                            .map((k) => categories.get(k.categoryId) ?? k.categoryId)
                            .join('、'),
                        },
                      ]
                    : []),
                ]}
              />
            ) : (
              <Typography.Text type="secondary">尚无分流决定</Typography.Text>
            )}
            {c.dispatch && (
              <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
                {c.dispatch.mode === 'forward' ? '转送' : '交办'}至 {unitName(c.dispatch.toUnitId)}（
                {formatBeijing(c.dispatch.at)}）
              </Typography.Paragraph>
            )}
            {c.returns.map((r) => (
              <Typography.Paragraph key={r.at} type="warning" style={{ marginBottom: 0 }}>
                {unitName(r.unitId)} 退回：{r.reason}
              </Typography.Paragraph>
            ))}
            {c.repeatOf && (
              <Typography.Paragraph style={{ marginBottom: 0 }}>
                原件：<Link to={`/cases/${c.repeatOf}`}>{c.repeatOf}</Link>
              </Typography.Paragraph>
            )}
          </Card>

          {(c.reply || c.evaluation || c.extensions.length > 0) && (
            <Card title="延期、答复与评价" size="small" role="region" aria-label="延期、答复与评价">
              {c.extensions.map((e) => (
                <Typography.Paragraph key={e.requestedAt}>
                  延期 {e.days} 天（
                  {e.status === 'approved' ? '已批准' : e.status === 'refused' ? '未批准' : '待审批'}）：
                  {e.reason}
                </Typography.Paragraph>
              ))}
              {c.reply && (
                <Typography.Paragraph>
                  答复（{outcomeLabels[c.reply.outcome]}，{formatBeijing(c.reply.repliedAt)}）：{c.reply.text}
                </Typography.Paragraph>
              )}
              {c.evaluation && (
                <Typography.Paragraph style={{ marginBottom: 0 }}>
                  评价：{ratingLabels[c.evaluation.rating]}
                  {c.evaluation.comment ? `，${c.evaluation.comment}` : ''}
                </Typography.Paragraph>
              )}
            </Card>
          )}

          {c.reviews.length > 0 && (
            <Card title="复查与复核" size="small" role="region" aria-label="复查与复核">
              {c.reviews.map((r) => (
                <Typography.Paragraph key={`${r.level}-${r.requestedAt}`}>
                  {r.level === 'review' ? '复查' : '复核'}（{unitName(r.unitId)}，
                  {formatBeijing(r.requestedAt)} 申请）：{r.reason}
                  <br />
                  {r.decision
                    ? `${reviewDecisionLabels[r.decision] ?? r.decision}（${r.decidedAt ? formatBeijing(r.decidedAt) : ''}）：${r.text ?? ''}`
                    : '尚未作出意见'}
                </Typography.Paragraph>
              ))}
              {c.concluded && (
                <Typography.Paragraph style={{ marginBottom: 0 }}>
                  复核意见已作出，该事项已终结：同一事实和理由的信访不再受理。
                </Typography.Paragraph>
              )}
            </Card>
          )}

          {(c.handlingNotes.length > 0 ||
            c.revisits.length > 0 ||
            c.supervisions.length > 0 ||
            c.accountabilities.length > 0) && (
            <Card title="办理与监督" size="small" role="region" aria-label="办理与监督">
              {c.handlingNotes.map((n) => (
                <Typography.Paragraph key={n.at}>
                  {n.kind === 'contribution' ? '协办意见' : n.kind === 'contact' ? '联系信访人' : '办理记录'}
                  （{unitName(n.unitId)}）：{n.text}
                </Typography.Paragraph>
              ))}
              {c.revisits.map((t) => (
                <Typography.Paragraph key={t.taskId}>
                  回访（{unitName(t.unitId)}）：
                  {t.record
                    ? `${revisitMethodLabels[t.record.method]}，${t.record.petitionerSaid}`
                    : '待回访'}
                </Typography.Paragraph>
              ))}
              {c.supervisions.map((s) => (
                <Typography.Paragraph key={s.supervisionId}>
                  督办 {s.supervisionId}（{supervisionModeLabels[s.mode]}，对 {unitName(s.targetUnitId)}）：
                  {s.rectifiedAt ? '已整改' : '整改中'}
                </Typography.Paragraph>
              ))}
              {c.accountabilities.map((a) => (
                <Typography.Paragraph key={a.accountabilityId} style={{ marginBottom: 0 }}>
                  责任追究 {a.accountabilityId}（{unitName(a.responsibleUnitId)}）：{a.steps.length}{' '}
                  个环节已记录
                </Typography.Paragraph>
              ))}
            </Card>
          )}
        </Space>
      </Flex>

      {action && (
        <Suspense fallback={null}>
          <ActionDialog
            action={action}
            c={c}
            onClose={(done) => {
              if (done) void notice.success(`${actionLabels[action]}已完成`);
              setAction(undefined);
            }}
          />
        </Suspense>
      )}
    </article>
  );
}
