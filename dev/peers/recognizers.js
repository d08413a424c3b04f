#!/usr/bin/env node
// Dev-only peer: Microsoft Recognizers-Text (npm @microsoft/recognizers-text-suite and
// its component packages), English culture. Never a product dependency, never run by CI.
//
// stdin:  JSON Lines {"id": ..., "text": "...", "ref_date"?: "YYYY-MM-DD"}
// stdout: JSON Lines {"id": ..., "mentions": [{"kind", "start", "end", "text", "value",
//         "unit", "peer_type", ...}]}, one line per input line, in order.
//
// Offsets are Unicode code points, end exclusive. Recognizers works on a preprocessed copy
// of the text (fullwidth digits recoded one for one, then String.prototype.toLowerCase,
// which can lengthen the string, e.g. U+0130) and reports UTF-16 offsets into that copy,
// end inclusive; both are mapped back to code points of the original here, and `text` is
// always cut from the original (Recognizers' own `text` is lower-cased).
//
// Options:
//   --models a,b,...   subset of number,ordinal,percentage,currency,dimension,age,
//                      temperature,datetime (default: all of them)
//   --ref-date D       reference date (YYYY-MM-DD) for records without ref_date
//                      (default: today, as Recognizers itself does)
//   --stats            print one timing line to stderr at the end
'use strict';

const readline = require('readline');

const tLoad0 = process.hrtime.bigint();
const Suite = require('@microsoft/recognizers-text-suite');
// The suite re-exports the recognize* convenience functions, which build a new recognizer
// on every call; its component packages (its own dependencies, pinned in package.json to
// the versions the suite uses) expose the recognizer classes so models are built once.
const { NumberRecognizer } = require('@microsoft/recognizers-text-number');
const { NumberWithUnitRecognizer } = require('@microsoft/recognizers-text-number-with-unit');
const { DateTimeRecognizer } = require('@microsoft/recognizers-text-date-time');

const CULTURE = Suite.Culture.English;

function parseArgs(argv) {
  const opts = { models: null, refDate: null, stats: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--models') opts.models = argv[++i].split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--ref-date') opts.refDate = argv[++i];
    else if (a === '--stats') opts.stats = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(require('fs').readFileSync(__filename, 'utf8').split('\n')
        .filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n') + '\n');
      process.exit(0);
    } else {
      process.stderr.write(`recognizers.js: unknown argument ${a}\n`);
      process.exit(2);
    }
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));

const ALL_MODELS = ['number', 'ordinal', 'percentage', 'currency', 'dimension', 'age',
  'temperature', 'datetime'];
const wanted = opts.models || ALL_MODELS;
for (const m of wanted) {
  if (!ALL_MODELS.includes(m)) {
    process.stderr.write(`recognizers.js: unknown model ${m} (known: ${ALL_MODELS.join(',')})\n`);
    process.exit(2);
  }
}

const numRec = new NumberRecognizer(CULTURE);
const unitRec = new NumberWithUnitRecognizer(CULTURE);
const dtRec = new DateTimeRecognizer(CULTURE);
const builders = {
  number: () => numRec.getNumberModel(CULTURE, false),
  ordinal: () => numRec.getOrdinalModel(CULTURE, false),
  percentage: () => numRec.getPercentageModel(CULTURE, false),
  currency: () => unitRec.getCurrencyModel(CULTURE, false),
  dimension: () => unitRec.getDimensionModel(CULTURE, false),
  age: () => unitRec.getAgeModel(CULTURE, false),
  temperature: () => unitRec.getTemperatureModel(CULTURE, false),
  datetime: () => dtRec.getDateTimeModel(CULTURE, false),
};
const models = wanted.map((name) => ({ name, model: builders[name]() }));
const loadSeconds = Number(process.hrtime.bigint() - tLoad0) / 1e9;

// ---------------------------------------------------------------------------------------
// Offsets

