import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

// Where a webhook may point (server-side request forgery): not at loopback, link-local, private, or other
// non-public addresses, unless its host is listed in WEBHOOK_ALLOW_HOSTS. Checked when the URL is saved and again on
// every connection (the addresses a name resolves to at delivery time), so a name cannot be re-pointed inside.

export const MIN_SECRET_BYTES = 24;

/** The host names and addresses of WEBHOOK_ALLOW_HOSTS, as `hostOf` spells them. */
export function allowList(hosts: readonly string[]): Set<string> {
  return new Set(
    hosts
      .map((h) =>
        h
          .trim()
          .toLowerCase()
          .replace(/^\[|\]$/g, ''),
      )
      .filter(Boolean),
  );
}

/** Why an address may not be called (null when it is a public unicast address). */
export function forbiddenAddress(address: string): string | null {
  if (!ipaddr.isValid(address)) return `不是有效的地址 / not an address: ${address}`;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  return range === 'unicast' ? null : `${address} 属于 ${range} 地址段 / ${address} is a ${range} address`;
}

/** The host of a URL as WEBHOOK_ALLOW_HOSTS spells it (lower case, IPv6 without brackets). */
export const hostOf = (url: URL): string => url.hostname.toLowerCase().replace(/^\[|\]$/g, '');

/**
 * Checks a webhook URL: http or https, no credentials, and every address its host resolves to public (unless the
 * host is allowed). Returns the reason it is refused, or null. With `resolve: false` a host name is not looked up
 * here (a delivery's connection checks what it resolves to, through `guardedLookup`); an address still is.
 */
export async function refuseUrl(
  raw: string,
  allowed: ReadonlySet<string>,
  { resolve = true }: { resolve?: boolean } = {},
): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '不是有效的 URL / not a valid URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return '只支持 http 与 https / only http and https';
  if (url.username || url.password) return 'URL 不能包含用户名或密码 / the URL may not carry credentials';
  const host = hostOf(url);
  if (allowed.has(host)) return null;
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else if (!resolve) return null;
  else {
    try {
      addresses = (
        await new Promise<LookupAddress[]>((resolve, reject) =>
          dnsLookup(host, { all: true }, (err, list) => (err ? reject(err) : resolve(list))),
        )
      ).map((a) => a.address);
    } catch {
      return `无法解析主机名 / cannot resolve ${host}`;
    }
  }
  for (const a of addresses) {
    const why = forbiddenAddress(a);
    if (why) return `不允许指向内部地址 / internal addresses are refused: ${why}`;
  }
  return null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for outgoing connections that refuses non-public addresses (unless the host is allowed): what a
 * delivery actually connects to is checked, not what the name resolved to when the URL was saved.
 */
export function guardedLookup(allowed: ReadonlySet<string>) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, list) => {
      if (err) return callback(err, options.all ? [] : '', 4);
      const host = hostname.toLowerCase();
      if (!allowed.has(host)) {
        for (const a of list) {
          const why = forbiddenAddress(a.address);
          if (why) {
            const e: NodeJS.ErrnoException = new Error(`webhook refused: ${why}`);
            e.code = 'EWEBHOOKFORBIDDEN';
            return callback(e, options.all ? [] : '', 4);
          }
        }
      }
      if (options.all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}
