// The console's views. Each returns a render function the router calls; polling views return a refresh too.
'use strict';

const EXECUTION_STATUSES = ['', 'RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

function executionsView(params) {
  const form = el('form', { class: 'filters', 'aria-label': 'Filter executions' },
    el('label', {}, 'Status ', el('select', { name: 'status' }, EXECUTION_STATUSES.map(s => el('option', { value: s, selected: params.get('status') === s }, s || 'any')))),
    el('label', {}, 'Error ', el('input', { name: 'error', value: params.get('error') || '', placeholder: 'e.g. CompensationFailed' })),
    el('label', {}, 'Started after ', el('input', { name: 'since', type: 'datetime-local', step: 1, value: params.get('since') || '' })),
    el('button', { type: 'submit' }, 'Apply'),
    el('label', { class: 'live' }, el('input', { type: 'checkbox', name: 'live', checked: params.get('live') !== '0' }), ' Live refresh'));
  const summary = el('p', { class: 'summary', 'aria-live': 'polite' });
  const holder = el('div', { class: 'table-holder' });
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const name of ['status', 'error', 'since']) if (form.elements[name].value) q.set(name, form.elements[name].value);
    if (!form.elements.live.checked) q.set('live', '0');
    location.hash = '#/executions' + (q.toString() ? '?' + q : '');
  });
  const query = () => {
    const q = new URLSearchParams();
    if (params.get('status')) q.set('status', params.get('status'));
    if (params.get('error')) q.set('error', params.get('error'));
    if (params.get('since')) q.set('since', new Date(params.get('since') + 'Z').toISOString());
    return q.toString();
  };
  let loaded = false;
  const refresh = async () => {
    if (loaded && !form.elements.live.checked) return;
    loaded = true;
    const list = await api('executions' + (query() ? '?' + query() : ''));
    summary.textContent = `${list.total} execution(s)${list.truncated ? ' (newest ' + list.items.length + ' shown)' : ''} · updated ${time(new Date().toISOString())}`;
    holder.replaceChildren(table(null, ['Status', 'Execution', 'Order', 'Started', 'Stopped', 'Duration', 'Failing state', 'Error', 'Redrives'],
      list.items.map(x => [
        statusBadge(x.status),
        el('a', { href: '#/executions/' + encodeURIComponent(x.name), class: 'mono' }, x.name),
        el('a', { href: '#/orders/' + encodeURIComponent(x.name), 'aria-label': 'Order ' + x.name }, 'order'),
        time(x.startDate), time(x.stopDate), duration(x.durationSeconds),
        x.failingState || '—',
        x.error ? el('span', { title: x.cause || '' }, x.error) : '—',
        String(x.redriveCount),
      ]), 'No executions match.'));
  };
  return {
    title: 'Executions',
    nodes: [el('h1', {}, 'Executions'), form, summary, holder],
    refresh,
    pollMs: () => 3000,
  };
}