// Recognizers' recoding (QueryProcessor.preProcess) maps single UTF-16 units to single
// units, so only lower-casing can change lengths.
function needsMap(text) {
  if (text.toLowerCase().length !== text.length) return true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

// Per record: code points of the original, and for each UTF-16 unit of the lower-cased
// copy the index of the original code point it came from (plus a final sentinel).
function buildMaps(text) {
  const cps = Array.from(text);
  const lowMap = [];
  const rawMap = [];
  cps.forEach((ch, i) => {
    const lower = ch.toLowerCase();
    for (let k = 0; k < lower.length; k++) lowMap.push(i);
    for (let k = 0; k < ch.length; k++) rawMap.push(i);
  });
  lowMap.push(cps.length);
  rawMap.push(cps.length);
  return { cps, lowMap, rawMap };
}

// The same one-for-one recoding as QueryProcessor.preProcess, then lower case: what a
// result's own `text` is compared with to check a placed span.
const RECODE = { '０': '0', '１': '1', '２': '2', '３': '3', '４': '4', '５': '5', '６': '6',
  '７': '7', '８': '8', '９': '9', '：': ':', '－': '-', '，': ',', '／': '/', 'Ｇ': 'G',
  'Ｍ': 'M', 'Ｔ': 'T', 'Ｋ': 'K', 'ｋ': 'k', '．': '.', '（': '(', '）': ')', '％': '%',
  '、': ',' };
const RECODE_RE = new RegExp(`[${Object.keys(RECODE).join('')}]`, 'g');
function norm(s) {
  return s.replace(RECODE_RE, (c) => RECODE[c]).toLowerCase();
}

// Returns [start, end, approx] in code points (end exclusive), or null when the span
// cannot be placed; approx is true when the placed text does not match the result's.
function placeSpan(text, maps, r) {
  const len = typeof r.text === 'string' && r.text.length > 0 ? r.text.length : r.end - r.start + 1;
  const s16 = r.start;
  const e16 = s16 + len; // exclusive, in the preprocessed string's units
  const want = norm(r.text || '');
  if (maps === null) {
    if (s16 < 0 || e16 > text.length) return null;
    return [s16, e16, norm(text.substring(s16, e16)) !== want];
  }
  // Try the lower-cased copy first (what the models parse), then raw UTF-16 indices.
  for (const map of [maps.lowMap, maps.rawMap]) {
    if (s16 < 0 || e16 > map.length - 1) continue;
    const s = map[s16];
    const e = map[e16 - 1] + 1;
    if (norm(maps.cps.slice(s, e).join('')) === want) return [s, e, false];
  }
  // Should not happen; keep the mention but flag its span as approximate.
  const s = maps.lowMap[Math.min(s16, maps.lowMap.length - 1)];
  const e = maps.lowMap[Math.min(e16 - 1, maps.lowMap.length - 2)] + 1;
  return s < e ? [s, e, true] : null;
}

// ---------------------------------------------------------------------------------------
// Kinds and values

function mapKind(modelName, typeName) {
  switch (modelName) {
    case 'number': return 'number';
    case 'ordinal': return 'ordinal';
    case 'percentage': return 'percent';
    case 'currency': return 'money';
    case 'dimension':
    case 'age':
    case 'temperature': return 'quantity';
    case 'datetime': {
      const sub = typeName.replace(/^datetimeV2\./, '');
      // date, daterange, time, timerange, datetime, datetimerange, set ... are all 'date'
      // for us (spaCy's TIME maps to date too); the raw type stays in peer_type.
      return sub === 'duration' ? 'duration' : 'date';
    }
    default: return modelName;
  }
}

function toNumber(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const s = String(v).trim().replace(/%$/, '');
  if (s === '' || !/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function mention(modelName, r, span, text, maps) {
  const kind = mapKind(modelName, r.typeName);
  const [start, end, approx] = span;
  const surface = maps ? maps.cps.slice(start, end).join('') : text.substring(start, end);
  const res = r.resolution || {};
  const m = {
    kind, start, end, text: surface, value: null, unit: null, peer_type: r.typeName,
  };
  if (approx) m.offset_approx = true;
  if (modelName === 'datetime') {
    const values = Array.isArray(res.values) ? res.values : [];
    const first = values[0] || {};
    // value: the TIMEX expression (ISO 8601-like, e.g. "2019", "2020-06-12", "XXXX-03-03",
    // "P25Y"); resolved: what Recognizers resolved it to against the reference date.
    m.value = first.timex !== undefined ? first.timex : null;
    if (first.value !== undefined) m.resolved = first.value;
    else if (first.start !== undefined || first.end !== undefined) {
      m.resolved = { start: first.start === undefined ? null : first.start,
        end: first.end === undefined ? null : first.end };
    }
    if (kind === 'duration' && first.value !== undefined) {
      m.seconds = toNumber(first.value);
    }
    m.peer_resolution = values;
  } else {
    const n = toNumber(res.value);
    m.value = n !== null ? n : (res.value === undefined ? null : res.value);
    if (modelName === 'percentage') m.unit = '%';
    else if (modelName === 'currency') {
      m.unit = res.isoCurrency || res.unit || null;
      if (res.unit !== undefined) m.peer_unit = res.unit;
    } else if (res.unit !== undefined) m.unit = res.unit;
  }
  return m;
}

function refDateOf(rec) {
  const s = typeof rec.ref_date === 'string' ? rec.ref_date : opts.refDate;
  if (s) {
    const mm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!mm) throw new Error(`bad ref_date ${JSON.stringify(s)} (want YYYY-MM-DD)`);
    return new Date(Number(mm[1]), Number(mm[2]) - 1, Number(mm[3]));
  }
  return new Date();
}

function extract(rec) {
  const text = typeof rec.text === 'string' ? rec.text : '';
  const refDate = refDateOf(rec);
  const maps = needsMap(text) ? buildMaps(text) : null;
  const out = [];
  const seen = new Set();
  let unplaced = 0;
  let approx = 0;
  for (const { name, model } of models) {
    const results = name === 'datetime' ? model.parse(text, refDate) : model.parse(text);
    for (const r of results) {
      const span = placeSpan(text, maps, r);
      if (span === null) { unplaced++; continue; }
      if (span[2]) approx++;
      const m = mention(name, r, span, text, maps);
      const key = `${m.kind}\u0000${m.start}\u0000${m.end}\u0000${m.peer_type}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(m);
    }
  }
  out.sort((a, b) => a.start - b.start || b.end - a.end || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  return { mentions: out, unplaced, approx };
}

// ---------------------------------------------------------------------------------------
// Main loop

async function main() {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let records = 0;
  let chars = 0;
  let mentionsTotal = 0;
  let unplacedTotal = 0;
  let approxTotal = 0;
  let errors = 0;
  let procNs = 0n;
  let buf = [];
  const flush = async () => {
    if (buf.length === 0) return;
    const chunk = buf.join('');
    buf = [];
    if (!process.stdout.write(chunk)) {
      await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  };
  for await (const line of rl) {
    if (line.trim() === '') continue;
    let rec;
    let outLine;
    try {
      rec = JSON.parse(line);
      const t0 = process.hrtime.bigint();
      const { mentions, unplaced, approx } = extract(rec);
      procNs += process.hrtime.bigint() - t0;
      records++;
      if (typeof rec.text === 'string') {
        for (const _ of rec.text) chars++; // eslint-disable-line no-unused-vars
      }
      mentionsTotal += mentions.length;
      unplacedTotal += unplaced;
      approxTotal += approx;
      outLine = JSON.stringify({ id: rec.id === undefined ? null : rec.id, mentions });
    } catch (err) {
      errors++;
      outLine = JSON.stringify({ id: rec && rec.id !== undefined ? rec.id : null, mentions: [],
        error: String(err && err.message ? err.message : err) });
    }
    buf.push(outLine, '\n');
    if (buf.length >= 512) await flush();
  }
  await flush();
  if (opts.stats) {
    const procS = Number(procNs) / 1e9;
    process.stderr.write(`peer=recognizers records=${records} chars=${chars} ` +
      `mentions=${mentionsTotal} unplaced=${unplacedTotal} offset_approx=${approxTotal} ` +
      `errors=${errors} ` +
      `load_s=${loadSeconds.toFixed(3)} proc_s=${procS.toFixed(3)} ` +
      `proc_chars_per_s=${procS > 0 ? Math.round(chars / procS) : 0}\n`);
  }
}

process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main().catch((err) => {
  process.stderr.write(`recognizers.js: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
