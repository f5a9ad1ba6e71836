/** 登记: a letter, visit, call, fax or e-mail registered by the bureau's registrar. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Form, Input, Result, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, describeError } from '../api/client';
import { useDirectoryIndex } from '../api/queries';
import type { CaseSummary } from '../api/types';
import { useSession } from '../components/RequireSession';
import { channelLabels } from '../labels';

interface RegisterValues {
  channel: string;
  receivedAt: Dayjs;
  reference: string;
  name: string;
  phone: string;
  idNumber?: string;
  address?: string;
  regionCode: string;
  title: string;
  content: string;
  category?: string;
}

interface Receipt {
  readonly trackingNumber: string;
  readonly queryCode: string;
}

const staffChannels = ['visit', 'letter', 'phone', 'fax', 'email'] as const;

export default function Register() {
  const session = useSession()!;
  const { directory, units, stageName } = useDirectoryIndex();
  const [form] = Form.useForm<RegisterValues>();
  const [receipt, setReceipt] = useState<Receipt>();
  const own = units.get(session.unitId);
  // Repeat hints while typing: the petitioner's earlier cases by phone (an audited look-up, once per number).
  const phone = Form.useWatch('phone', form);
  const earlier = useQuery({
    queryKey: ['search', 'phone', phone],
    queryFn: () => api<{ items: CaseSummary[] }>('/staff/search', { query: { phone } }),
    enabled: typeof phone === 'string' && /^1\d{10}$/.test(phone),
    staleTime: 5 * 60_000,
  });
  // Duplicate hints while typing: cases with a similar title (once the typing pauses).
  const title = Form.useWatch('title', form);
  const [settledTitle, setSettledTitle] = useState<string>();
  useEffect(() => {
    const timer = setTimeout(
      () => setSettledTitle(typeof title === 'string' ? title.trim() : undefined),
      600,
    );
    return () => clearTimeout(timer);
  }, [title]);
  const similar = useQuery({
    queryKey: ['search', 'similar', settledTitle],
    queryFn: () =>
      api<{ items: (CaseSummary & { similarity: number })[] }>('/staff/search', {
        query: { similar: settledTitle },
      }),
    enabled: settledTitle !== undefined && settledTitle.length >= 4,
    staleTime: 60_000,
  });
  const regions = (directory?.regions ?? []).filter(
    (r) => !own || r.code.startsWith(own.regionCode.replace(/0+$/, '')),
  );
  const mutation = useMutation({
    mutationFn: (v: RegisterValues) =>
      api<Receipt>('/staff/cases', {
        method: 'POST',
        body: {
          channel: v.channel,
          receivedAt: v.receivedAt.toISOString(),
          reference: v.reference.trim(),
          petitioner: {
            name: v.name.trim(),
            phone: v.phone.trim(),
            ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim() } : {}),
            ...(v.address?.trim() ? { address: v.address.trim() } : {}),
          },
          regionCode: v.regionCode,
          title: v.title.trim(),
          content: v.content.trim(),
          ...(v.category ? { category: v.category } : {}),
        },
      }),
    onSuccess: setReceipt,
  });

  if (receipt)
    return (
      <Result
        status="success"
        title={`已登记：${receipt.trackingNumber}`}
        subTitle={`查询码 ${receipt.queryCode}，请告知信访人凭编号和查询码查询办理进度。`}
        extra={[
          <Link key="case" to={`/cases/${receipt.trackingNumber}`}>
            查看信访件
          </Link>,
          <Button
            key="again"
            onClick={() => {
              setReceipt(undefined);
              form.resetFields();
            }}
          >
            继续登记
          </Button>,
        ]}
      />
    );

  return (
    <section aria-labelledby="register-title" style={{ maxWidth: 880 }}>
      <Typography.Title level={2} id="register-title" style={{ fontSize: 20 }}>
        登记信访事项
      </Typography.Title>
      <Card>
        <Form<RegisterValues>
          form={form}
          layout="vertical"
          name="register"
          initialValues={{ channel: 'visit', receivedAt: dayjs() }}
          onFinish={(v) => mutation.mutate(v)}
        >
          <Form.Item name="channel" label="来源渠道" rules={[{ required: true, message: '请选择来源渠道' }]}>
            <Select options={staffChannels.map((c) => ({ value: c, label: channelLabels[c] }))} />
          </Form.Item>
          <Form.Item
            name="receivedAt"
            label="收件时间"
            rules={[{ required: true, message: '请填写收件时间' }]}
          >
            <DatePicker showTime style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="reference"
            label="来件编号"
            extra="信封、来访登记表或来电记录上的编号；同一编号重复提交不会重复登记。"
            rules={[{ required: true, whitespace: true, message: '请填写来件编号' }]}
          >
            <Input maxLength={128} />
          </Form.Item>
          <Form.Item
            name="name"
            label="信访人姓名"
            rules={[{ required: true, whitespace: true, message: '请填写信访人姓名' }]}
          >
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item
            name="phone"
            label="联系电话"
            rules={[
              { required: true, message: '请填写联系电话' },
              { pattern: /^1\d{10}$/, message: '请填写11位手机号码' },
            ]}
          >
            <Input maxLength={11} inputMode="numeric" />
          </Form.Item>
          {earlier.data && earlier.data.items.length > 0 && (
            <Alert
              type="warning"
              style={{ marginBottom: 16 }}
              title={`该电话已有 ${earlier.data.items.length} 件信访记录，请核对是否为重复信访（同一事项将并单办理）`}
              description={
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {earlier.data.items.slice(0, 5).map((c) => (
                    <li key={c.caseId}>
                      <Link to={`/cases/${c.trackingNumber}`} target="_blank">
                        {c.trackingNumber}
                      </Link>{' '}
                      {c.title}（{stageName(c.stage)}）
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          <Form.Item
            name="idNumber"
            label="身份证号（选填）"
            rules={[{ pattern: /^\d{17}[\dXx]$/, message: '身份证号应为18位' }]}
          >
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item name="address" label="住址（选填）">
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label="问题属地"
            rules={[{ required: true, message: '请选择问题属地' }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={regions.map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }))}
            />
          </Form.Item>
          <Form.Item name="category" label="类别（选填，留空由系统分流）">
            <Select allowClear options={directory?.categories.map((c) => ({ value: c.id, label: c.name }))} />
          </Form.Item>
          <Form.Item
            name="title"
            label="标题"
            rules={[{ required: true, whitespace: true, message: '请填写标题' }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          {similar.data && similar.data.items.length > 0 && (
            <Alert
              type="info"
              style={{ marginBottom: 16 }}
              title={`可能重复：已有 ${similar.data.items.length} 件标题相近的信访件，请核对`}
              description={
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {similar.data.items.map((c) => (
                    <li key={c.caseId}>
                      <Link to={`/cases/${c.trackingNumber}`} target="_blank">
                        {c.trackingNumber}
                      </Link>{' '}
                      {c.title}（{stageName(c.stage)}，相似度 {Math.round(c.similarity * 100)}%）
                    </li>
                  ))}
                </ul>
              }
            />
          )}
          <Form.Item
            name="content"
            label="诉求内容"
            rules={[{ required: true, whitespace: true, message: '请填写诉求内容' }]}
          >
            <Input.TextArea rows={6} maxLength={20000} showCount />
          </Form.Item>
          {mutation.isError && (
            <Alert type="error" title={describeError(mutation.error)} style={{ marginBottom: 16 }} />
          )}
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>
            登记
          </Button>
        </Form>
      </Card>
    </section>
  );
}