function executionView(name) {
  let selected = null;
  let lastKey = '';
  let data = null;
  const header = el('div', { class: 'exec-header' });
  const graphHolder = el('div', { class: 'graph-holder', tabindex: -1 });
  const panel = el('aside', { class: 'state-panel', 'aria-live': 'polite', 'aria-label': 'Selected state' },
    el('p', { class: 'hint' }, 'Select a state (click, or Tab to it and press Enter) to see its input, output, error and retries.'));
  const legend = el('ul', { class: 'legend', 'aria-label': 'Legend' },
    Object.entries(OUTCOMES).map(([k, o]) => el('li', { class: 'outcome-' + k }, el('span', { class: 'swatch', 'aria-hidden': 'true' }), o.icon + ' ' + o.label)));
  const timeline = el('div', { class: 'timeline-holder' });

  const select = stateName => {
    selected = stateName;
    for (const node of graphHolder.querySelectorAll('.state')) {
      const on = node.getAttribute('data-state') === stateName;
      node.classList.toggle('selected', on);
      node.setAttribute('aria-pressed', on ? 'true' : 'false');
    }
    renderPanel();
  };

  const renderPanel = () => {
    if (!data || !selected) return;
    const run = data.states.find(s => s.name === selected);
    const o = outcomeOf(selected, Object.fromEntries(data.states.map(s => [s.name, s])));
    const nodes = [el('h2', {}, selected), el('p', { class: 'badge outcome-badge outcome-' + o.key }, o.text)];
    if (!run) {
      nodes.push(el('p', {}, 'This state was not reached in this execution.'));
    } else {
      nodes.push(keyValues([
        ['Entered', time(run.enteredAt)], ['Exited', time(run.exitedAt)], ['Visits', String(run.visits)],
        ['Error', run.error], ['Cause', run.cause],
      ]));
      if (run.failures.length) {
        nodes.push(el('h3', {}, `Failed attempts (${run.failures.length})`));
        nodes.push(el('ol', { class: 'attempts' }, run.failures.map(f =>
          el('li', {}, el('strong', {}, f.error || f.type), ' at ', time(f.at), f.cause ? el('pre', {}, pretty(f.cause)) : null))));
      }
      nodes.push(el('h3', {}, 'Input'), el('pre', { class: 'json' }, pretty(run.input)));
      nodes.push(el('h3', {}, 'Output'), el('pre', { class: 'json' }, pretty(run.output)));
    }
    panel.replaceChildren(...nodes);
  };

  const render = () => {
    const x = data.execution;
    const actions = el('div', { class: 'actions' });
    if (x.redriveStatus === 'REDRIVABLE') {
      actions.append(el('button', { type: 'button', class: 'primary', id: 'redrive', onclick: async () => {
        if (!await confirmAction('Redrive execution?', `Redrive ${x.name}: it restarts at the state that did not complete, with that state's input. Completed states are not rerun.`, 'Redrive')) return;
        try { await api('executions/' + encodeURIComponent(name) + '/redrive', { method: 'POST' }); toast('Redrive started.'); await refresh(); } catch (e) { toast(e.message, true); }
      } }, '↻ Redrive'));
    }
    if (x.status === 'RUNNING') {
      actions.append(el('button', { type: 'button', class: 'danger', id: 'stop', onclick: async () => {
        if (!await confirmAction('Stop execution?', `Stop ${x.name}: the running state is abandoned and the execution ends ABORTED (it can be redriven).`, 'Stop')) return;
        try { await api('executions/' + encodeURIComponent(name) + '/stop', { method: 'POST' }); toast('Execution stopped.'); await refresh(); } catch (e) { toast(e.message, true); }
      } }, '■ Stop'));
    }
    const hadFocus = document.activeElement && document.activeElement.id;
    header.replaceChildren(
      el('h1', {}, 'Execution ', el('span', { class: 'mono' }, x.name), ' ', statusBadge(x.status)),
      keyValues([
        ['Order', el('a', { href: '#/orders/' + encodeURIComponent(x.name) }, x.name)],
        ['Started', time(x.startDate)], ['Stopped', time(x.stopDate)],
        ['Duration', x.stopDate ? duration((new Date(x.stopDate) - new Date(x.startDate)) / 1000) : '—'],
        ['Failing state', data.failingState], ['Error', x.error], ['Cause', x.cause],
        ['Redrives', String(x.redriveCount)], ['Redrive', x.redriveStatus + (x.redriveStatusReason ? ' — ' + x.redriveStatusReason : '')],
      ]),
      actions);
    if (hadFocus === 'redrive' || hadFocus === 'stop') (document.getElementById(hadFocus) || header).focus?.();

    const focused = document.activeElement && document.activeElement.getAttribute && document.activeElement.getAttribute('data-state');
    const runs = Object.fromEntries(data.states.map(s => [s.name, s]));
    let definition;
    try { definition = JSON.parse(data.definition); } catch { definition = { States: {} }; }
    graphHolder.replaceChildren(drawGraph(definition, runs, selected, select));
    if (focused) graphHolder.querySelector(`[data-state="${CSS.escape(focused)}"]`)?.focus();
    renderPanel();

    const start = new Date(data.history.length ? data.history[0].timestamp : x.startDate);
    timeline.replaceChildren(el('ol', { class: 'timeline' }, data.history.map(e => {
      const kind = /Failed|TimedOut|Aborted/.test(e.type) ? 'bad' : /Succeeded|Exited/.test(e.type) ? 'good' : 'neutral';
      const details = e.details ? el('details', {}, el('summary', {}, 'details'), el('pre', { class: 'json' }, pretty(e.details))) : null;
      return el('li', { class: 'event event-' + kind },
        el('span', { class: 'offset' }, '+' + duration((new Date(e.timestamp) - start) / 1000)),
        el('span', { class: 'event-id' }, '#' + e.id),
        el('span', { class: 'event-type' }, (kind === 'bad' ? '✗ ' : kind === 'good' ? '✓ ' : '• ') + e.type),
        e.state ? el('button', { type: 'button', class: 'link', onclick: () => select(e.state) }, e.state) : null,
        e.details && e.details.error ? el('span', { class: 'event-error' }, e.details.error) : null,
        details);
    })));
  };

  const refresh = async () => {
    data = await api('executions/' + encodeURIComponent(name));
    const key = data.execution.status + '|' + data.history.length + '|' + data.execution.redriveStatus;
    if (key !== lastKey) { lastKey = key; render(); }
  };

  return {
    title: 'Execution ' + name,
    nodes: [header, el('section', { class: 'exec-body' }, el('div', { class: 'graph-col' }, legend, graphHolder), panel),
      el('h2', {}, 'History'), timeline],
    refresh,
    pollMs: () => (data && data.execution.status === 'RUNNING' ? 1500 : 5000),
  };
}

