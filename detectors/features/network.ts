/**
 * The network an address belongs to: its /24 for IPv4 and its /64 for IPv6, the block a subscriber
 * line, a cloud subnet or a proxy pool is usually given. IPv4-mapped IPv6 counts as IPv4. Expects a
 * valid address (the event schema checks it).
 */
export function ipPrefix(ip: string): string {
  const colon = ip.lastIndexOf(':');
  if (colon < 0) return ip.slice(0, ip.lastIndexOf('.'));
  if (ip.includes('.', colon)) return ipPrefix(ip.slice(colon + 1));
  const [head, tail] = ip.toLowerCase().split('::');
  const groups = head ? head.split(':') : [];
  if (tail !== undefined) {
    const rest = tail ? tail.split(':') : [];
    while (groups.length + rest.length < 8) groups.push('0');
    groups.push(...rest);
  }
  // Leading zeros are optional in IPv6 text; parsing each group gives one spelling per prefix.
  return groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':') + '::/64';
}
