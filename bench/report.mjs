// Gathers what scripts/bench.sh measured into one table, printed, and one JSON file to compare
// commits with: node bench/report.mjs DIR [--out FILE] [--compare OLD.json]
//
// DIR holds the raw figures: Google Benchmark's JSON for the native side (engine_native.json,
// primitives_native.json, race_native.json) and one JSON line per workload from the rest
// (engine_wasm.jsonl, race_wasm.jsonl, go.jsonl, startup.jsonl). Every figure is a median of
// several runs, shown with its smallest and largest; each row carries its ratio.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const usage = 'usage: node bench/report.mjs DIR [--out FILE] [--compare OLD.json]';
const args = process.argv.slice(2);
const dir = args[0];
let out = null;
let compare = null;
for (let i = 1; i < args.length; i += 2) {
  if (args[i] === '--out' && args[i + 1]) out = args[i + 1];
  else if (args[i] === '--compare' && args[i + 1]) compare = args[i + 1];
  else {
    console.error(`report: unexpected argument '${args[i]}'; ${usage}`);
    process.exit(2);
  }
}
if (!dir || !existsSync(dir)) {
  console.error(`report: no directory of figures given; ${usage}`);
  process.exit(2);
}

// --- reading --------------------------------------------------------------------------------

// Google Benchmark's aggregates, by run name without its options: {name: {counter: spread}}.
function readGoogleBenchmark(file) {
  const path = join(dir, file);
  if (!existsSync(path)) return {};
  const rows = {};
  // Google Benchmark writes NaN for a statistic it cannot compute (a constant's spread).
  const text = readFileSync(path, 'utf8').replace(/\bNaN\b/g, 'null');
  for (const entry of JSON.parse(text).benchmarks) {
    if (entry.run_type !== 'aggregate') continue;
    const which = entry.aggregate_name;
    if (!['median', 'min', 'max'].includes(which)) continue;
    const name = entry.run_name.replace(/\/(min_time|repeats|real_time).*$/, '');
    rows[name] ??= {};
    for (const [key, value] of Object.entries(entry)) {
      if (!key.endsWith('_per_s')) continue;
      rows[name][key] ??= {};
      rows[name][key][which] = value;
    }
  }
  return rows;
}

// One JSON object a line, by name.
function readLines(file) {
  const path = join(dir, file);
  if (!existsSync(path)) return {};
  const rows = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    const row = JSON.parse(line);
    rows[row.name] = row;
  }
  return rows;
}

// --- formatting -----------------------------------------------------------------------------

function si(value) {
  if (value === undefined || value === null || !Number.isFinite(value)) return '-';
  const units = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, unit] of units) {
    if (Math.abs(value) >= size) return `${(value / size).toPrecision(3)}${unit}`;
  }
  return value.toPrecision(3);
}
const figure = (spread, format = si) => (spread
  ? `${format(spread.median)} (${format(spread.min)}-${format(spread.max)})` : '-');
const ratio = (a, b) => (a && b ? a.median / b.median : null);
// Two decimals, or two significant digits for the small ratios (racelab against plain locks).
const showRatio = (value) => {
  if (value === null) return '-';
  if (value < 0.1) return value.toPrecision(2);
  return value.toFixed(value < 10 ? 2 : 1);
};

function table(title, headings, lines) {
  const widths = headings.map((heading, column) =>
    Math.max(heading.length, ...lines.map((line) => String(line[column]).length)));
  const format = (cells) => cells.map((cell, column) =>
    (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column])))
    .join('  ');
  console.log(`\n${title}`);
  console.log(format(headings));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
}

// --- the table ------------------------------------------------------------------------------

const engineNative = readGoogleBenchmark('engine_native.json');
const engineWasm = readLines('engine_wasm.jsonl');
const primitives = readGoogleBenchmark('primitives_native.json');
const go = readLines('go.jsonl');
const raceNative = readGoogleBenchmark('race_native.json');
const raceWasm = readLines('race_wasm.jsonl');
const startup = readLines('startup.jsonl');

const previous = compare ? JSON.parse(readFileSync(compare, 'utf8')) : null;
const previousRows = new Map((previous?.rows ?? []).map((row) => [row.name, row]));
const versus = (name, key, now) => {
  const before = previousRows.get(name)?.[key];
  return before && now ? showRatio(now.median / before.median) : '-';
};

const rows = [];

