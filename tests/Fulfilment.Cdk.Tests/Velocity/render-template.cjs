// Renders API Gateway mapping templates with velocityjs (a JavaScript Velocity), beside VelocityHarness.java (Java):
//   node render-template.cjs <velocityjs module dir> <jobs.json> <results.json>
// Same protocol as the Java harness: jobs are {template, context, params: {path, querystring, header}, body,
// stageVariables}; each answers {output, responseOverride} or {error}. $input and $util behave as the Java harness's
// (which follows the API Gateway developer guide), so that any difference in the output is the engines' own:
//   escapeJavaScript is Apache Commons Lang 2.6 StringEscapeUtils.escapeJavaScript, unit for unit;
//   $input.json re-serializes with the Java harness's writer, keeping member order (JSON.parse would move
//   integer-like keys first); urlEncode/urlDecode are java.net.URLEncoder/URLDecoder (UTF-8);
//   String.replaceAll and String.matches take Java regular expressions (the subset the templates use).
'use strict';
const fs = require('fs');
const { render } = require(process.argv[2]);
const jobs = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));

// Java's String.replaceAll takes a regex; JavaScript's takes a plain string. This process only renders templates.
// eslint-disable-next-line no-extend-native
String.prototype.replaceAll = function (pattern, replacement) {
  return this.replace(new RegExp(pattern, 'g'), replacement.replace(/\$/g, '$$$$'));
};

// Java's String.matches is a whole-string regex match.
// eslint-disable-next-line no-extend-native
String.prototype.matches = function (pattern) {
  return new RegExp('^(?:' + pattern + ')$').test(this);
};

const hex = (unit, width) => unit.toString(16).toUpperCase().padStart(width, '0');

// org.apache.commons.lang.StringEscapeUtils.escapeJavaScript (2.6): per UTF-16 unit; 0x7F is written as it is.
function escapeJavaScript(value) {
  if (value === null || value === undefined) return value;
  const text = String(value);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const ch = text[i];
    if (unit > 0x7f) out += '\\u' + hex(unit, 4);
    else if (unit < 32) {
      out += { '\b': '\\b', '\n': '\\n', '\t': '\\t', '\f': '\\f', '\r': '\\r' }[ch] ?? '\\u' + hex(unit, 4);
    } else if (ch === "'" || ch === '"' || ch === '\\' || ch === '/') out += '\\' + ch;
    else out += ch;
  }
  return out;
}

// An order-keeping JSON reader: objects are {members: [[name, value], ...]}, numbers keep their text.
function parseJson(text) {
  let at = 0;
  const fail = message => { throw new Error(`JSON ${message} at offset ${at}`); };
  const space = () => { while (at < text.length && ' \t\r\n'.includes(text[at])) at++; };
  const expect = c => { if (text[at] !== c) fail(`expected '${c}'`); at++; };
  function string() {
    let out = '';
    at++;
    for (;;) {
      if (at >= text.length) fail('unterminated string');
      const c = text[at++];
      if (c === '"') return out;
      if (c.charCodeAt(0) < 0x20) fail('control character in a string');
      if (c !== '\\') { out += c; continue; }
      const e = text[at++];
      const simple = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[e];
      if (simple !== undefined) out += simple;
      else if (e === 'u') { out += String.fromCharCode(parseInt(text.slice(at, at + 4), 16)); at += 4; }
      else fail('bad escape \\' + e);
    }
  }
  function value() {
    space();
    const c = text[at];
    if (c === '{') {
      at++; space();
      const members = [];
      if (text[at] === '}') { at++; return { members }; }
      for (;;) {
        space();
        if (text[at] !== '"') fail('expected a member name');
        const name = string(); space(); expect(':');
        members.push([name, value()]); space();
        if (text[at] === ',') at++; else { expect('}'); return { members }; }
      }
    }
    if (c === '[') {
      at++; space();
      const items = [];
      if (text[at] === ']') { at++; return items; }
      for (;;) {
        items.push(value()); space();
        if (text[at] === ',') at++; else { expect(']'); return items; }
      }
    }
    if (c === '"') return string();
    for (const [word, literal] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(word, at)) { at += word.length; return literal; }
    }
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(at));
    if (!match) fail('unexpected text');
    at += match[0].length;
    return { number: match[0] };
  }
  const result = value();
  space();
  if (at !== text.length) fail('unexpected text after the JSON value');
  return result;
}

