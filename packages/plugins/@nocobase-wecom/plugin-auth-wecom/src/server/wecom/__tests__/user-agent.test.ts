import { describe, expect, it } from 'vitest';
import { detectClient } from '../user-agent';

// The samples of docs/wecom-protocol.md A8.
const samples = {
  iosWeCom:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)  Mobile/15E148 wxwork/4.1.30 MicroMessenger/7.0.1 Language/zh ColorScheme/Light wwmver/3.26.13.714',
  androidWeCom:
    'Mozilla/5.0 (Linux; Android 15; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.86 Mobile Safari/537.36 wxwork/4.1.36 MicroMessenger/7.0.1 NetType/4G Language/zh Lang/zh ColorScheme/Dark wwmver/3.26.36.632',
  windowsWeCom:
    'Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/107.0.5304.110 Safari/537.36 Language/zh wxwork/4.1.10 (MicroMessenger/6.2) WindowsWechat MailPlugin_Electron WeMail embeddisk',
  macWeCom:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_6) AppleWebKit/605.1.15 (KHTML, like Gecko) wxwork/3.0.8 (MicroMessenger/6.2) WeChat/2.0.4',
  newerMacWeCom:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) wxwork/5.0.8 MicroMessenger/7.0.0(0x17000000) MacWechat/5.0.8(0x15000800) MiniProgramEnv/Mac',
  personalWeChatIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003137) NetType/WIFI Language/zh_CN',
  desktopChrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  mobileSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
};

describe('detectClient', () => {
  it.each(['iosWeCom', 'androidWeCom', 'windowsWeCom', 'macWeCom', 'newerMacWeCom'] as const)(
    '%s is WeCom (it also says MicroMessenger, so wxwork/ is tested first)',
    (name) => {
      expect(samples[name]).toMatch(/MicroMessenger/);
      expect(detectClient(samples[name])).toBe('wecom');
    },
  );

  it('personal WeChat is not WeCom: its corp OAuth yields a non-member openid', () => {
    expect(detectClient(samples.personalWeChatIos)).toBe('wechat');
  });

  it('ordinary browsers, and a missing header, are browsers', () => {
    expect(detectClient(samples.desktopChrome)).toBe('browser');
    expect(detectClient(samples.mobileSafari)).toBe('browser');
    expect(detectClient(undefined)).toBe('browser');
    expect(detectClient('')).toBe('browser');
  });

  it('is case-insensitive on the wxwork marker, like the official SDK', () => {
    expect(detectClient('Mozilla/5.0 WXWork/4.0.0 MicroMessenger/7.0.1')).toBe('wecom');
  });
});
