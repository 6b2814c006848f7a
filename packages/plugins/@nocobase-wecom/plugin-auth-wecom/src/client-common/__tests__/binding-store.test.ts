import { describe, expect, it } from 'vitest';
import type { MyBinding } from '../profile-link/api';
import { createBindingStore } from '../profile-link/binding-store';

const linked: MyBinding = { authenticator: 'wecom', title: 'WeCom', linked: true, memberId: 'zhangsan', memberName: '张三' };

describe('the binding store behind the classic avatar menu', () => {
  it('is unknown until read, then holds the binding, or null when there is no WeCom sign-in method', async () => {
    let answer: MyBinding | undefined = linked;
    const store = createBindingStore(async () => answer);
    expect(store.get()).toBeUndefined();
    await store.refresh();
    expect(store.get()).toEqual(linked);
    answer = undefined;
    await store.refresh();
    expect(store.get()).toBeNull();
  });

  it('reads once for overlapping refreshes and tells every listener when the answer is back', async () => {
    let reads = 0;
    let release: (value: MyBinding) => void = () => undefined;
    const store = createBindingStore(() => {
      reads++;
      return new Promise<MyBinding>((resolve) => (release = resolve));
    });
    const heard: string[] = [];
    const stop = store.subscribe(() => heard.push('a'));
    store.subscribe(() => heard.push('b'));
    const first = store.refresh();
    const second = store.refresh();
    release(linked);
    await Promise.all([first, second]);
    expect(reads).toBe(1);
    expect(heard).toEqual(['a', 'b']);
    stop();
    const third = store.refresh();
    release({ ...linked, linked: false });
    await third;
    expect(reads).toBe(2);
    expect(heard).toEqual(['a', 'b', 'b']);
    expect(store.get()).toMatchObject({ linked: false });
  });

  it('keeps what it knew when a read fails', async () => {
    let fail = false;
    const store = createBindingStore(async () => {
      if (fail) throw new Error('offline');
      return linked;
    });
    await store.refresh();
    fail = true;
    await store.refresh();
    expect(store.get()).toEqual(linked);
  });
});