function orderView(orderId) {
  const body = el('div');
  const refresh = async () => {
    const o = await api('orders/' + encodeURIComponent(orderId));
    const order = o.order || {};
    const reservation = o.reservation;
    const payment = o.payment;
    body.replaceChildren(
      el('h1', {}, 'Order ', el('span', { class: 'mono' }, o.orderId), ' ', el('span', { class: 'badge' }, order.status || 'unknown')),
      keyValues([
        ['Execution', el('a', { href: '#/executions/' + encodeURIComponent(o.executionName) }, o.executionName)],
        ['Customer', order.customerId], ['Total', order.totalMinor !== undefined ? order.totalMinor + ' ' + (order.currency || '') + ' (minor units)' : null],
        ['Reason', order.reason], ['Correlation id', order.correlationId], ['Placed', time(order.placedAt)],
      ]),
      el('h2', {}, 'Status history'),
      o.statusHistory.length ? el('ol', { class: 'steps' }, o.statusHistory.map(s => el('li', {}, el('strong', {}, s.status), ' ', time(s.at)))) : el('p', { class: 'empty' }, 'No status recorded.'),
      el('h2', {}, 'Reservation'),
      reservation ? el('div', {}, keyValues([['Status', reservation.status], ['Reserved', time(reservation.reservedAt)], ['Updated', time(reservation.updatedAt)], ['Reason', reservation.reason]]),
        table(null, ['SKU', 'Quantity'], (reservation.lines || []).map(l => [l.sku, String(l.quantity)]))) : el('p', { class: 'empty' }, 'No reservation (rejected before reserving, or not yet reached).'),
      el('h2', {}, 'Payment record'),
      payment ? keyValues([['State', payment.state], ['Amount', payment.amountMinor + ' ' + (payment.currency || '')], ['Charge id', payment.chargeId],
        ['Refund id', payment.refundId], ['Decline code', payment.declineCode], ['Updated', time(payment.updatedAt)]]) : el('p', { class: 'empty' }, 'No payment record.'),
      el('h2', {}, 'Card processor ledger'),
      table(null, ['Kind', 'Id', 'Amount', 'Idempotency key', 'Charge', 'At'],
        o.ledger.map(l => [l.kind, l.id, l.amount + ' ' + l.currency, l.idempotencyKey, l.charge || '—', time(l.at)]), 'No ledger entries.'),
      el('h2', {}, 'Notifications sent'),
      table(null, ['Kind', 'Subject', 'Id', 'Received'], o.notifications.map(n => [n.kind, n.subject, n.notificationId, time(n.receivedAt)]), 'No notifications.'),
      el('h2', {}, 'OrderStatusChanged events'),
      table(null, ['Sequence', 'Status', 'Previous', 'Reason', 'Event id', 'Occurred'],
        o.events.map(e => { const d = e.detail || {}; return [String(d.sequence), d.status, d.previousStatus || '—', d.reason || '—', d.eventId, time(d.occurredAt)]; }), 'No events published.'));
  };
  return { title: 'Order ' + orderId, nodes: [body], refresh, pollMs: () => 0 };
}

