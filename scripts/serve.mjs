// Serves a folder (dist/ by default) on localhost with the headers that make the page
// cross-origin isolated, which the threaded build needs for SharedArrayBuffer.
//
//   node scripts/serve.mjs [--dir DIR] [--port PORT] [--no-isolation]
//
// --no-isolation leaves the isolation headers out, as an ordinary static host would.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const options = { dir: resolve(here, '..', 'dist'), port: 8080, isolation: true };
const args = process.argv.slice(2);
for (let i = 0; i < args.length; ++i) {
  if (args[i] === '--dir' && args[i + 1]) options.dir = resolve(args[++i]);
  else if (args[i] === '--port' && /^\d+$/.test(args[i + 1] ?? '')) options.port = Number(args[++i]);
  else if (args[i] === '--no-isolation') options.isolation = false;
  else {
    console.error(`serve: unexpected argument '${args[i]}'`);
    process.exit(2);
  }
}

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
};

function headersFor(path) {
  const headers = {
    'Content-Type': types[extname(path)] ?? 'application/octet-stream',
    'Cache-Control': 'no-cache',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
  if (options.isolation) {
    headers['Cross-Origin-Opener-Policy'] = 'same-origin';
    headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
  }
  return headers;
}

const server = createServer((request, response) => {
  let path;
  try {
    path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
  } catch {
    response.writeHead(400).end('bad request');
    return;
  }
  if (path.endsWith('/')) path += 'index.html';
  const file = normalize(join(options.dir, path));
  if (file !== options.dir && !file.startsWith(options.dir + sep)) {
    response.writeHead(403).end('forbidden');
    return;
  }
  let size;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) throw new Error('not a file');
    size = stats.size;
  } catch {
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    return;
  }
  response.writeHead(200, { ...headersFor(file), 'Content-Length': size });
  if (request.method === 'HEAD') response.end();
  else createReadStream(file).pipe(response);
});

server.on('error', (error) => {
  console.error(`serve: ${error.code === 'EADDRINUSE' ? `port ${options.port} is in use` : error.message}`);
  process.exit(1);
});
server.listen(options.port, '127.0.0.1', () => {
  const { port } = server.address();
  console.log(`racelab is served at http://localhost:${port}/ (from ${options.dir})`);
});
