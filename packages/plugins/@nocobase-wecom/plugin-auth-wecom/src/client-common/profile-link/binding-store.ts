import type { MyBinding } from './api';

/** `undefined`: not read yet; `null`: the app has no enabled WeCom sign-in method. */
export type KnownBinding = MyBinding | null | undefined;

export interface BindingStore {
  get(): KnownBinding;
  subscribe(listener: () => void): () => void;
  /** Reads the binding again (one read at a time); listeners hear when it is back. */
  refresh(): Promise<void>;
}

/** The signed-in user's WeCom binding, shared by the parts of a menu that show it and act on it. */
export function createBindingStore(read: () => Promise<MyBinding | undefined>): BindingStore {
  let value: KnownBinding;
  let pending: Promise<void> | undefined;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh() {
      pending ??= read()
        .then(
          (binding) => {
            value = binding ?? null;
          },
          () => undefined,
        )
        .finally(() => {
          pending = undefined;
          for (const listener of listeners) listener();
        });
      return pending;
    },
  };
}
