/**
 * 转送/交办 of one or many cases from the triage queue: the receiving unit (a router candidate's
 * organ when opened from one), a due date for an assignment, a note. Loaded when first opened, so
 * the triage page's first load carries neither the form nor the date picker.
 */
import { DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, describeError } from '../api/client';
import type { DirectoryUnit } from '../api/types';

interface DispatchValues {
  mode: 'forward' | 'assign';
  toUnitId: string;
  dueDate?: Dayjs;
  reason?: string;
}

export interface DispatchResult {
  readonly id: string;
  readonly error?: string;
}

export interface DispatchDialogProps {
  readonly caseIds: readonly string[];
  /** The units the bureau may send to. */
  readonly targets: readonly DirectoryUnit[];
  /** The receiving unit the form starts with (a router candidate's organ). */
  readonly toUnitId?: string | undefined;
  /** Called with each case's outcome once sent, or with undefined when cancelled. */
  readonly onClose: (results?: DispatchResult[]) => void;
}

export default function DispatchDialog({ caseIds, targets, toUnitId, onClose }: DispatchDialogProps) {
  const [form] = Form.useForm<DispatchValues>();
  const mode = Form.useWatch('mode', form);
  const [busy, setBusy] = useState(false);

  async function dispatch(values: DispatchValues) {
    setBusy(true);
    const outcome: DispatchResult[] = [];
    for (const caseId of caseIds) {
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
    setBusy(false);
    onClose(outcome);
  }

  return (
    <Modal
      open
      title={`转送/交办 ${caseIds.length} 件`}
      okText="确认"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() =>
        void form
          .validateFields()
          .then(dispatch)
          .catch(() => undefined)
      }
      onCancel={() => onClose()}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ mode: 'forward', ...(toUnitId ? { toUnitId } : {}) }}
        name="dispatch"
      >
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
          <Form.Item name="dueDate" label="办结时限" rules={[{ required: true, message: '请选择办结时限' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        )}
        <Form.Item name="reason" label="说明（选填）">
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
