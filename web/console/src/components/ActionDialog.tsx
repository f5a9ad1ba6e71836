/**
 * One case action in a dialog: the form validates before anything is sent; the API's answer
 * replaces the case in the cache; a stale version reloads the case and says so; a refusal shows
 * the API's reason.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { useRef, useState } from 'react';
import { ApiError, api, describeError } from '../api/client';
import { caseKey, replyTemplateFor, useDirectoryIndex, useReplyTemplates } from '../api/queries';
import type { ActionName, CaseView } from '../api/types';
import { currentSession, signedInPersonId } from '../auth/session';
import { actionLabels } from '../labels';
import { actionForm, type FormField } from './action-forms';

export interface ActionDialogProps {
  readonly action: ActionName;
  readonly c: CaseView;
  readonly onClose: (done: boolean) => void;
}

function UnitPicker({ field, c, ...rest }: { field: FormField; c: CaseView; id?: string }) {
  const { directory } = useDirectoryIndex();
  const units = (directory?.units ?? []).filter((u) =>
    field.units === 'organs' ? u.kind !== 'bureau' : u.id !== c.currentUnitId,
  );
  const region = c.regionCode;
  // Units of the case's region and its parents first: where a matter is usually sent.
  const near = (code: string) =>
    region.startsWith(code.replace(/0+$/, '')) || code.startsWith(region.slice(0, 4));
  const sorted = [...units].sort((a, b) => Number(near(b.regionCode)) - Number(near(a.regionCode)));
  return (
    <Select
      {...rest}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder="输入单位名称或编号"
      options={sorted.map((u) => ({ value: u.id, label: `${u.name}（${u.id}）` }))}
    />
  );
}

export default function ActionDialog({ action, c, onClose }: ActionDialogProps) {
  const session = currentSession();
  const spec = actionForm(action, c, { personId: signedInPersonId(session), role: session?.role });
  const [form] = Form.useForm();
  const [refusal, setRefusal] = useState<string>();
  const queryClient = useQueryClient();
  const label = actionLabels[action];
  const values = Form.useWatch([], form) as Record<string, unknown> | undefined;
  const templates = useReplyTemplates(action === 'reply');
  /** The template text last filled in: replaced when the outcome changes, unless the user edited it. */
  const filled = useRef<string>(undefined);
  const fillTemplate = (changed: Record<string, unknown>) => {
    if (action !== 'reply' || typeof changed['outcome'] !== 'string') return;
    const text = replyTemplateFor(templates.data, changed['outcome'], c.categoryId);
    const current = form.getFieldValue('text') as string | undefined;
    if (text && (!current?.trim() || current === filled.current)) {
      form.setFieldValue('text', text);
      filled.current = text;
    }
  };
  const mutation = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<CaseView>(`/staff/cases/${encodeURIComponent(c.caseId)}/actions/${action}`, {
        method: 'POST',
        body,
        ifMatch: c.version,
      }),
    onSuccess: (next) => {
      queryClient.setQueryData(caseKey(c.trackingNumber), next);
      void queryClient.invalidateQueries({ queryKey: ['inbox'] });
      onClose(true);
    },
    onError: (error) => {
      setRefusal(describeError(error));
      if (error instanceof ApiError && error.status === 412)
        void queryClient.invalidateQueries({ queryKey: caseKey(c.trackingNumber) });
    },
  });

  async function submit() {
    setRefusal(undefined);
    const raw = (await form.validateFields()) as Record<string, unknown>;
    const shown = Object.fromEntries(
      Object.entries(raw).filter(([, v]) => v !== undefined && v !== null && v !== ''),
    );
    if (shown['dueDate'] && typeof shown['dueDate'] === 'object')
      shown['dueDate'] = (shown['dueDate'] as { format(f: string): string }).format('YYYY-MM-DD');
    mutation.mutate(spec.toBody ? spec.toBody(shown) : shown);
  }

  const visible = (f: FormField) => !f.when || values?.[f.when.field] === f.when.equals;

  return (
    <Modal
      open
      title={label}
      okText={`确认${label}`}
      cancelText="取消"
      confirmLoading={mutation.isPending}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      {spec.confirm && <Typography.Paragraph>{spec.confirm}</Typography.Paragraph>}
      <Form
        form={form}
        layout="vertical"
        name={`action-${action}`}
        initialValues={spec.initial}
        onValuesChange={(changed: Record<string, unknown>) => fillTemplate(changed)}
      >
        {spec.fields.filter(visible).map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={f.label}
            {...(action === 'reply' && f.name === 'text'
              ? { extra: '选择答复结果后按答复模板填入，可修改。' }
              : {})}
            rules={[
              ...(f.required ? [{ required: true, message: `请填写${f.label}` }] : []),
              ...(f.kind === 'text' || f.kind === 'textarea'
                ? [{ whitespace: true, message: `${f.label}不能为空白` }]
                : []),
              ...(f.kind === 'number'
                ? [
                    {
                      type: 'number' as const,
                      min: f.min,
                      max: f.max,
                      message: `${f.label}应在${f.min}至${f.max}之间`,
                    },
                  ]
                : []),
            ]}
          >
            {f.kind === 'textarea' ? (
              <Input.TextArea rows={4} maxLength={2000} showCount />
            ) : f.kind === 'number' ? (
              <InputNumber min={f.min} max={f.max} style={{ width: '100%' }} />
            ) : f.kind === 'select' ? (
              <Select options={f.options?.map((o) => ({ ...o }))} allowClear={!f.required} />
            ) : f.kind === 'unit' ? (
              <UnitPicker field={f} c={c} />
            ) : f.kind === 'date' ? (
              <DatePicker style={{ width: '100%' }} />
            ) : (
              <Input maxLength={64} />
            )}
          </Form.Item>
        ))}
      </Form>
      {refusal && <Alert type="error" title={refusal} role="alert" />}
    </Modal>
  );
}
