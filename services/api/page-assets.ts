import fs from 'node:fs';
import path from 'node:path';

/** A file the API serves as it is, at a URL path, without authentication. */
export interface PageAsset {
  urlPath: string;
  filePath: string;
}

// The triage page is plain browser JavaScript that tsc does not copy into dist/, so it is found
// from the package root, which is the same whether this module runs from source or from dist/.
function packageRoot(dir: string): string {
  return fs.existsSync(path.join(dir, 'package.json')) ? dir : packageRoot(path.dirname(dir));
}

const PAGE_DIR = path.join(packageRoot(__dirname), 'services', 'api', 'page');

/** The triage page (`/` is its index.html) and the chart library it imports. */
export const PAGE_ASSETS: PageAsset[] = [
  { urlPath: '/', filePath: path.join(PAGE_DIR, 'index.html') },
  ...fs.readdirSync(PAGE_DIR).map((name) => ({ urlPath: `/${name}`, filePath: path.join(PAGE_DIR, name) })),
  { urlPath: '/vendor/uPlot.esm.js', filePath: require.resolve('uplot/dist/uPlot.esm.js') },
  { urlPath: '/vendor/uPlot.min.css', filePath: require.resolve('uplot/dist/uPlot.min.css') },
];
