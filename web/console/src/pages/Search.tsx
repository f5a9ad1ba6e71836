/** 查询: a case by its tracking number, or a petitioner's cases by phone (audited look-up). */
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, describeError } from '../api/client';
import type { CaseSummary } from '../api/types';
import { CaseQueue } from '../components/CaseQueue';

export default function Search() {
  const navigate = useNavigate();
  const [phone, setPhone] = useState<string>();
  const found = useQuery({
    queryKey: ['search', 'phone', phone],
    queryFn: () => api<{ items: CaseSummary[] }>('/staff/search', { query: { phone } }),
    enabled: phone !== undefined,
    staleTime: 0,
  });
  return (
    <section aria-labelledby="search-title">
      <Typography.Title level={2} id="search-title" style={{ fontSize: 20 }}>
        查询
      </Typography.Title>
      <Flex gap={16} wrap>
        <Card title="按信访件编号" size="small" style={{ flex: '1 1 360px' }}>
          <Form
            layout="inline"
            name="by-number"
            onFinish={(v: { trackingNumber: string }) =>
              navigate(`/cases/${encodeURIComponent(v.trackingNumber.trim())}`)
            }
          >
            <Form.Item
              name="trackingNumber"
              label="信访件编号"
              rules={[{ required: true, whitespace: true, message: '请输入信访件编号' }]}
            >
              <Input.Search
                enterButton="打开"
                placeholder="如 XF20261202000001"
                allowClear
                onSearch={(v) => v.trim() && navigate(`/cases/${encodeURIComponent(v.trim())}`)}
              />
            </Form.Item>
          </Form>
        </Card>
        <Card title="按信访人电话" size="small" style={{ flex: '1 1 360px' }}>
          <Form layout="inline" name="by-phone" onFinish={(v: { phone: string }) => setPhone(v.phone.trim())}>
            <Form.Item
              name="phone"
              label="联系电话"
              rules={[
                { required: true, message: '请输入联系电话' },
                { pattern: /^1\d{10}$/, message: '请输入11位手机号码' },
              ]}
            >
              <Input.Search
                enterButton="查询"
                inputMode="numeric"
                maxLength={11}
                onSearch={(v) => /^1\d{10}$/.test(v) && setPhone(v)}
              />
            </Form.Item>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            按电话查询将记入审计日志。仅显示本单位职责范围内的信访件。
          </Typography.Paragraph>
        </Card>
      </Flex>
      {found.isError && <Alert type="error" title={describeError(found.error)} style={{ marginTop: 16 }} />}
      {phone !== undefined && found.data && (
        <div style={{ marginTop: 16 }}>
          <CaseQueue items={found.data.items} caption={`该电话的信访件：${found.data.items.length} 件`} />
        </div>
      )}
    </section>
  );
}
