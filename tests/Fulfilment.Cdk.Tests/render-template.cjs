// Renders an API Gateway mapping template with velocityjs, standing in for API Gateway's Java Velocity:
//   node render-template.cjs <velocityjs module dir> <template file> <request json file>
// The request file gives the context ($context), headers, and the body. $util mimics API Gateway's helpers:
// escapeJavaScript is Apache Commons' escapeJavaScript (escapes " ' \ / and control characters, non-ASCII as \uXXXX)
// and String.replaceAll takes a Java regex, as the template's workaround for \' relies on.
'use strict';
const fs = require('fs');
const { render } = require(process.argv[2]);
const template = fs.readFileSync(process.argv[3], 'utf8');
const request = JSON.parse(fs.readFileSync(process.argv[4], 'utf8'));

// Java's String.replaceAll takes a regex; JavaScript's takes a plain string. This process only renders templates.
// eslint-disable-next-line no-extend-native
String.prototype.replaceAll = function (pattern, replacement) {
  return this.replace(new RegExp(pattern, 'g'), replacement);
};

// Java's String.matches is a whole-string regex match.
// eslint-disable-next-line no-extend-native
String.prototype.matches = function (pattern) {
  return new RegExp('^(?:' + pattern + ')$').test(this);
};

function escapeJavaScript(value) {
  let out = '';
  for (const ch of String(value)) {
    const code = ch.codePointAt(0);
    if (ch === '"' || ch === "'" || ch === '\\' || ch === '/') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) {
      const units = code > 0xffff ? [0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff)] : [code];
      out += units.map(u => '\\u' + u.toString(16).toUpperCase().padStart(4, '0')).join('');
    } else out += ch;
  }
  return out;
}

const context = Object.assign({ responseOverride: { header: {}, status: null } }, request.context);
const output = render(template, {
  context,
  input: {
    params: name => request.headers[name] ?? '',
    json: path => {
      if (path !== '$') throw new Error('only $input.json(\'$\') is supported here');
      return JSON.stringify(request.body);
    },
  },
  util: { escapeJavaScript, urlEncode: encodeURIComponent },
});
process.stdout.write(JSON.stringify({ output, headers: context.responseOverride.header }));
