/**
 * 分流: the bureau's cases the router could not place or that an organ returned, with the router's
 * decision; forward (转送) or assign (交办) one or many at once.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Form, Input, Modal, Radio, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, describeError } from '../api/client';
import { useDirectoryIndex } from '../api/queries';
import type { InboxPage } from '../api/types';
import { CaseQueue } from '../components/CaseQueue';
import { useSession } from '../components/RequireSession';

interface DispatchValues {
  mode: 'forward' | 'assign';
  toUnitId: string;
  dueDate?: Dayjs;
  reason?: string;
}

export default function Triage() {
  const session = useSession()!;
  const { directory, units } = useDirectoryIndex();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<string[]>([]);
  const [open, setOpen] = useState(false);
  const [results, setResults] = useState<{ id: string; error?: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<DispatchValues>();
  const mode = Form.useWatch('mode', form);
  const page = useQuery({
    queryKey: ['inbox', session.unitId, 'triage'],
    queryFn: () => api<InboxPage>('/staff/cases', { query: { stage: 'triage', limit: 100 } }),
  });
  const own = units.get(session.unitId);
  const targets = (directory?.units ?? []).filter(
    (u) => u.id !== session.unitId && (!own || u.regionCode.startsWith(own.regionCode.replace(/0+$/, ''))),
  );

  async function dispatch(values: DispatchValues) {
    setBusy(true);
    const outcome: { id: string; error?: string }[] = [];
    for (const caseId of selected) {
      const body = {
        toUnitId: values.toUnitId,
        ...(values.mode === 'assign' && values.dueDate
          ? { dueAt: `${values.dueDate.format('YYYY-MM-DD')}T23:59:59+08:00` }
          : {}),
        ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}),
      };
      try {
        await api(`/staff/cases/${encodeURIComponent(caseId)}/actions/${values.mode}`, {
          method: 'POST',
          body,
        });
        outcome.push({ id: caseId });
      } catch (error) {
        outcome.push({ id: caseId, error: describeError(error) });
      }
    }
    setResults(outcome);
    setBusy(false);
    setOpen(false);
    setSelected(outcome.filter((o) => o.error).map((o) => o.id));
    await queryClient.invalidateQueries({ queryKey: ['inbox'] });
  }

  return (
    <section aria-labelledby="triage-title">
      <Typography.Title level={2} id="triage-title" style={{ fontSize: 20 }}>
        分流
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        系统未能确定有权处理机关的信访件、被退回的信访件在此等待人工分流。可勾选多件一并转送或交办。
      </Typography.Paragraph>
      {page.isError && <Alert type="error" title={describeError(page.error)} />}
      {results.length > 0 && (
        <Alert
          style={{ marginBottom: 16 }}
          type={results.some((r) => r.error) ? 'warning' : 'success'}
          title={`已处理 ${results.filter((r) => !r.error).length} 件${results.some((r) => r.error) ? `，${results.filter((r) => r.error).length} 件未成功` : ''}`}
          description={
            results
              .filter((r) => r.error)
              .map((r) => `${r.id}：${r.error}`)
              .join('；') || undefined
          }
        />
      )}
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" disabled={selected.length === 0} onClick={() => setOpen(true)}>
          转送/交办所选（{selected.length}）
        </Button>
      </Space>
      <CaseQueue
        items={page.data?.items ?? []}
        loading={page.isPending}
        caption="待分流"
        selection={{ selected, onChange: setSelected }}
        extraColumns={[
          {
            title: '系统建议',
            render: (_, item) =>
              item.categoryId
                ? (directory?.categories.find((c) => c.id === item.categoryId)?.name ?? item.categoryId)
                : '未能确定',
          },
        ]}
      />
      <Modal
        open={open}
        title={`转送/交办 ${selected.length} 件`}
        okText="确认"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() =>
          void form
            .validateFields()
            .then(dispatch)
            .catch(() => undefined)
        }
        onCancel={() => setOpen(false)}
      >
        <Form form={form} layout="vertical" initialValues={{ mode: 'forward' }} name="dispatch">
          <Form.Item name="mode" label="方式">
            <Radio.Group
              options={[
                { value: 'forward', label: '转送' },
                { value: 'assign', label: '交办' },
              ]}
            />
          </Form.Item>
          <Form.Item name="toUnitId" label="接收单位" rules={[{ required: true, message: '请选择接收单位' }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={targets.map((u) => ({ value: u.id, label: `${u.name}（${u.id}）` }))}
            />
          </Form.Item>
          {mode === 'assign' && (
            <Form.Item
              name="dueDate"
              label="办结时限"
              rules={[{ required: true, message: '请选择办结时限' }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          )}
          <Form.Item name="reason" label="说明（选填）">
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </section>
  );
}
