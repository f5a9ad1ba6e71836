/**
 * 答复模板: the text a reply starts from, per outcome and category. Every staff member reads them;
 * the province admin edits a category's template or the outcome's general one (通用), or removes
 * one to fall back to the general text. The API decides who may edit (`canEdit`) and checks again.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Input, message, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, describeError } from '../api/client';
import { replyTemplatesKey, useDirectoryIndex, useReplyTemplates } from '../api/queries';
import type { ReplyTemplateList } from '../api/types';
import { PageSpinner } from '../components/PageSpinner';
import { outcomeLabels } from '../labels';
import { formatBeijing } from '../time';

type Effective = ReplyTemplateList['effective'][number];

function TemplateCard({
  entry,
  list,
  categoryName,
}: {
  entry: Effective;
  list: ReplyTemplateList;
  categoryName: string;
}) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<string>();
  const [notice, noticeHolder] = message.useMessage();
  const stored = list.templates.find((t) => t.outcome === entry.outcome && t.categoryId === entry.categoryId);
  const path = `/staff/reply-templates/${entry.outcome}/${encodeURIComponent(entry.categoryId)}`;
  const done = (text: string) => {
    void queryClient.invalidateQueries({ queryKey: replyTemplatesKey });
    setDraft(undefined);
    void notice.success(text);
  };
  const save = useMutation({
    mutationFn: (text: string) => api(path, { method: 'PUT', body: { text } }),
    onSuccess: () => done('模板已保存'),
  });
  const remove = useMutation({
    mutationFn: () => api(path, { method: 'DELETE' }),
    onSuccess: () => done('已恢复为通用模板'),
  });
  const label = outcomeLabels[entry.outcome] ?? entry.outcome;
  const source = stored ? `${categoryName}模板` : entry.categoryId === '*' ? '平台默认' : '沿用通用模板';
  const error = save.error ?? remove.error;
  return (
    <Card
      size="small"
      title={`${label}`}
      extra={<Tag color={stored ? 'blue' : 'default'}>{source}</Tag>}
      style={{ flex: '1 1 320px', minWidth: 0 }}
    >
      {noticeHolder}
      {draft === undefined ? (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', minHeight: 96 }}>
          {entry.text}
        </Typography.Paragraph>
      ) : (
        <Input.TextArea
          aria-label={`${label}模板内容`}
          rows={8}
          maxLength={2000}
          showCount
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
      )}
      {stored && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {formatBeijing(stored.updatedAt)} 由 {stored.updatedBy} 保存
        </Typography.Paragraph>
      )}
      {error && <Alert type="error" title={describeError(error)} role="alert" style={{ marginBottom: 8 }} />}
      {list.canEdit && (
        <Space wrap style={{ marginTop: 8 }}>
          {draft === undefined ? (
            <Button aria-label={`编辑${label}模板`} onClick={() => setDraft(entry.text)}>
              编辑
            </Button>
          ) : (
            <>
              <Button
                type="primary"
                aria-label={`保存${label}模板`}
                disabled={!draft.trim()}
                loading={save.isPending}
                onClick={() => save.mutate(draft)}
              >
                保存
              </Button>
              <Button onClick={() => setDraft(undefined)}>取消</Button>
            </>
          )}
          {stored && (
            <Button
              // The name begins with the visible text (axe: label-content-name-mismatch).
              aria-label={`${entry.categoryId === '*' ? '恢复平台默认' : '恢复通用模板'}：删除${label}模板`}
              loading={remove.isPending}
              onClick={() => remove.mutate()}
            >
              {entry.categoryId === '*' ? '恢复平台默认' : '恢复通用模板'}
            </Button>
          )}
        </Space>
      )}
    </Card>
  );
}

export default function ReplyTemplates() {
  const { directory } = useDirectoryIndex();
  const list = useReplyTemplates();
  const [categoryId, setCategoryId] = useState('*');
  if (list.isPending) return <PageSpinner />;
  if (list.isError) return <Alert type="error" title={describeError(list.error)} />;
  const categoryName =
    categoryId === '*'
      ? '通用'
      : (directory?.categories.find((c) => c.id === categoryId)?.name ?? categoryId);
  const storedCategories = new Set(list.data.templates.map((t) => t.categoryId));
  return (
    <section aria-labelledby="templates-title">
      <Typography.Title level={2} id="templates-title" style={{ fontSize: 20 }}>
        答复模板
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        答复时按答复结果和案件类别填入模板：有本类别模板的用本类别模板，否则用通用模板。
        {list.data.canEdit ? '您可以编辑本省的答复模板。' : '答复模板由省信访局管理员维护。'}
      </Typography.Paragraph>
      <Space style={{ marginBottom: 16 }}>
        <label htmlFor="template-category">类别</label>
        <Select
          id="template-category"
          style={{ width: 260 }}
          value={categoryId}
          onChange={setCategoryId}
          showSearch={{ optionFilterProp: 'label' }}
          options={[
            { value: '*', label: '通用（所有类别）' },
            ...(directory?.categories ?? []).map((c) => ({
              value: c.id,
              label: storedCategories.has(c.id) ? `${c.name}（已设模板）` : c.name,
            })),
          ]}
        />
      </Space>
      <Flex gap={16} wrap align="stretch">
        {list.data.effective
          .filter((e) => e.categoryId === categoryId)
          .map((e) => (
            <TemplateCard
              key={`${e.outcome}-${categoryId}`}
              entry={e}
              list={list.data}
              categoryName={categoryName}
            />
          ))}
      </Flex>
    </section>
  );
}
