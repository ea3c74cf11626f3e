// Draws a state machine from its ASL as SVG: a layered layout (longest path from StartAt over Next, Default, Choices and
// Catch edges, back edges ignored), Parallel and Map states as boxes with their branches laid out inside.
'use strict';

const NODE_W = 210, NODE_H = 50, GAP_X = 28, GAP_Y = 44, PAD = 14, HEAD = 30, BRANCH_GAP = 20;

const OUTCOMES = {
  succeeded: { icon: '✓', label: 'succeeded' },
  retried: { icon: '↻', label: 'retried' },
  caught: { icon: '⤳', label: 'caught' },
  failed: { icon: '✗', label: 'failed' },
  running: { icon: '▶', label: 'running' },
  notReached: { icon: '○', label: 'not reached' },
};

function outcomeOf(name, runs) {
  const run = runs[name];
  if (!run) return { key: 'notReached', text: '○ not reached' };
  const o = OUTCOMES[run.outcome] || OUTCOMES.running;
  let text = o.icon + ' ' + o.label;
  if (run.outcome === 'retried') text += ' ' + run.failures.length + '×';
  if (run.outcome === 'caught' && run.error) text += ': ' + run.error;
  if (run.outcome === 'failed' && run.beforeRedrive) text += ' before redrive';
  if (run.outcome === 'failed' && run.error && !run.beforeRedrive) text += ': ' + run.error;
  return { key: run.outcome, text };
}

function edgesOf(state) {
  const out = [];
  if (state.Next) out.push({ to: state.Next, kind: 'next' });
  for (const choice of state.Choices || []) if (choice.Next) out.push({ to: choice.Next, kind: 'choice' });
  if (state.Default) out.push({ to: state.Default, kind: 'default' });
  for (const c of state.Catch || []) out.push({ to: c.Next, kind: 'catch', label: (c.ErrorEquals || []).join(', ') });
  return out;
}

function branchesOf(state) {
  if (state.Type === 'Parallel') return state.Branches || [];
  if (state.Type === 'Map') return [state.ItemProcessor || state.Iterator].filter(Boolean);
  return [];
}

// Lays out one scope (StartAt + States); returns its size and positioned nodes relative to (0, 0).
function layoutScope(scope) {
  const states = scope.States || {};
  const names = Object.keys(states);
  const order = [], seen = new Set(), onStack = new Set(), back = new Set();
  const visit = name => {
    if (!states[name] || seen.has(name)) return;
    seen.add(name); onStack.add(name);
    for (const e of edgesOf(states[name])) {
      if (onStack.has(e.to)) back.add(name + '→' + e.to); else visit(e.to);
    }
    onStack.delete(name); order.unshift(name);
  };
  visit(scope.StartAt);
  for (const n of names) if (!seen.has(n)) visit(n);

  const layer = {};
  for (const n of order) layer[n] = layer[n] || 0;
  for (const n of order) {
    for (const e of edgesOf(states[n])) {
      if (!states[e.to] || back.has(n + '→' + e.to)) continue;
      layer[e.to] = Math.max(layer[e.to] || 0, layer[n] + 1);
    }
  }

  const nodes = {};
  for (const n of order) {
    const state = states[n];
    const inner = branchesOf(state).map(layoutScope);
    let w = NODE_W, h = NODE_H;
    if (inner.length) {
      w = Math.max(NODE_W, inner.reduce((s, b) => s + b.w, 0) + BRANCH_GAP * (inner.length - 1) + 2 * PAD);
      h = HEAD + PAD + Math.max(...inner.map(b => b.h)) + PAD;
    }
    nodes[n] = { name: n, state, w, h, inner, layer: layer[n] };
  }

  const rows = [];
  for (const n of order) (rows[layer[n]] = rows[layer[n]] || []).push(nodes[n]);
  // One barycentre pass: order each row by where its predecessors sit, which removes most crossings here.
  const preds = {};
  for (const n of order) for (const e of edgesOf(states[n])) if (states[e.to]) (preds[e.to] = preds[e.to] || []).push(n);
  for (let r = 1; r < rows.length; r++) {
    if (!rows[r]) continue;
    const pos = {};
    (rows[r - 1] || []).forEach((node, i) => { pos[node.name] = i; });
    const key = node => {
      const ps = (preds[node.name] || []).filter(p => p in pos);
      return ps.length ? ps.reduce((s, p) => s + pos[p], 0) / ps.length : 1e6;
    };
    rows[r].sort((a, b) => key(a) - key(b));
  }

  const rowWidths = rows.map(row => row ? row.reduce((s, n) => s + n.w, 0) + GAP_X * (row.length - 1) : 0);
  const width = Math.max(NODE_W, ...rowWidths);
  let y = 0;
  rows.forEach((row, r) => {
    if (!row) return;
    let x = (width - rowWidths[r]) / 2;
    const rowH = Math.max(...row.map(n => n.h));
    for (const node of row) { node.x = x; node.y = y; x += node.w + GAP_X; }
    y += rowH + GAP_Y;
  });
  const edges = [];
  for (const n of order) for (const e of edgesOf(states[n])) if (nodes[e.to]) edges.push(Object.assign({ from: n, back: back.has(n + '→' + e.to) }, e));
  return { w: width, h: Math.max(0, y - GAP_Y), nodes: Object.values(nodes), edges, byName: nodes };
}

