/**
 * Modules of other plugins, loaded when the page runs rather than imported. A static import of another
 * plugin's client becomes a dependency of this plugin's AMD module, and when that plugin is disabled the
 * whole module, sign-in included, fails to load. NocoBase defines each enabled plugin's client as an AMD
 * module (`<package>/client`, `<package>/client-v2`) before any plugin's `load()`: they are asked for here.
 */

interface RequireJs {
  (deps: string[], ok: (...modules: unknown[]) => void, fail: (error: unknown) => void): void;
}

export interface AppWithRequireJs {
  requirejs?: { requirejs?: RequireJs };
  pm: { get(name: never): unknown };
}

/** The plugin `name` (e.g. `notification-manager`) is enabled in this app. */
export function pluginEnabled(app: AppWithRequireJs, name: string): boolean {
  return Boolean(app.pm.get(name as never) ?? app.pm.get(`@nocobase/plugin-${name}` as never));
}

/** The module `id`, or undefined when the page does not have it (the plugin is disabled, or an older NocoBase). */
export function hostModule<T>(app: AppWithRequireJs, id: string): Promise<T | undefined> {
  const requirejs = app.requirejs?.requirejs;
  if (typeof requirejs !== 'function') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    try {
      requirejs([id], (module) => resolve(module as T), () => resolve(undefined));
    } catch {
      resolve(undefined);
    }
  });
}
