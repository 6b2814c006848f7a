import { AuthConfig, BaseAuth } from '@nocobase/auth';

export class WeComAuth extends BaseAuth {
  constructor(config: AuthConfig) {
    super({ ...config, userCollection: config.ctx.db.getCollection('users') });
  }
}
