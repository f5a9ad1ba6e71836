/**
 * 查询: a case by its tracking number, a petitioner's cases by phone (audited look-up), or by
 * words. The results' table loads with the first results, not with the page.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Flex, Form, Input, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, describeError } from '../api/client';
import type { CaseSummary } from '../api/types';
import { PageSpinner } from '../components/PageSpinner';

const CaseQueue = lazy(() => import('../components/CaseQueue').then((m) => ({ default: m.CaseQueue })));

export default function Search() {
  const navigate = useNavigate();
  const [phone, setPhone] = useState<string>();
  const [words, setWords] = useState<string>();
  const byWords = useQuery({
    queryKey: ['search', 'words', words],
    queryFn: () => api<{ items: CaseSummary[]; complete: boolean }>('/staff/search', { query: { q: words } }),
    enabled: words !== undefined,
  });
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
          <Form
            layout="inline"
            name="by-phone"
            onFinish={(v: { phone: string }) => {
              setWords(undefined);
              setPhone(v.phone.trim());
            }}
          >
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
                onSearch={(v) => {
                  if (!/^1\d{10}$/.test(v)) return;
                  setWords(undefined);
                  setPhone(v);
                }}
              />
            </Form.Item>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            按电话查询将记入审计日志。仅显示本单位职责范围内的信访件。
          </Typography.Paragraph>
        </Card>
        <Card title="按关键词" size="small" style={{ flex: '1 1 360px' }}>
          <Form
            layout="inline"
            name="by-words"
            onFinish={(v: { words: string }) => {
              setPhone(undefined);
              setWords(v.words.trim());
            }}
          >
            <Form.Item
              name="words"
              label="标题或内容"
              rules={[{ required: true, whitespace: true, message: '请输入关键词' }]}
            >
              <Input.Search
                enterButton="搜索"
                placeholder="多个词用空格分开"
                maxLength={100}
                onSearch={(v) => {
                  if (!v.trim()) return;
                  setPhone(undefined);
                  setWords(v.trim());
                }}
              />
            </Form.Item>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            在本单位（信访局为本行政区域各单位）的信访件中查找标题或内容含全部关键词的。
          </Typography.Paragraph>
        </Card>
      </Flex>
      {byWords.isError && (
        <Alert type="error" title={describeError(byWords.error)} style={{ marginTop: 16 }} />
      )}
      {words !== undefined && byWords.data && (
        <Suspense fallback={<PageSpinner />}>
          <div style={{ marginTop: 16 }}>
            <CaseQueue
              items={byWords.data.items}
              caption={`含“${words}”的信访件：${byWords.data.items.length} 件${byWords.data.complete ? '' : '（仅检索了最近的部分信访件，请缩小范围）'}`}
            />
          </div>
        </Suspense>
      )}
      {found.isError && <Alert type="error" title={describeError(found.error)} style={{ marginTop: 16 }} />}
      {phone !== undefined && found.data && (
        <Suspense fallback={<PageSpinner />}>
          <div style={{ marginTop: 16 }}>
            <CaseQueue items={found.data.items} caption={`该电话的信访件：${found.data.items.length} 件`} />
          </div>
        </Suspense>
      )}
    </section>
  );
}