const isObject = v => v !== null && typeof v === 'object' && Array.isArray(v.members);
const isNumber = v => v !== null && typeof v === 'object' && typeof v.number === 'string';

function numberText(token) {
  // Java writes Integer/Long/BigInteger values canonically; decimals would go through Double.toString, not copied here.
  if (!/^-?(0|[1-9][0-9]*)$/.test(token)) throw new Error(`decimal number ${token}: the harnesses do not promise the same text for it`);
  return BigInt(token).toString();
}

function writeString(text) {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const ch = text[i];
    const short = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' }[ch];
    out += short ?? (unit < 0x20 ? '\\u' + hex(unit, 4) : ch);
  }
  return out + '"';
}

function writeJson(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return writeString(v);
  if (typeof v === 'boolean') return String(v);
  if (isNumber(v)) return numberText(v.number);
  if (Array.isArray(v)) return '[' + v.map(writeJson).join(',') + ']';
  return '{' + v.members.map(([k, x]) => writeString(k) + ':' + writeJson(x)).join(',') + '}';
}

function plain(v) {
  if (isNumber(v)) return Number(v.number);
  if (Array.isArray(v)) return v.map(plain);
  if (isObject(v)) return Object.fromEntries(v.members.map(([k, x]) => [k, plain(x)]));
  return v;
}

// The JSONPath subset of the Java harness: $, .name, ['name'], [index].
function evaluate(document, path) {
  if (typeof path !== 'string' || !path.startsWith('$')) throw new Error('JSONPath must start with $: ' + path);
  let current = document;
  const steps = /\.([^.[]+)|\['([^']*)'\]|\[([0-9]+)\]/y;
  steps.lastIndex = 1;
  while (steps.lastIndex < path.length) {
    const m = steps.exec(path);
    if (!m || m[1] === '*') throw new Error('JSONPath not supported by this harness: ' + path);
    if (m[3] !== undefined) current = Array.isArray(current) ? current[Number(m[3])] ?? null : null;
    else {
      const name = m[1] ?? m[2];
      current = isObject(current) ? (current.members.find(([k]) => k === name) ?? [null, null])[1] : null;
    }
  }
  return current;
}

function javaUrlEncode(text) {
  let out = '';
  for (const byte of Buffer.from(String(text), 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + hex(byte, 2);
  }
  return out;
}

function renderJob(job) {
  const body = job.body ?? '';
  const params = { path: {}, querystring: {}, header: {} };
  for (const where of Object.keys(params)) Object.assign(params[where], (job.params ?? {})[where] ?? {});
  const context = Object.assign({}, job.context ?? {}, { responseOverride: { header: {} } });
  const input = {
    body,
    json: path => writeJson(evaluate(parseJson(body), path)),
    path: path => plain(evaluate(parseJson(body), path)),
    params: name => {
      if (name === undefined) return params;
      for (const where of ['path', 'querystring', 'header']) {
        if (Object.prototype.hasOwnProperty.call(params[where], name)) return String(params[where][name]);
        if (where === 'header') {
          const key = Object.keys(params.header).find(k => k.toLowerCase() === String(name).toLowerCase());
          if (key !== undefined) return String(params.header[key]);
        }
      }
      return '';
    },
  };
  const util = {
    escapeJavaScript,
    parseJson: text => plain(parseJson(text)),
    urlEncode: javaUrlEncode,
    urlDecode: text => decodeURIComponent(String(text).replace(/\+/g, ' ')),
    base64Encode: text => Buffer.from(String(text), 'utf8').toString('base64'),
    base64Decode: text => Buffer.from(String(text), 'base64').toString('utf8'),
  };
  try {
    const output = render(job.template, { context, input, util, stageVariables: job.stageVariables ?? {} });
    return { output, responseOverride: context.responseOverride };
  } catch (e) {
    return { error: `${e.name}: ${e.message}` };
  }
}

fs.writeFileSync(process.argv[4], JSON.stringify(jobs.map(renderJob)));
