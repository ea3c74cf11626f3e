// DOM helpers. Every value from the API goes into the page as text (textContent / text nodes), never as HTML.
'use strict';

const SVG_NS = 'http://www.w3.org/2000/svg';

function el(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

function svg(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

function build(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path, options) {
  const init = Object.assign({ headers: {} }, options || {});
  if (init.method && init.method !== 'GET') init.headers['X-Fulfilment-Console'] = '1';
  const response = await fetch('/console/api/' + path, init);
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  if (!response.ok) {
    const message = body && body.message ? body.error + ': ' + body.message : 'HTTP ' + response.status;
    throw new Error(message);
  }
  return body;
}

function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return isNaN(d) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 1) return Math.round(seconds * 1000) + ' ms';
  if (seconds < 60) return seconds.toFixed(1) + ' s';
  return Math.floor(seconds / 60) + ' min ' + Math.round(seconds % 60) + ' s';
}

function pretty(text) {
  if (text === null || text === undefined) return '—';
  if (typeof text !== 'string') return JSON.stringify(text, null, 2);
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
}

// A label and icon for every status: the page must read the same without colour.
const STATUS_LABELS = {
  SUCCEEDED: '✓ Succeeded', FAILED: '✗ Failed', RUNNING: '▶ Running', ABORTED: '■ Aborted', TIMED_OUT: '⌛ Timed out',
};

function statusBadge(status) {
  return el('span', { class: 'badge status-' + String(status).toLowerCase() }, STATUS_LABELS[status] || String(status));
}

function toast(message, isError) {
  const box = document.getElementById('status');
  box.textContent = message;
  box.className = 'toast show' + (isError ? ' error' : '');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.className = 'toast'; }, 5000);
}

function confirmAction(title, text, okLabel) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = okLabel;
  return new Promise(resolve => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = 'cancel';
    dialog.showModal();
    document.getElementById('confirm-ok').focus();
  });
}

function keyValues(pairs) {
  return el('dl', { class: 'kv' }, pairs.filter(p => p).map(([k, v]) => [el('dt', {}, k), el('dd', {}, v === null || v === undefined || v === '' ? '—' : v)]));
}

function table(caption, headers, rows, emptyText) {
  if (!rows.length) return el('p', { class: 'empty' }, emptyText || 'None.');
  return el('table', {},
    caption ? el('caption', {}, caption) : null,
    el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows.map(cells => el('tr', {}, cells.map(c => el('td', {}, c))))));
}
