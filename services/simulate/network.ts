import type { Rng } from './rng';

/**
 * Where requests come from. Only documentation and private ranges are used: 192.0.2.0/24 and
 * 198.51.100.0/24 stand for home lines, 203.0.113.0/24 for datacenters, 10/8 and 172.16/12 for
 * offices and cloud VPCs, 2001:db8::/32 for mobile carriers.
 */
export type Network = 'home' | 'office' | 'vpc' | 'datacenter' | 'mobile';

export function ipAddress(rng: Rng, network: Network): string {
  const o = () => rng.int(1, 254);
  switch (network) {
    case 'home':
      return `${rng.pick(['192.0.2', '198.51.100'])}.${o()}`;
    case 'office':
      return `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${o()}`;
    case 'vpc':
      return `172.${rng.int(16, 31)}.${rng.int(0, 255)}.${o()}`;
    case 'datacenter':
      return `203.0.113.${o()}`;
    case 'mobile':
      return `2001:db8:${rng.hex(4)}:${rng.hex(4)}::${rng.hex(3)}`;
  }
}

/** A programmatic client as its user-agent header shows it. */
export function sdkAgent(rng: Rng, kind: 'python' | 'node' | 'http'): string {
  switch (kind) {
    case 'python':
      return rng.weighted([
        [`openai-python/1.${rng.int(30, 58)}.${rng.int(0, 4)}`, 8],
        [`httpx/0.${rng.int(25, 28)}.${rng.int(0, 2)}`, 1],
        [`aiohttp/3.${rng.int(8, 11)}.${rng.int(0, 9)}`, 1],
        [`python-requests/2.${rng.int(28, 32)}.${rng.int(0, 3)}`, 1],
      ]);
    case 'node':
      return rng.weighted([
        [`openai-node/4.${rng.int(50, 77)}.${rng.int(0, 3)}`, 6],
        [`node-fetch/1.0 (+https://github.com/bitinn/node-fetch)`, 1],
        [`axios/1.${rng.int(5, 7)}.${rng.int(0, 9)}`, 1],
      ]);
    case 'http':
      return rng.weighted([
        [`curl/8.${rng.int(4, 11)}.${rng.int(0, 1)}`, 2],
        ['Go-http-client/2.0', 2],
        [`okhttp/4.${rng.int(9, 12)}.${rng.int(0, 3)}`, 1],
        [`langchain-openai/0.${rng.int(1, 3)}.${rng.int(0, 30)}`, 2],
      ]);
  }
}

/** A browser or mobile web view, as a playground or a client-side app sends it. */
export function browserAgent(rng: Rng): string {
  const chrome = `${rng.int(124, 131)}.0.${rng.int(6000, 6800)}.${rng.int(50, 200)}`;
  return rng.weighted([
    [`Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chrome} Safari/537.36`, 5],
    [`Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chrome} Safari/537.36`, 3],
    [`Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.${rng.int(0, 6)} Safari/605.1.15`, 2],
    [`Mozilla/5.0 (X11; Linux x86_64; rv:${rng.int(125, 132)}.0) Gecko/20100101 Firefox/${rng.int(125, 132)}.0`, 1],
    [`Mozilla/5.0 (iPhone; CPU iPhone OS 17_${rng.int(0, 6)} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.${rng.int(0, 6)} Mobile/15E148 Safari/604.1`, 3],
    [`Mozilla/5.0 (Linux; Android 14; Pixel ${rng.int(6, 9)}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chrome} Mobile Safari/537.36`, 2],
  ]);
}
