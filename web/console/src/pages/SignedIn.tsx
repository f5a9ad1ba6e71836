/** Where the OpenID Connect provider sends the browser back with the authorization code. */
import { Alert, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { saveSession } from '../auth/session';
import { consoleConfig } from '../config';

export default function SignedIn() {
  const navigate = useNavigate();
  const [error, setError] = useState<string>();
  useEffect(() => {
    (async () => {
      const config = await consoleConfig();
      if (config.auth.kind !== 'oidc') return navigate('/sign-in', { replace: true });
      const { completeOidcSignIn } = await import('../auth/oidc');
      saveSession(await completeOidcSignIn(config.auth));
      navigate('/', { replace: true });
    })().catch((e: unknown) => setError(`登录失败：${(e as Error).message}`));
  }, [navigate]);
  return <main style={{ padding: 48 }}>{error ? <Alert type="error" title={error} /> : <Spin />}</main>;
}
