import type { SmsGateway } from '../../../domain/ports.js';
import { type Env, required } from '../../runtime/environment.js';
import { aliyunSmsGateway } from './aliyun-sms-gateway.js';
import { snsSmsGateway } from './sns-sms-gateway.js';

/** The gateway of the province's SMS provider (SMS_PROVIDER): Amazon SNS or Alibaba Cloud SMS. */
export function smsGateway(env: Env): SmsGateway {
  return required(env, 'SMS_PROVIDER') === 'aliyun' ? aliyunSmsGateway(env) : snsSmsGateway(env);
}
