/**
 * The WeCom sync source in both client lanes: the receiver URL the form shows, and registering the source
 * type with plugin-user-data-sync's client through the plugin manager, by name: when that plugin is off,
 * nothing is registered and nothing of it is imported.
 */
import { receiverPath } from '../common/settings/sync-source';

/** What WeCom is to post change events to, for the source `name` of the page's app. */
export function receiverUrl(origin: string, apiBasePath: string | undefined, name: unknown): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return undefined;
  return new URL(receiverPath(apiBasePath ?? '/api/', name.trim()), origin).toString();
}

interface SourceTypeRegistry {
  registerType(type: string, options: { components: Record<string, unknown> }): void;
}

/** plugin-user-data-sync's client plugin (v1 or v2), when it is enabled. */
export function userDataSyncClient(pm: { get(name: never): unknown }): SourceTypeRegistry | undefined {
  for (const name of ['user-data-sync', '@nocobase/plugin-user-data-sync']) {
    const plugin = pm.get(name as never) as Partial<SourceTypeRegistry> | undefined;
    if (plugin && typeof plugin.registerType === 'function') return plugin as SourceTypeRegistry;
  }
  return undefined;
}