// Renders the layout into an <svg>; onSelect(name) is called on click or Enter/Space on a state.
function drawGraph(definition, runs, selected, onSelect) {
  const layout = layoutScope(definition);
  const margin = 16;
  const root = svg('svg', {
    class: 'graph', width: layout.w + 2 * margin + 60, height: layout.h + 2 * margin,
    viewBox: `0 0 ${layout.w + 2 * margin + 60} ${layout.h + 2 * margin}`, role: 'group', 'aria-label': 'State machine graph',
  });
  const defs = svg('defs', {},
    svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrowhead' })));
  root.append(defs);
  const g = svg('g', { transform: `translate(${margin},${margin})` });
  root.append(g);
  drawScope(g, layout, runs, selected, onSelect);
  return root;
}

function drawScope(parent, layout, runs, selected, onSelect) {
  const edgeLayer = svg('g', { class: 'edges', 'aria-hidden': 'true' });
  parent.append(edgeLayer);
  for (const e of layout.edges) {
    const a = layout.byName[e.from], b = layout.byName[e.to];
    const sx = a.x + a.w / 2, sy = a.y + a.h, tx = b.x + b.w / 2, ty = b.y;
    let d;
    if (e.back || b.layer <= a.layer) {
      const side = Math.max(a.x + a.w, b.x + b.w) + 30;
      d = `M ${a.x + a.w} ${a.y + a.h / 2} C ${side} ${a.y + a.h / 2}, ${side} ${b.y + b.h / 2}, ${b.x + b.w} ${b.y + b.h / 2}`;
    } else {
      const bend = Math.max(20, (ty - sy) / 2);
      d = `M ${sx} ${sy} C ${sx} ${sy + bend}, ${tx} ${ty - bend}, ${tx} ${ty}`;
    }
    const reached = runs[e.from] && runs[e.to];
    edgeLayer.append(svg('path', { d, class: 'edge edge-' + e.kind + (reached ? ' edge-taken' : ''), 'marker-end': 'url(#arrow)' }));
    if (e.kind === 'catch' && e.label) {
      const label = e.label.length > 28 ? e.label.slice(0, 27) + '…' : e.label;
      edgeLayer.append(svg('text', { x: (sx + tx) / 2 + 6, y: (sy + ty) / 2, class: 'edge-label' }, 'catch ' + label));
    }
  }
  for (const node of layout.nodes) {
    const o = outcomeOf(node.name, runs);
    const group = svg('g', {
      class: 'state outcome-' + o.key + (node.inner.length ? ' container' : '') + (selected === node.name ? ' selected' : ''),
      transform: `translate(${node.x},${node.y})`, tabindex: 0, role: 'button', 'data-state': node.name,
      'aria-label': `${node.name} (${node.state.Type}): ${o.text}`, 'aria-pressed': selected === node.name ? 'true' : 'false',
    });
    group.append(svg('title', {}, `${node.name} (${node.state.Type}) — ${o.text}`));
    group.append(svg('rect', { width: node.w, height: node.h, rx: node.inner.length ? 10 : 8, class: 'box' }));
    const nameY = node.inner.length ? 19 : 21;
    group.append(svg('text', { x: 10, y: nameY, class: 'name' }, fit(node.name, node.w - 20, 7.6)));
    if (node.inner.length) {
      group.append(svg('text', { x: node.w - 10, y: nameY, class: 'outcome', 'text-anchor': 'end' }, node.state.Type + ' · ' + fit(o.text, 160, 6.6)));
    } else {
      group.append(svg('text', { x: 10, y: 40, class: 'outcome' }, fit(o.text, node.w - 20, 6.6)));
    }
    group.addEventListener('click', ev => { ev.stopPropagation(); onSelect(node.name); });
    group.addEventListener('keydown', ev => {
      if (ev.target !== group) return;
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); onSelect(node.name); }
    });
    parent.append(group);
    if (node.inner.length) {
      let x = PAD + (node.w - 2 * PAD - (node.inner.reduce((s, b) => s + b.w, 0) + BRANCH_GAP * (node.inner.length - 1))) / 2;
      for (const branch of node.inner) {
        const inner = svg('g', { transform: `translate(${node.x + x},${node.y + HEAD + PAD})`, class: 'branch' });
        parent.append(inner);
        drawScope(inner, branch, runs, selected, onSelect);
        x += branch.w + BRANCH_GAP;
      }
    }
  }
}

function fit(text, width, charWidth) {
  const max = Math.floor(width / charWidth);
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}
