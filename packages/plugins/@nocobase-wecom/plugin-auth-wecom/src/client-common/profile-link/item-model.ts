import type { WeComHost } from '../host';
import type { Translate } from '../ui/useWeComT';
import { runProfileLinkAction } from './action';
import { readMyBinding, type MyBinding } from './api';
import { profileLinkTexts } from './texts';

/** What NocoBase's `UserCenterActionItemModel` offers a subclass, in both UIs. */
export interface UserCenterActionItem {
  section: 'profile' | 'preferences' | 'system' | 'danger';
  sort: number;
  label?: unknown;
  description?: unknown;
  ready: boolean;
  prepare(): Promise<void>;
  onClick(): Promise<void>;
}

type ItemClass = abstract new (...args: never[]) => UserCenterActionItem;

/**
 * The user center's "WeCom: not linked — Link" / "Linked as 张三 (zhangsan) — Unlink" entry. Both UIs of
 * NocoBase 2.2 build the avatar dropdown from the registered subclasses of `UserCenterItemModel` that have an
 * `itemId`, and call `prepare()` each time it opens; `Base` is their `UserCenterActionItemModel`. The host and
 * translation are the plugin's own, not read from the flow context.
 */
export function profileLinkItemModel(Base: ItemClass, host: WeComHost, translate: Translate) {
  abstract class WeComProfileLinkItemModel extends Base {
    static itemId = 'wecom-profile-link';
    binding?: MyBinding;

    async prepare() {
      this.section = 'profile';
      this.sort = 120;
      try {
        this.binding = await readMyBinding(host.api);
      } catch {
        this.binding = undefined;
      }
      this.ready = Boolean(this.binding);
      if (!this.binding) return;
      const { status, action } = profileLinkTexts(translate, this.binding);
      this.label = status;
      this.description = action;
    }

    async onClick() {
      if (this.binding) await runProfileLinkAction(host, translate, this.binding);
    }
  }
  return WeComProfileLinkItemModel;
}
