// The router: #/executions, #/executions/<name>, #/orders/<id>, #/stock, #/dlq. One view at a time; polling views refresh
// on a timer that stops when the view changes.
'use strict';

let current = { token: 0, timer: null };

function route() {
  const hash = location.hash.replace(/^#/, '') || '/executions';
  const [path, query] = hash.split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'executions' && parts[1]) return { nav: 'executions', view: executionView(parts[1]) };
  if (parts[0] === 'orders' && parts[1]) return { nav: '', view: orderView(parts[1]) };
  if (parts[0] === 'stock') return { nav: 'stock', view: stockView() };
  if (parts[0] === 'dlq') return { nav: 'dlq', view: dlqView() };
  return { nav: 'executions', view: executionsView(params) };
}

async function show() {
  clearTimeout(current.timer);
  const token = ++current.token;
  const { nav, view } = route();
  for (const a of document.querySelectorAll('[data-nav]')) {
    if (a.getAttribute('data-nav') === nav) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  document.title = view.title + ' · Fulfilment console';
  const main = document.getElementById('main');
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  main.replaceChildren(error, ...view.nodes);
  const tick = async () => {
    if (token !== current.token) return;
    try {
      await view.refresh();
      error.hidden = true;
    } catch (e) {
      error.textContent = 'Could not load: ' + e.message;
      error.hidden = false;
    }
    main.setAttribute('data-loaded', 'true');
    const every = view.pollMs();
    if (token === current.token && every > 0) current.timer = setTimeout(tick, every);
  };
  main.removeAttribute('data-loaded');
  await tick();
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('order-lookup').addEventListener('submit', ev => {
    ev.preventDefault();
    const id = document.getElementById('order-id').value.trim();
    if (id) location.hash = '#/orders/' + encodeURIComponent(id);
  });
  window.addEventListener('hashchange', show);
  show();
});
