import type { Seed } from '../src';

export const BENCH_CORP = 'wwbench000000001';
export const BENCH_AGENT = 1000002;
export const BENCH_SECRET = 'bench-secret';

export const BENCH_SEED: Seed = {
  corps: [
    {
      corpId: BENCH_CORP,
      apps: [{ agentId: BENCH_AGENT, secret: BENCH_SECRET, name: 'Bench', trustedDomains: ['127.0.0.1:13000'], webLoginDomains: ['127.0.0.1:13000'] }],
      members: [{ userid: 'zhangsan', name: '张三', mobile: '13800000001', status: 1 }],
    },
  ],
};
