import { message, Modal } from 'antd';
import { errorMessage, type WeComHost } from '../host';
import type { Translate } from '../ui/useWeComT';
import { linkUrl, unlinkWeCom, type MyBinding } from './api';
import { unlinkConfirmTexts } from './texts';

export type ProfileLinkHost = Pick<WeComHost, 'api' | 'targetOf' | 'locale'>;

/**
 * What the user center item does. Not linked: off to WeCom's page, which comes back to this page with the result
 * (result.ts). Linked: after a confirmation, removes the link. Resolves `true` when the binding changed here.
 */
export async function runProfileLinkAction(host: ProfileLinkHost, t: Translate, binding: MyBinding): Promise<boolean> {
  try {
    if (!binding.linked) {
      const here = host.targetOf(window.location.pathname, window.location.search);
      window.location.assign(await linkUrl(host.api, binding.authenticator, here, host.locale()));
      return false;
    }
    const confirmed = await new Promise<boolean>((resolve) => {
      Modal.confirm({ ...unlinkConfirmTexts(t, binding), okButtonProps: { danger: true }, onOk: () => resolve(true), onCancel: () => resolve(false) });
    });
    if (!confirmed) return false;
    await unlinkWeCom(host.api, binding.authenticator);
    void message.success(t('WeCom unlinked.'));
    return true;
  } catch (error) {
    void message.error(errorMessage(error));
    return false;
  }
}
