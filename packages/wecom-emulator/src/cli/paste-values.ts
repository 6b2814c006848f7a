interface SeedShape {
  corps?: Array<{
    corpId?: unknown;
    apps?: Array<{ agentId?: unknown; secret?: unknown; name?: unknown }>;
    members?: Array<{ userid?: unknown; name?: unknown }>;
  }>;
}

const MEMBERS_SHOWN = 6;

/**
 * What to type into a NocoBase WeCom authenticator to use this emulator: each app's ids, the base URLs of its
 * Advanced section, and members to sign in as. The Secret is printed only for the demo seed, whose secret is
 * public; for an own seed the admin is pointed at the file.
 */
export function pasteValues(seed: unknown, url: string, options: { seedLabel: string; showSecrets: boolean; origins: string[] }): string[] {
  const corps = (seed as SeedShape | undefined)?.corps ?? [];
  const lines: string[] = ['', 'For a WeCom authenticator in NocoBase (Settings → Authentication → Add → WeCom):'];
  for (const corp of corps) {
    for (const app of corp.apps ?? []) {
      lines.push(`  app ${String(app.name ?? app.agentId)}:`);
      lines.push(`    Company ID   ${String(corp.corpId)}`);
      lines.push(`    AgentId      ${String(app.agentId)}`);
      lines.push(`    Secret       ${options.showSecrets ? String(app.secret) : `the app's "secret" in ${options.seedLabel}`}`);
    }
    const members = (corp.members ?? []).map((member) => (member.name ? `${String(member.userid)} (${String(member.name)})` : String(member.userid)));
    if (members.length > 0) {
      const more = members.length > MEMBERS_SHOWN ? `, … (${members.length} in all)` : '';
      lines.push(`    sign in as   ${members.slice(0, MEMBERS_SHOWN).join(', ')}${more}`);
    }
  }
  lines.push(`  Origin       ${options.origins.length > 0 ? options.origins.join(' or ') : "your NocoBase's address, which --trust host:port must name"}`);
  lines.push(`  Advanced → API base URL, OAuth base URL and web-login base URL: ${url}`);
  return lines;
}
