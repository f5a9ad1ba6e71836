/**
 * 登录. Locally: pick a unit (单位) and a role (角色), and the runtime signs a token. On AWS: the
 * province's OpenID Connect provider.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Select, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { saveSession } from '../auth/session';
import { consoleConfig } from '../config';

interface SignInOptions {
  readonly province: { id: string; name: string };
  readonly units: readonly { id: string; name: string; kind: string }[];
  readonly roles: readonly { id: string; name: string }[];
}

interface TokenAnswer {
  readonly token: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly role: string;
  readonly name: string;
}

async function localJson<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await response.json()) as T & { message?: string };
  if (!response.ok) throw new Error(answer.message ?? `HTTP ${response.status}`);
  return answer;
}

export default function SignIn() {
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const config = useQuery({ queryKey: ['config'], queryFn: consoleConfig, staleTime: Infinity });
  const local = config.data?.auth.kind === 'local';
  const options = useQuery({
    queryKey: ['sign-in-options'],
    queryFn: () => localJson<SignInOptions>('/_local/sign-in-options'),
    enabled: local,
    staleTime: Infinity,
  });

  async function signIn(values: { unitId: string; role: string }) {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await localJson<TokenAnswer>('/_local/tokens', values);
      saveSession(answer);
      navigate(from, { replace: true });
    } catch (e) {
      setError(`登录失败：${(e as Error).message}`);
    } finally {
      setBusy(false);
    }
  }

  async function signInWithProvider() {
    const auth = config.data?.auth;
    if (auth?.kind !== 'oidc') return;
    const { startOidcSignIn } = await import('../auth/oidc');
    await startOidcSignIn(auth);
  }

  return (
    <main
      className="sign-in"
      style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5' }}
    >
      <Card style={{ width: 440 }}>
        <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
          信访工作台
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {options.data ? `${options.data.province.name} · ` : ''}初次信访事项首办责任平台
        </Typography.Paragraph>
        {config.isPending && <Spin />}
        {config.isError && <Alert type="error" title="无法读取配置文件 config.json" />}
        {config.data?.auth.kind === 'oidc' && (
          <Button type="primary" block onClick={signInWithProvider}>
            统一身份认证登录
          </Button>
        )}
        {local && (
          <Form layout="vertical" onFinish={signIn} requiredMark={false}>
            <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={options.isPending}
                placeholder="输入单位名称或编号"
                options={options.data?.units.map((u) => ({ value: u.id, label: `${u.name}（${u.id}）` }))}
              />
            </Form.Item>
            <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                placeholder="选择岗位"
                options={options.data?.roles.map((r) => ({ value: r.id, label: `${r.name}（${r.id}）` }))}
              />
            </Form.Item>
            {error && <Alert type="error" title={error} style={{ marginBottom: 16 }} />}
            <Button type="primary" htmlType="submit" block loading={busy}>
              登录
            </Button>
            <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
              本机运行环境的演示登录：令牌由本机签发，仅供开发与培训使用。
            </Typography.Paragraph>
          </Form>
        )}
      </Card>
    </main>
  );
}
