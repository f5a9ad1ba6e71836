/**
 * What the router made of a case in the triage queue: its candidate categories, best first, each
 * with the rules' score and the organ of that category, what the trained model and the keyword
 * rules said on their own, the reason, and the returns; a candidate's organ is one click from the
 * forwarding form. Read when a row is opened (the read is audited like any other).
 */
import { Alert, Button, Tag, Typography } from 'antd';
import { describeError } from '../api/client';
import { useCase, useDirectoryIndex } from '../api/queries';
import { formatBeijing } from '../time';

export interface RouterCandidatesProps {
  readonly trackingNumber: string;
  /** Opens the forwarding form for this case with the organ filled in. */
  readonly onForward: (toUnitId: string) => void;
}

const percent = (p: number) => `${Math.round(p * 100)}%`;

export function RouterCandidates({ trackingNumber, onForward }: RouterCandidatesProps) {
  const query = useCase(trackingNumber);
  const { unitName, categories } = useDirectoryIndex();
  if (query.isPending) return <Typography.Text type="secondary">正在读取分流建议…</Typography.Text>;
  if (query.isError) return <Alert type="error" title={describeError(query.error)} />;
  const c = query.data;
  const routing = c.routing;
  const category = (id: string | undefined) => (id ? (categories.get(id) ?? id) : '未能确定');
  // Decisions from before candidates were recorded (or a person's) still show their one proposal.
  const candidates =
    routing?.candidates ??
    (routing ? [{ categoryId: routing.categoryId, score: 0, organUnitId: routing.organUnitId }] : []);
  return (
    <section aria-label={`${trackingNumber} 的分流建议`} className="router-candidates">
      {!routing ? (
        <Typography.Paragraph type="secondary">
          系统未能确定类别（没有关键词规则命中，或最可能的类别并列），请人工分流。
        </Typography.Paragraph>
      ) : (
        <>
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            系统建议：{category(routing.categoryId)}，置信度 {percent(routing.confidence)}
            {routing.model && (
              <>
                ；模型判断主题“{routing.model.topic}”（概率 {percent(routing.model.probability)}）
              </>
            )}
            {routing.rules && (
              <>
                ；关键词规则判断“{category(routing.rules.categoryId)}”（置信度{' '}
                {percent(routing.rules.confidence)}，规则 {routing.rules.ruleId}）
              </>
            )}
          </Typography.Paragraph>
          <ol aria-label="候选类别" style={{ margin: '4px 0 8px', paddingLeft: 20 }}>
            {candidates.map((k, i) => (
              <li key={k.categoryId} style={{ marginBottom: 4 }}>
                <span>{category(k.categoryId)}</span>
                {routing.candidates && <span style={{ color: '#595959' }}> · 规则得分 {k.score}</span>}
                <span> · {k.organUnitId ? unitName(k.organUnitId) : '本区域无对口机关'}</span>
                {i === 0 && (
                  <Tag color="blue" style={{ marginLeft: 8 }}>
                    系统建议
                  </Tag>
                )}
                {k.organUnitId && (
                  <Button
                    size="small"
                    style={{ marginLeft: 8 }}
                    aria-label={`转送至此：${unitName(k.organUnitId)}`}
                    onClick={() => onForward(k.organUnitId!)}
                  >
                    转送至此
                  </Button>
                )}
              </li>
            ))}
          </ol>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
            依据：{routing.reason}
          </Typography.Paragraph>
        </>
      )}
      {c.returns.map((r) => (
        <Typography.Paragraph key={r.at} type="warning" style={{ marginBottom: 0 }}>
          {unitName(r.unitId)} 于 {formatBeijing(r.at)} 退回：{r.reason}
        </Typography.Paragraph>
      ))}
    </section>
  );
}