function stockView() {
  const body = el('div');
  const refresh = async () => {
    const s = await api('stock');
    body.replaceChildren(
      el('h1', {}, 'Stock'),
      el('p', { class: 'check ' + (s.balanced ? 'ok' : 'bad'), role: 'status' },
        s.balanced ? '✓ Conservation check passed: ' : '✗ Conservation check FAILED: ',
        `for every SKU, reserved = units held by open reservations (${s.openReservations}) and sold = units of committed reservations (${s.committedReservations}); no counter is negative.`),
      table(null, ['SKU', 'Available', 'Reserved', 'Sold', 'Total', 'Held by reservations', 'Sold by reservations', 'Check'],
        s.items.map(r => [r.sku, String(r.available), String(r.reserved), String(r.sold), String(r.total), String(r.heldByReservations), String(r.soldByReservations),
          el('span', { class: r.balanced ? 'ok' : 'bad' }, r.balanced ? '✓ balanced' : '✗ ' + r.problem)]), 'No stock items.'),
      el('p', { class: 'hint' }, 'A check taken while orders are in flight reads items one by one and may differ for a moment; refresh to confirm.'));
  };
  return { title: 'Stock', nodes: [body], refresh, pollMs: () => 5000 };
}

function dlqView() {
  const body = el('div');
  const redrive = async messageId => {
    const what = messageId ? `message ${messageId}` : 'every message';
    if (!await confirmAction('Redrive dead letters?', `Send ${what} back to fulfilment-new-orders; each is deleted from the DLQ only after its copy was sent.`, 'Redrive')) return;
    try {
      const r = await api('dlq/redrive' + (messageId ? '?messageId=' + encodeURIComponent(messageId) : ''), { method: 'POST' });
      toast(`Moved ${r.moved} message(s)` + (r.failed ? `, ${r.failed} failed and stay in the DLQ` : '') + '.', r.failed > 0);
      await refresh();
    } catch (e) { toast(e.message, true); }
  };
  const refresh = async () => {
    const d = await api('dlq');
    body.replaceChildren(
      el('h1', {}, 'Dead letters'),
      keyValues([['Queue', d.queueUrl], ['Redrive to', d.sourceQueueUrl], ['Messages', String(d.messages.length) + (d.truncated ? '+' : '')]]),
      d.messages.length ? el('div', { class: 'actions' }, el('button', { type: 'button', class: 'primary', id: 'dlq-redrive-all', onclick: () => redrive(null) }, '↻ Redrive all')) : null,
      table(null, ['Message id', 'Sent', 'Receives', 'Attributes', 'Body', ''],
        d.messages.map(m => [
          el('span', { class: 'mono' }, m.messageId),
          time(m.attributes.SentTimestamp ? new Date(Number(m.attributes.SentTimestamp)).toISOString() : null),
          m.attributes.ApproximateReceiveCount || '—',
          keyValues(Object.entries(m.messageAttributes)),
          el('pre', { class: 'json small' }, pretty(m.body)),
          el('button', { type: 'button', onclick: () => redrive(m.messageId), 'aria-label': 'Redrive message ' + m.messageId }, 'Redrive'),
        ]), 'The dead-letter queue is empty.'));
  };
  return { title: 'Dead letters', nodes: [body], refresh, pollMs: () => 0 };
}
