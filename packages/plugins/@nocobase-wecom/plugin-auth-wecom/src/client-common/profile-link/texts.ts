import type { Translate } from '../ui/useWeComT';
import type { MyBinding } from './api';

/** "WeCom: not linked" / "Linked as 张三 (zhangsan)", and the action the item offers. */
export function profileLinkTexts(t: Translate, binding: MyBinding): { status: string; action: string } {
  if (!binding.linked) return { status: t('WeCom: not linked'), action: t('Link') };
  return {
    status: t('Linked as {{name}} ({{userid}})', { name: binding.memberName || binding.memberId, userid: binding.memberId }),
    action: t('Unlink'),
  };
}

/** The confirmation before unlinking. */
export function unlinkConfirmTexts(t: Translate, binding: MyBinding) {
  return {
    title: t('Unlink WeCom?'),
    content: t('You will no longer sign in with WeCom as {{name}} until you link it again.', {
      name: binding.memberName || binding.memberId || '',
    }),
    okText: t('Unlink'),
    cancelText: t('Cancel'),
  };
}