// Engines, natively and as WebAssembly under Node.js.
const engineLines = [];
for (const [name, native] of Object.entries(engineNative)) {
  const wasm = engineWasm[name];
  const row = { section: 'engines', name, native_ops_per_s: native.ops_per_s,
    wasm_ops_per_s: wasm?.ops_per_s ?? null,
    wasm_over_native: ratio(wasm?.ops_per_s, native.ops_per_s) };
  if (native.steps_per_s) {
    row.native_steps_per_s = native.steps_per_s;
    row.wasm_steps_per_s = wasm?.steps_per_s ?? null;
  }
  rows.push(row);
  const line = [name, figure(native.ops_per_s), figure(wasm?.ops_per_s),
    showRatio(row.wasm_over_native),
    native.steps_per_s ? figure(native.steps_per_s) : ''];
  if (previous) line.push(versus(name, 'native_ops_per_s', native.ops_per_s));
  engineLines.push(line);
}
table('Engines: operations per second (median, smallest-largest of 5), native and WebAssembly',
  ['workload', 'native ops/s', 'wasm ops/s', 'wasm/native', 'native steps/s',
    ...(previous ? ['native vs before'] : [])], engineLines);

// Against the primitives: bulletin's work on std::mutex / std::shared_mutex and in Go.
const primitiveLines = [];
for (const [name, floor] of Object.entries(primitives)) {
  const workload = name.replace(/^std\//, '');
  const racelab = engineNative[`threads/${workload}`]?.ops_per_s;
  const goRate = go[`go/${workload}`]?.ops_per_s;
  const row = { section: 'primitives', name: workload, std_ops_per_s: floor.ops_per_s,
    racelab_ops_per_s: racelab ?? null, go_ops_per_s: goRate ?? null,
    racelab_over_std: ratio(racelab, floor.ops_per_s),
    go_over_std: ratio(goRate, floor.ops_per_s) };
  rows.push(row);
  primitiveLines.push([workload, figure(floor.ops_per_s), figure(racelab), figure(goRate),
    showRatio(row.racelab_over_std), showRatio(row.go_over_std)]);
}
table('Against the primitives: bulletin at 99 % reads, operations per second (native)',
  ['workload', 'std (a thread per desk)', 'racelab threads engine', 'Go goroutines',
    'racelab/std', 'Go/std'], primitiveLines);

// The race detector.
const raceLines = [];
for (const [name, native] of Object.entries(raceNative)) {
  const wasm = raceWasm[name];
  const row = { section: 'race detector', name, native_events_per_s: native.events_per_s,
    wasm_events_per_s: wasm?.events_per_s ?? null,
    wasm_over_native: ratio(wasm?.events_per_s, native.events_per_s) };
  rows.push(row);
  raceLines.push([`${name} (${si(wasm?.events ?? 1e6)} events)`, figure(native.events_per_s),
    figure(wasm?.events_per_s), showRatio(row.wasm_over_native)]);
}
table('Race detector: events analysed per second', ['trace', 'native', 'wasm', 'wasm/native'],
  raceLines);

// Start-up.
const startupLines = [];
const baseline = Object.values(startup)[0];
for (const [name, entry] of Object.entries(startup)) {
  rows.push({ section: 'start-up', name, gzip_kb: entry.gzip_kb,
    first_frame_ms: entry.first_frame_ms,
    over_first: ratio(entry.first_frame_ms, baseline.first_frame_ms) });
  const ms = (value) => value.toFixed(0);
  startupLines.push([name, entry.gzip_kb.toFixed(0), figure(entry.first_frame_ms, ms),
    showRatio(ratio(entry.first_frame_ms, baseline.first_frame_ms))]);
}
table('Start-up in headless Chromium: download and time to the first drawn frame',
  ['page/build', 'gzip KB', 'first frame ms', 'vs first row'], startupLines);

// --- the file -------------------------------------------------------------------------------

let commit = 'unknown';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
} catch { /* not a clone: the figures still stand */ }
const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, kernel: release(),
  node: process.version };
const result = { date: new Date().toISOString(), commit, machine, rows };
console.log(`\nmachine: ${machine.cpu}, ${machine.cores} cores, Linux ${machine.kernel}; ` +
  `commit ${commit}`);
if (out) {
  writeFileSync(out, `${JSON.stringify(result, null, 1)}\n`);
  console.log(`figures written to ${out}`);
}
